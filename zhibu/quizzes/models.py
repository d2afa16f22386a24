"""Quizzes (理论测试, 知识竞赛) and opinion surveys (思想动态调查): one app, because both are a paper issued to a
subtree's members and answered on the phone side.

Quizzes: a question bank of an organisation, a quiz drawing its paper from the bank by rules (n questions per kind),
each member's timed attempts (the server holds the deadline), graded automatically.

Surveys: a questionnaire issued to a subtree. When anonymous, a ``SurveyResponse`` holds the answers and nothing that
leads back to a person: no member, no timestamp, a random primary key (an autoincrement id would line up with the
order of the ``SurveyAnswered`` rows). ``SurveyAnswered`` says who answered, to refuse a second answer, and holds no
answers."""

import datetime
import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import BaseModel
from zhibu.core.scoping import ScopedQuerySet
from zhibu.organizations.models import lineage_paths


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选题"
    MULTIPLE = "multiple", "多选题"
    JUDGE = "judge", "判断题"
    FILL = "fill", "填空题"


def _issued_to_q(user, org_paths: list[str], field: str = "organization__path") -> Q:
    """Papers issued by the member's branch or any organisation above it reach the member."""
    ancestors = {path for own in org_paths for path in lineage_paths(own)}
    return Q(**{f"{field}__in": sorted(ancestors)})


