from django.utils import timezone

from zhibu.core.tables import TableColumn


def _status(attempt) -> str:
    if attempt.submitted_at is not None:
        return "已交卷"
    return "答题中或超时未交卷"


BANK_COLUMNS = (
    TableColumn("题库名称", lambda b: b.name, 24),
    TableColumn("所属党组织", lambda b: b.organization.name, 24),
)
QUIZ_COLUMNS = (
    TableColumn("测试名称", lambda q: q.title, 30),
    TableColumn("组织单位", lambda q: q.organization.name, 24),
    TableColumn("开始日期", lambda q: q.opens_on, 12),
    TableColumn("截止日期", lambda q: q.closes_on, 12),
    TableColumn("时限（分钟）", lambda q: q.minutes, 10),
)
SURVEY_COLUMNS = (
    TableColumn("调查名称", lambda s: s.title, 30),
    TableColumn("发起党组织", lambda s: s.organization.name, 24),
    TableColumn("匿名", lambda s: s.anonymous, 6),
    TableColumn("开始日期", lambda s: s.opens_on, 12),
    TableColumn("截止日期", lambda s: s.closes_on, 12),
)
# Per person, listed by organisation and name: no ranking (the 2024 burden-reduction rules).
ATTEMPT_COLUMNS = (
    TableColumn("测试", lambda a: a.quiz.title, 24),
    TableColumn("党组织", lambda a: a.member.organization.name, 20),
    TableColumn("姓名", lambda a: a.member.name, 10),
    TableColumn("开始时间", lambda a: timezone.localtime(a.started_at).strftime("%Y-%m-%d %H:%M"), 18),
    TableColumn("状态", _status, 12),
    TableColumn("得分", lambda a: a.score, 8),
    TableColumn("及格", lambda a: "" if a.score is None else ("及格" if a.score >= a.quiz.pass_score else "不及格"), 8),
)

CONTEST_COLUMNS = (
    TableColumn("竞赛名称", lambda c: c.quiz.title, 30),
    TableColumn("组织单位", lambda c: c.quiz.organization.name, 24),
    TableColumn("开始日期", lambda c: c.quiz.opens_on, 12),
    TableColumn("截止日期", lambda c: c.quiz.closes_on, 12),
    TableColumn("参赛党组织", lambda c: "、".join(org.name for org in c.participants.all()), 36),
)
STANDING_COLUMNS = (
    TableColumn("名次", lambda s: s.rank, 8),
    TableColumn("姓名", lambda s: s.attempt.member.name, 12),
    TableColumn("党组织", lambda s: s.attempt.member.organization.name, 24),
    TableColumn("得分", lambda s: s.attempt.score, 8),
    TableColumn("用时", lambda s: s.duration, 12),
    TableColumn("交卷时间", lambda s: timezone.localtime(s.attempt.submitted_at).strftime("%Y-%m-%d %H:%M:%S"), 20),
)
BRANCH_RATE_COLUMNS = (
    TableColumn("党组织", lambda r: r.branch.name, 24),
    TableColumn("在册党员", lambda r: r.members, 10),
    TableColumn("参赛人数", lambda r: r.took_part, 10),
    TableColumn("参与率（%）", lambda r: r.rate, 12),
)
