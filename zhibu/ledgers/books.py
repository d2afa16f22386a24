"""The ledgers, each a query over the records: what it shows, and where every column comes from (for the burden
table). Nothing here is typed for a ledger; a field with the source ``TYPED`` would be one."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from zhibu.activities.models import Activity, ActivityKind, Attendance
from zhibu.activities.services import AMENDABLE_PARTS
from zhibu.core.formatting import cn_date, cn_time
from zhibu.core.periods import Period
from zhibu.core.scoping import VIEW
from zhibu.ledgers.document import LedgerDocument, Section, Table
from zhibu.standards.catalogue import catalogue
from zhibu.standards.engine import aware_range
from zhibu.standards.models import Verdict, VerdictStatus

TYPED = "仅为台账录入"
HELD = (Activity.Status.HELD, Activity.Status.MINUTED, Activity.Status.SIGNED)


@dataclass(frozen=True)
class Field:
    label: str
    source: str  # the record it is read from, or TYPED

    @property
    def derived(self) -> bool:
        return self.source != TYPED


@dataclass(frozen=True)
class LedgerOption:
    """A choice the keeper makes before printing (a column to add, and over which years): ``choices`` are (value,
    label), the first the default. The ledger's ``build`` receives the chosen values as ``options``."""

    code: str
    label: str
    choices: tuple[tuple[str, str], ...]


def no_options() -> tuple[LedgerOption, ...]:
    return ()


@dataclass(frozen=True)
class Ledger:
    code: str
    title: str
    description: str
    fields: tuple[Field, ...]
    build: Callable  # (user, organization, period, action[, options]) -> LedgerDocument
    landscape: bool = False
    period: str = "year"  # year | quarter | month: what the page asks for
    for_committees: bool = False  # a 党委's ledger over its branches rather than a branch's own
    # Read when asked, not at import: the options may come from registries the apps fill in ready().
    options: Callable[[], tuple[LedgerOption, ...]] = no_options


def held_between(user, action, period: Period):
    """Meetings held in the period (local dates), as the user may see them."""
    begin, finish = aware_range(period.start, period.end)
    return Activity.objects.visible_to(user, action).filter(status__in=HELD, held_at__gte=begin, held_at__lt=finish)


def period_label(period: Period) -> str:
    return f"{period.start.year}年度" if period.kind == "year" else period.label


# ---- 会议记录本 ----------------------------------------------------------------------------------------------------

MEETING_FIELDS = (
    Field("会议类型、主题", "组织生活记录：类型、主题"),
    Field("时间、地点", "组织生活记录：召开时间、地点"),
    Field("主持人、记录人", "组织生活记录：主持人、记录人"),
    Field("应到、实到、请假、缺席", "出席记录（按会议当日党员名册生成）"),
    Field("议程（第一议题标注）", "议程"),
    Field("会议记录", "会议记录正文"),
    Field("表决", "表决记录"),
    Field("决议、责任人、时限、落实情况", "决议及其落实记录"),
    Field("签发人、签发时间", "签发记录"),
    Field("更正", "更正记录（保留原文）"),
)