class QuestionBank(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="所属党组织", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("题库名称", max_length=100)

    objects: ClassVar[models.Manager["QuestionBank"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["organization__path", "name"]
        verbose_name = "题库"
        verbose_name_plural = "题库"
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="one_bank_name_per_org")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("quizzes:bank", args=[self.pk])


class Question(BaseModel):
    bank = models.ForeignKey(QuestionBank, verbose_name="题库", on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField("题型", max_length=8, choices=QuestionKind.choices)
    text = models.TextField("题干")
    options = models.JSONField("选项", default=list, blank=True, help_text="单选、多选题的选项，依次为A、B、C……")
    # single: "B"; multiple: "ACD"; judge: "对"/"错"; fill: accepted answers separated by "|".
    answer = models.CharField("答案", max_length=200)
    tag = models.CharField("标签", max_length=30, blank=True)

    objects: ClassVar[models.Manager["Question"]] = ScopedQuerySet.as_manager()
    scope_path = "bank__organization__path"

    class Meta:
        ordering = ["bank", "id"]
        verbose_name = "试题"
        verbose_name_plural = "试题"

    def __str__(self) -> str:
        return self.text[:30]

    def audit_organization(self):
        return self.bank.organization


class Quiz(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("测试名称", max_length=100)
    bank = models.ForeignKey(QuestionBank, verbose_name="题库", on_delete=models.PROTECT, related_name="+")
    single_count = models.PositiveSmallIntegerField("单选题数", default=0)
    multiple_count = models.PositiveSmallIntegerField("多选题数", default=0)
    judge_count = models.PositiveSmallIntegerField("判断题数", default=0)
    fill_count = models.PositiveSmallIntegerField("填空题数", default=0)
    tag = models.CharField("限定标签", max_length=30, blank=True, help_text="只从带此标签的试题中抽题；不填则不限")
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    minutes = models.PositiveSmallIntegerField("答题时限（分钟）", default=30)
    max_attempts = models.PositiveSmallIntegerField("允许作答次数", default=1)
    pass_score = models.PositiveSmallIntegerField("及格分（百分制）", default=60)

    objects: ClassVar[models.Manager["Quiz"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = "测试"
        verbose_name_plural = "测试"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:quiz", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user, org_paths):
        # A 知识竞赛 reaches only the members of the organisations chosen to take part.
        ancestors = sorted({path for own in org_paths for path in lineage_paths(own)})
        taking_part = Contest.objects.filter(participants__path__in=ancestors).values("quiz_id")
        return _issued_to_q(user, org_paths) & (Q(contest__isnull=True) | Q(pk__in=taking_part))

    def counts(self) -> dict[str, int]:
        return {
            QuestionKind.SINGLE: self.single_count,
            QuestionKind.MULTIPLE: self.multiple_count,
            QuestionKind.JUDGE: self.judge_count,
            QuestionKind.FILL: self.fill_count,
        }

    def is_open(self, today: datetime.date) -> bool:
        return self.opens_on <= today <= self.closes_on


class Contest(BaseModel):
    """知识竞赛: a quiz (its bank, paper rules, window, time limit and grading: the quiz engine unchanged) taken by the
    members of the organisations chosen, ranked for the organiser by score and then time taken (``results.py``)."""

    quiz = models.OneToOneField(Quiz, verbose_name="竞赛试卷", on_delete=models.PROTECT, related_name="contest")
    participants = models.ManyToManyField(
        "organizations.Organization", verbose_name="参赛党组织", related_name="+", help_text="含其下级党组织"
    )

    objects: ClassVar[models.Manager["Contest"]] = ScopedQuerySet.as_manager()
    scope_path = "quiz__organization__path"

    class Meta:
        ordering = ["-quiz__opens_on", "-id"]
        verbose_name = "知识竞赛"
        verbose_name_plural = "知识竞赛"

    def __str__(self) -> str:
        return self.quiz.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:contest", args=[self.pk])

    def audit_organization(self):
        return self.quiz.organization


class Attempt(BaseModel):
    quiz = models.ForeignKey(Quiz, verbose_name="测试", on_delete=models.PROTECT, related_name="attempts")
    member = models.ForeignKey("members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("开始时间")
    deadline_at = models.DateTimeField("截止时间")
    submitted_at = models.DateTimeField("交卷时间", null=True, blank=True)
    question_ids = models.JSONField("试题", default=list)
    answers = models.JSONField("作答", default=dict, blank=True)
    marks = models.JSONField("判分", default=dict, blank=True)
    score = models.PositiveSmallIntegerField("得分", null=True, blank=True)

    objects: ClassVar[models.Manager["Attempt"]] = ScopedQuerySet.as_manager()
    # The organiser of the quiz, and the keepers of the member's own branch (a 党委's quiz, a branch's results).
    scope_path = ("quiz__organization__path", "member__organization__path")
    member_fields = ("member",)

    class Meta:
        ordering = ["quiz", "member", "started_at"]
        verbose_name = "答题记录"
        verbose_name_plural = "答题记录"

    def __str__(self) -> str:
        return f"{self.quiz}（{self.member.name}）"

    def get_absolute_url(self) -> str:
        # Organisers (the results list, the audit log) read an attempt on its quiz's page; the sheet itself opens
        # only for the member who answers it (``sheet_url``).
        return reverse("quizzes:quiz", args=[self.quiz_id])

    def sheet_url(self) -> str:
        return reverse("quizzes:take", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user, org_paths):
        return Q(member__user=user)

    def audit_organization(self):
        return self.quiz.organization


class SurveyQuestionKind(models.TextChoices):
    SINGLE = "single", "单选"
    MULTIPLE = "multiple", "多选"
    TEXT = "text", "文字意见"


class Survey(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="发起党组织", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("调查名称", max_length=100)
    intro = models.TextField("说明", blank=True)
    anonymous = models.BooleanField("匿名", default=True, help_text="匿名调查的答卷不与任何人关联")
    # [{"text": ..., "kind": single|multiple|text, "options": [...]}]
    questions = models.JSONField("题目", default=list)
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")

    objects: ClassVar[models.Manager["Survey"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = "思想动态调查"
        verbose_name_plural = "思想动态调查"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:survey", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user, org_paths):
        return _issued_to_q(user, org_paths)

    def is_open(self, today: datetime.date) -> bool:
        return self.opens_on <= today <= self.closes_on


class SurveyResponse(BaseModel):
    """One answer sheet, with BaseModel's timestamps removed: no time. ``member`` is set only for a named survey."""

    created_at = None  # type: ignore[assignment]
    updated_at = None  # type: ignore[assignment]
    audit_exclude = ()
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    # The respondent's branch, for results by branch (shown only for groups of at least the configured minimum).
    branch = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)

    objects: ClassVar[models.Manager["SurveyResponse"]] = ScopedQuerySet.as_manager()
    # An organiser reads the sheets of the branches in their subtree (a branch secretary their branch's share of a
    # survey issued above), always through the minimum group size (``results.py``).
    scope_path = "branch__path"

    class Meta:
        ordering = ["id"]  # random: no order of arrival
        verbose_name = "调查答卷"
        verbose_name_plural = "调查答卷"

    def __str__(self) -> str:
        return f"{self.survey}的答卷"  # never a name, never a time


class SurveyAnswered(BaseModel):
    """That a member has answered a survey: one per person, holding no answers and no time."""

    created_at = None  # type: ignore[assignment]
    updated_at = None  # type: ignore[assignment]
    audit_exclude = ()

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")

    objects: ClassVar[models.Manager["SurveyAnswered"]] = ScopedQuerySet.as_manager()
    scope_path = "survey__organization__path"

    class Meta:
        verbose_name = "已答调查"
        verbose_name_plural = "已答调查"
        constraints = [models.UniqueConstraint(fields=["survey", "member"], name="one_answer_per_member")]

    def __str__(self) -> str:
        return f"已答：{self.survey}"
