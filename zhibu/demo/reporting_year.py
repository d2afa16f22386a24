"""The demo's reporting up the line: the first 机关党委 with several branches asks them all for last month's 月报 —
most answer with the generated report and are accepted, one is returned with a reason, one has not answered and has
been reminded — and for a typed form (two items), answered by all but one. The burden page then shows typed fields
against generated ones."""

import datetime

from django.db.models import Count

from zhibu.core.actors import CommandActor
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind
from zhibu.reporting import services
from zhibu.reporting.models import Reach


def _due(today: datetime.date, days: int) -> datetime.date:
    """A deadline some days ahead but within this year: the burden counts requests by their deadline's year, and the
    demo's committee page shows this year's."""
    return min(today + datetime.timedelta(days=days), datetime.date(today.year, 12, 31))


def build_reporting(today: datetime.date) -> int:
    """Returns the number of answers submitted."""
    actor = CommandActor("demo")
    committee = (
        Organization.objects.filter(kind=OrganizationKind.DANGWEI, status=Organization.Status.ACTIVE)
        .annotate(branches=Count("children"))
        .filter(branches__gte=3)
        .order_by("path")
        .first()
    )
    if committee is None:
        return 0
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    monthly = services.send_request(
        actor=actor,
        organization=committee,
        title=f"报送{last_month.year}年{last_month.month}月组织生活月报",
        body="各支部报送系统生成的上月组织生活月报，党委审核后汇总。",
        answer_kind="monthly",
        month=last_month,
        reach=Reach.BRANCHES,
        deadline=_due(today, 5),
    )
    form = services.send_request(
        actor=actor,
        organization=committee,
        title="报送本季度主题党日开展情况",
        answer_kind="form",
        questions="本季度主题党日开展次数及主题\n存在的问题和改进措施",
        reach=Reach.BRANCHES,
        deadline=_due(today, 10),
    )
    submitted = 0
    answers = list(monthly.answers.filter(organization__kind__in=BRANCH_KINDS).order_by("organization__path"))
    for index, answer in enumerate(answers[:-1]):  # the last branch has not answered yet
        services.submit_answer(actor=actor, answer=answer)
        submitted += 1
        if index == 0:
            services.review_answer(
                actor=actor, answer=answer, accept=False, reason="出席率与签到表不一致，请核对后重报"
            )
        else:
            services.review_answer(actor=actor, answer=answer, accept=True)
    services.remind_laggards(actor=actor, reportrequest=monthly)
    for answer in list(form.answers.order_by("organization__path"))[1:]:
        services.submit_answer(
            actor=actor, answer=answer, answers=["开展1次，主题为学习党章", "个别党员参加不及时，已提醒"]
        )
        submitted += 1
    return submitted
