"""The demo's 学习测试 and 思想动态调查: the 工委's question bank (imported through the same Excel check as the page),
a quiz issued by the first agency's 机关党委 and answered once by the demo member account (graded), and an anonymous
survey open to the same subtree; and a 知识竞赛 of that 机关党委's branches, answered by the demo accounts that are
members there (their sheets graded, the organiser's results ranked; nobody else sees a ranking). Nothing is
compulsory. Questions are invented for the demo."""

import datetime

from django.utils import timezone

from zhibu.accounts.models import User
from zhibu.core.actors import CommandActor
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.quizzes import importing, services
from zhibu.quizzes.models import Question

QUESTIONS = [
    ["单选题", "支部委员会会议一般多久召开一次？（演示题）", "每月一次", "每年一次", "", "", "", "", "A", "组织生活"],
    ["单选题", "党员汇报思想的对象是？（演示题）", "所在党组织", "所在单位人事处", "", "", "", "", "A", "党员管理"],
    [
        "多选题",
        "支部组织生活包括哪些形式？（演示题）",
        "党员大会",
        "支委会",
        "党小组会",
        "党课",
        "",
        "",
        "ABCD",
        "组织生活",
    ],
    [
        "多选题",
        "谈心谈话可以在哪些人之间开展？（演示题）",
        "支委之间",
        "支委与党员",
        "党员之间",
        "",
        "",
        "",
        "ABC",
        "组织生活",
    ],
    ["判断题", "预备党员也应当按月交纳党费。（演示题）", "", "", "", "", "", "", "对", "党费"],
    ["判断题", "主题党日只能在每月最后一天开展。（演示题）", "", "", "", "", "", "", "错", "组织生活"],
    ["填空题", "支部党员大会一般每____召开一次。（演示题）", "", "", "", "", "", "", "季度|一个季度", "组织生活"],
]
SURVEY = "单选｜您对本支部组织生活的总体感受（演示）｜很满意/满意/一般/不满意\n多选｜您希望支部多开展哪些活动（演示）｜专题学习/志愿服务/谈心谈话/参观学习\n文字｜您对支部工作的意见和建议（演示）"


class QuizzesYear:
    def __init__(self, builder):
        self.today: datetime.date = builder.today
        self.actor = CommandActor("demo")
        self.rng = builder.rng

    def build(self) -> int:
        gongwei = Organization.objects.get(kind=OrganizationKind.GONGWEI, parent=None, name__contains="演示")
        committee = gongwei.children.filter(kind=OrganizationKind.DANGWEI).order_by("path")[0]
        bank = services.create_bank(actor=self.actor, organization=gongwei, name="党内法规学习题库（演示）")
        questions, errors = importing.parse(importing.workbook(QUESTIONS))
        assert not errors, errors
        services.import_questions(actor=self.actor, bank=bank, questions=questions)
        quiz = services.create_quiz(
            actor=self.actor,
            organization=committee,
            bank=bank,
            title="组织生活制度知识测试（演示）",
            single_count=2,
            multiple_count=1,
            judge_count=1,
            fill_count=1,
            opens_on=self.today - datetime.timedelta(days=3),
            closes_on=self.today + datetime.timedelta(days=27),
            minutes=15,
            max_attempts=1,
        )
        services.create_survey(
            actor=self.actor,
            organization=committee,
            questions=SURVEY,
            title="机关党员思想动态调查（演示）",
            intro="匿名填写，只看汇总结果。",
            anonymous=True,
            opens_on=self.today - datetime.timedelta(days=1),
            closes_on=self.today + datetime.timedelta(days=29),
        )
        contest = services.create_contest(
            actor=self.actor,
            organization=committee,
            participants=[committee],
            bank=bank,
            title="党内法规知识竞赛（演示）",
            single_count=2,
            multiple_count=2,
            judge_count=2,
            fill_count=1,
            opens_on=self.today - datetime.timedelta(days=5),
            closes_on=self.today + datetime.timedelta(days=9),
            minutes=10,
            max_attempts=1,
        )
        if timezone.localdate() != self.today:
            return 0  # the sheets are timed by the real clock: only a demo of today answers them
        member_user = User.objects.filter(username="dangyuan").first()
        if member_user is not None:
            self.answer(member_user, quiz, wrong=0)
        sheets = 0
        for wrong, username in enumerate(("dangyuan", "shuji", "dangwu", "shuji2")):
            user = User.objects.filter(username=username, member__organization__path__startswith=committee.path).first()
            if user is not None:
                self.answer(user, contest.quiz, wrong=wrong)
                sheets += 1
        return sheets

    def answer(self, user: User, quiz, wrong: int) -> None:
        """A sheet with the first ``wrong`` questions answered wrongly (the rest right), so the scores differ."""
        attempt = services.start_attempt(actor=user, quiz=quiz, rng=self.rng)
        questions = Question.objects.in_bulk(attempt.question_ids)
        answers = {}
        for index, pk in enumerate(attempt.question_ids):
            right = questions[pk].answer.split("|")[0]
            answers[str(pk)] = "（答错）" if index < wrong else right
        services.submit_attempt(actor=user, attempt=attempt, answers=answers)
