"""Reports up the line: a branch's monthly organisation-life report to its 党委, and a 党委's quarterly summary over
its branches. Both read the meetings and the standards verdicts; nothing is typed for them."""

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q

from zhibu.activities.models import Attendance, Resolution
from zhibu.core.formatting import cn_date
from zhibu.core.periods import Period
from zhibu.core.scoping import VIEW
from zhibu.ledgers.books import Field, held_between, period_label
from zhibu.ledgers.document import LedgerDocument, Section, Table
from zhibu.organizations.models import BRANCH_KINDS, Organization
from zhibu.standards.engine import local_date
from zhibu.standards.labels import rule_label
from zhibu.standards.models import Verdict, VerdictStatus

MONTHLY_FIELDS = (
    Field("召开的会议、出席率", "组织生活记录、出席记录"),
    Field("未达标事项及说明", "标准体系评估结论"),
    Field("到期决议落实情况", "决议及其落实记录"),
)


def monthly_report(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    present = Q(attendance__status=Attendance.Status.PRESENT)
    meetings = [
        [
            cn_date(local_date(activity.held_at)),
            activity.kind.name,
            activity.title,
            f"{activity.came}/{activity.expected}",
            activity.get_status_display(),
        ]
        for activity in held_between(user, action, period)
        .filter(organization=organization)
        .select_related("kind")
        .annotate(expected=Count("attendance"), came=Count("attendance", filter=present))
        .order_by("held_at")
    ]
    verdicts = [
        [rule_label(verdict.rule_id), verdict.get_status_display(), verdict.explanation]
        for verdict in Verdict.objects.visible_to(user, action)
        .filter(organization=organization, period_end=period.end)
        .filter(status__in=[VerdictStatus.MISSED, VerdictStatus.EXPLAINED, VerdictStatus.IN_PROGRESS])
        .order_by("rule_id")
    ]
    due = [
        [
            item.text,
            item.owner_member.name if item.owner_member else "",
            cn_date(item.deadline),
            item.get_status_display(),
        ]
        for item in Resolution.objects.visible_to(user, action)
        .filter(activity__organization=organization, deadline__gte=period.start, deadline__lte=period.end)
        .select_related("owner_member")
        .order_by("deadline")
    ]
    document = LedgerDocument("党支部组织生活月报", str(organization), period_label(period))
    document.sections += [
        Section(
            "一、本月召开的会议",
            table=Table(["日期", "类型", "主题", "实到/应到", "状态"], meetings, [13, 12, 30, 10, 10]),
        ),
        Section(
            "二、标准体系检查（未达标、已说明、进行中）", table=Table(["规则", "结论", "说明"], verdicts, [30, 8, 50])
        ),
        Section("三、本月到期的决议", table=Table(["决议事项", "责任人", "时限", "状态"], due, [40, 10, 14, 10])),
    ]
    return document.say_none_for_empty_tables()


QUARTERLY_FIELDS = (
    Field("各支部各类会议召开次数", "组织生活记录（已召开）"),
    Field("未召开的说明", "标准体系评估结论"),
)
SUMMARY_KINDS = (
    ("general_meeting", "党员大会"),
    ("branch_committee", "支委会"),
    ("party_lecture", "党课"),
    ("theme_day", "主题党日"),
)


def quarterly_summary(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    branches = list(
        Organization.objects.visible_to(user, action)
        .filter(path__startswith=organization.path, kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE)
        .order_by("path")
    )
    counts: defaultdict[Any, int] = defaultdict(int)
    for org_id, code in (
        held_between(user, action, period)
        .filter(organization__in=branches)
        .values_list("organization_id", "kind__code")
    ):
        counts[(org_id, code)] += 1
    missed = defaultdict(list)
    for org_id, rule_id, text in (
        Verdict.objects.visible_to(user, action)
        .filter(organization__in=branches, status=VerdictStatus.MISSED)
        .filter(period_start__gte=period.start, period_end__lte=period.end)
        .order_by("rule_id")
        .values_list("organization_id", "rule_id", "explanation")
    ):
        missed[org_id].append(f"{rule_label(rule_id)}：{text}")
    rows = [
        [
            branch.short_name or branch.name,
            *[counts[(branch.pk, code)] or "未召开" for code, _ in SUMMARY_KINDS],
            "；".join(missed[branch.pk]) or "无",
        ]
        for branch in branches
    ]
    document = LedgerDocument("党支部组织生活季度汇总", str(organization), period_label(period))
    document.sections.append(
        Section(
            paragraphs=[f"共{len(branches)}个党支部；未达标说明由标准体系按会议记录自动评估。"],
            table=Table(["党支部", *[label for _, label in SUMMARY_KINDS], "未达标事项"], rows, [24, 8, 8, 8, 8, 60]),
        )
    )
    return document