def meeting_book(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    activities = (
        held_between(user, action, period)
        .filter(organization=organization)
        .select_related("kind", "host", "recorder", "signed_by")
        .prefetch_related(
            "agenda",
            "votes",
            "resolutions__owner_member",
            "amendments__made_by",
            Prefetch(
                "attendance",
                queryset=Attendance.objects.visible_to(user, action).select_related("member").order_by("member__name"),
            ),
        )
        .order_by("held_at", "id")
    )
    document = LedgerDocument("会议记录本", str(organization), period_label(period))
    for index, activity in enumerate(activities):
        document.sections.append(record_section(activity, list(activity.attendance.all()), page_break=index > 0))
    if not document.sections:
        document.sections.append(Section(paragraphs=[f"{period_label(period)}没有已召开的会议记录。"]))
    return document


def record_section(activity: Activity, attendance: list[Attendance], *, page_break: bool = False) -> Section:
    """One held meeting's record as the 会议记录本 prints it; also the meeting's own record document."""
    assert activity.held_at is not None, "only a held meeting has a record"
    present = [row.member.name for row in attendance if row.status == Attendance.Status.PRESENT]
    leave = [
        f"{row.member.name}（{row.get_leave_kind_display() or '请假'}{'：' + row.reason if row.reason else ''}）"
        for row in attendance
        if row.status == Attendance.Status.LEAVE
    ]
    absent = [row.member.name for row in attendance if row.status == Attendance.Status.ABSENT]
    unrecorded = [row.member.name for row in attendance if row.status == Attendance.Status.UNRECORDED]
    facts = [
        ("时间", cn_time(activity.held_at)),
        ("地点", activity.place or "—"),
        ("主持人", activity.host.name if activity.host else "—"),
        ("记录人", activity.recorder.name if activity.recorder else "—"),
        ("应到", f"{len(attendance)}人"),
        ("实到", f"{len(present)}人：{'、'.join(present) or '—'}"),
        ("请假", "、".join(leave) or "无"),
        ("缺席", "、".join(absent) or "无"),
        *([("未登记出席情况", "、".join(unrecorded))] if unrecorded else []),
        (
            "议程",
            "；".join(
                f"{item.position}. {item.title}{'（第一议题）' if item.is_first_topic else ''}"
                for item in activity.agenda.all()
            )
            or "—",
        ),
    ]
    for vote in activity.votes.all():
        outcome = "通过" if vote.passed else "未通过"
        validity = "" if vote.is_valid else f"（表决无效：{vote.explanation}）"
        facts.append(
            ("表决", f"{vote.subject}：赞成{vote.yes}、反对{vote.no}、弃权{vote.abstain}，{outcome}{validity}")
        )
    facts.append(
        (
            "签发",
            f"{activity.signed_by}于{cn_time(activity.signed_at)}签发" if activity.signed_at else "尚未签发",
        )
    )
    resolutions = [
        [
            item.text,
            item.owner_member.name if item.owner_member else str(item.owner_organization or "—"),
            cn_date(item.deadline),
            f"已完成（{cn_date(item.done_on)}）{item.evidence}" if item.status == "done" else "落实中",
        ]
        for item in activity.resolutions.all()
    ]
    amendments = "；".join(
        f"【更正】{cn_time(a.created_at)} {a.made_by}更正{AMENDABLE_PARTS.get(a.part, a.part)}：原为“{a.original}”，更正为“{a.corrected}”（{a.reason}）"
        for a in activity.amendments.all()
    )
    return Section(
        heading=f"{cn_date(timezone.localtime(activity.held_at).date())}　{activity.kind}：{activity.title}",
        facts=facts,
        paragraphs=[f"会议记录：{activity.minutes or '（未录入）'}"],
        table=Table(["决议事项", "责任人", "完成时限", "落实情况"], resolutions, [40, 10, 14, 30])
        if resolutions
        else None,
        note=amendments,
        page_break=page_break,
    )


# ---- 组织生活台账 --------------------------------------------------------------------------------------------------

LIFE_FIELDS = (
    Field("类型", "组织生活类型设置"),
    Field("各月召开次数", "组织生活记录（已召开）"),
    Field("达标结论及说明", "标准体系评估结论"),
)


def life_ledger(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    year = period.start.year
    counts: defaultdict[Any, defaultdict[Any, int]] = defaultdict(lambda: defaultdict(int))
    held = held_between(user, action, period).filter(organization=organization)
    for kind_id, held_at in held.values_list("kind_id", "held_at"):
        counts[kind_id][timezone.localtime(held_at).month] += 1
    kinds = ActivityKind.objects.filter(for_committees=False).order_by("sort_order", "id")
    rules = {
        rule.threshold.get("activity_kind"): rule
        for rule in catalogue()
        if rule.engine == "meeting_frequency" and organization.kind in rule.applies_to
    }
    verdicts = defaultdict(list)
    for verdict in (
        Verdict.objects.visible_to(user, action)
        .filter(organization=organization, period_start__year=year, rule_id__in=[r.id for r in rules.values()])
        .exclude(status=VerdictStatus.NOT_APPLICABLE)
        .order_by("period_start")
    ):
        verdicts[verdict.rule_id].append(verdict)
    rows = []
    for kind in kinds:
        rule = rules.get(kind.code)
        if rule is None and not counts.get(kind.pk):
            continue
        judged = verdicts.get(rule.id, []) if rule else []
        summary = _verdict_summary(rule, judged) if rule else "不考核频次"
        monthly = [counts[kind.pk].get(month) or "" for month in range(1, 13)]
        rows.append([kind.name, *monthly, sum(counts[kind.pk].values()), summary])
    document = LedgerDocument("组织生活台账", str(organization), period_label(period))
    document.sections.append(
        Section(
            paragraphs=["表中数字为当月已召开的次数；达标结论由标准体系按会议记录自动评估。"],
            table=Table(
                ["类型", *[f"{month}月" for month in range(1, 13)], "合计", "达标情况"],
                rows,
                [12, *[4] * 12, 5, 40],
            ),
        )
    )
    return document


def _verdict_summary(rule, judged) -> str:
    met = sum(v.status in (VerdictStatus.MET, VerdictStatus.EXPLAINED) for v in judged)
    missed = [v.explanation for v in judged if v.status == VerdictStatus.MISSED]
    running = [v.explanation for v in judged if v.status == VerdictStatus.IN_PROGRESS]
    text = f"{rule.id} {rule.title}：达标{met}期，未达标{len(missed)}期"
    if missed:
        text += "（" + "；".join(missed[:2]) + ("等" if len(missed) > 2 else "") + "）"
    if running:
        text += f"；进行中：{running[0]}"
    return text
