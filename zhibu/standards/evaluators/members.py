"""The member record as it stands today: complete fields (MEM-01), consistent 转正 dates (MEM-02), lost contact
(MEM-03), suspension (MEM-04), transfer letters not reported (MEM-07), six months without organisation life (MEM-08)."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Max, Q, QuerySet

from zhibu.activities.models import Attendance
from zhibu.core.derived import Topic
from zhibu.core.formatting import cn_date
from zhibu.members.choices import Category, EventKind, PartyStatus
from zhibu.members.models import Member, MemberEvent, Transfer
from zhibu.members.validation import add_months, add_years, expected_full_member_on
from zhibu.standards.catalogue import Rule
from zhibu.standards.engine import Context, Org, Outcome, aware_range, local_date
from zhibu.standards.evaluators.meetings import HELD
from zhibu.standards.evaluators.organization import MET, Judge, Judgement, people_missed, snapshot
from zhibu.standards.registry import evaluator

ID_BATCH = 900

INCOMPLETE = {
    "联系电话": Q(mobile="", landline=""),
    "学历": Q(education=""),
    "工作岗位": Q(job_position=""),
    "转正日期": Q(category=Category.FULL, full_member_on__isnull=True),
}


def _current(ctx: Context) -> QuerySet[Member]:
    """Current members of the slice, in name order within each organisation. Not the model's order (by organisation
    path): that joins every organisation, a large part of a refresh, and the rules group people by organisation
    anyway."""
    members: QuerySet[Member] = Member.objects.current().order_by("name_initials", "name", "pk")
    if ctx.organization_ids is not None:
        members = members.filter(organization_id__in=ctx.organization_ids)
    return members


def _by_org(rows: Iterable[tuple[int, int, str, str]]) -> dict[int, list[tuple[int, str, str]]]:
    """(organisation, member id, name, detail) rows → organisation → [(id, name, detail)]."""
    found: defaultdict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for org_id, pk, name, detail in rows:
        found[org_id].append((pk, name, detail))
    return found


def _judge_people(found: dict[int, list[tuple[int, str, str]]], ok_text: str, problem: str) -> Judge:
    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        people = found.get(org.id, [])
        if not people:
            return MET, ok_text, []
        return people_missed(people, problem, "members:detail")

    return judge


@evaluator("fields_complete", topics=(Topic.MEMBERS, Topic.ORGANIZATIONS), snapshot=True)
def fields_complete(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    rows = []
    for label, condition in INCOMPLETE.items():
        rows += [
            (org, pk, name, f"缺{label}")
            for org, pk, name in _current(ctx).filter(condition).values_list("organization_id", "pk", "name")
        ]
    yield from snapshot(rule, ctx, _judge_people(_by_org(rows), "党员信息齐全", "党员信息不全"))


@evaluator("probation_dates", topics=(Topic.MEMBERS, Topic.ORGANIZATIONS), snapshot=True)
def probation_dates(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    rows = []
    for org, pk, name, joined, full_on, extension in (
        _current(ctx)
        .filter(category=Category.FULL, full_member_on__isnull=False)
        .values_list("organization_id", "pk", "name", "joined_on", "full_member_on", "probation_extension_months")
    ):
        expected = expected_full_member_on(joined, extension)
        if full_on != expected:
            rule_text = f"入党满1年并延长预备期{extension}个月" if extension else "入党满1年"
            rows.append((org, pk, name, f"转正日期{cn_date(full_on)}，按{rule_text}应为{cn_date(expected)}"))
    yield from snapshot(rule, ctx, _judge_people(_by_org(rows), "转正日期与入党日期一致", "转正日期不一致"))


@evaluator("lost_contact", topics=(Topic.MEMBERS, Topic.ORGANIZATIONS), snapshot=True)
def lost_contact(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    months = int(rule.threshold["months"])
    cutoff = add_months(ctx.today, -months)
    rows = [
        (org, pk, name, f"{cn_date(since)}起失联")
        for org, pk, name, since in _current(ctx)
        .filter(is_lost_contact=True, lost_contact_on__lte=cutoff, party_status=PartyStatus.NORMAL)
        .values_list("organization_id", "pk", "name", "lost_contact_on")
    ]
    yield from snapshot(
        rule, ctx, _judge_people(_by_org(rows), "没有失联6个月以上未处理的党员", "失联6个月以上尚未作出停止党籍决定")
    )


@evaluator("suspension_overdue", topics=(Topic.MEMBERS, Topic.ORGANIZATIONS), snapshot=True)
def suspension_overdue(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    years = int(rule.threshold["years"])
    suspended = _current(ctx).filter(party_status=PartyStatus.SUSPENDED)
    since = dict(
        MemberEvent.objects.filter(member__in=suspended, kind=EventKind.SUSPEND)
        .values("member_id")
        .annotate(on=Max("happened_on"))
        .values_list("member_id", "on")
    )
    rows = [
        (org, pk, name, f"{cn_date(since[pk])}停止党籍")
        for org, pk, name in suspended.values_list("organization_id", "pk", "name")
        if pk in since and add_years(since[pk], years) <= ctx.today
    ]
    yield from snapshot(
        rule, ctx, _judge_people(_by_org(rows), "没有停止党籍满2年未处理的党员", "停止党籍满2年仍未处理")
    )


@evaluator("transfers_reported", topics=(Topic.MEMBERS, Topic.ORGANIZATIONS), snapshot=True)
def transfers_reported(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    cutoff = add_months(ctx.today, -int(rule.threshold["within_months"]))
    pending = Transfer.objects.filter(
        status=Transfer.Status.PENDING,
        issued_on__lte=cutoff,
        from_organization__isnull=False,
        member__restricted_at__isnull=True,
    )
    if ctx.organization_ids is not None:
        pending = pending.filter(from_organization_id__in=ctx.organization_ids)
    rows = [
        (org, pk, name, f"{cn_date(issued)}开具")
        for org, pk, name, issued in pending.values_list(
            "from_organization_id", "member_id", "member__name", "issued_on"
        )
    ]
    yield from snapshot(
        rule, ctx, _judge_people(_by_org(rows), "没有逾期未报到的组织关系介绍信", "介绍信开具超过3个月尚未报到")
    )


@evaluator(
    "life_absence", topics=(Topic.ACTIVITIES, Topic.ATTENDANCE, Topic.MEMBERS, Topic.ORGANIZATIONS), snapshot=True
)
def life_absence(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """Members (of six months' standing) who took part in no organisation life — anywhere — in the last six months;
    a 补学 counts, a meeting cancelled after it was held does not. Attendance follows the member, so a transfer in mid-month does not reset the clock."""
    months = int(rule.threshold["alert"])
    since = add_months(ctx.today, -months)
    begin, _ = aware_range(since, ctx.today)
    members = _current(ctx).filter(joined_on__lte=since)
    attended = Q(status=Attendance.Status.PRESENT, activity__status__in=HELD)
    # Who took part within the window: only the window's attendance is read, not every year of it.
    took_part = set(
        Attendance.objects.filter(attended, member__in=members, activity__held_at__gte=begin)
        .values_list("member_id", flat=True)
        .distinct()
        .order_by()
    ) | set(
        Attendance.objects.filter(member__in=members, makeup__done_on__gte=since)
        .values_list("member_id", flat=True)
        .distinct()
        .order_by()
    )
    absent = [
        (org, pk, name) for org, pk, name in members.values_list("organization_id", "pk", "name") if pk not in took_part
    ]
    # The last meeting of those who took no part, for the explanation: a few people, whatever the history.
    absent_ids = [pk for _, pk, _ in absent]
    last: dict[int, Any] = {}
    for start in range(0, len(absent_ids), ID_BATCH):  # in batches: SQLite limits the parameters of a statement
        last.update(
            Attendance.objects.filter(attended, member_id__in=absent_ids[start : start + ID_BATCH])
            .values("member_id")
            .annotate(on=Max("activity__held_at"))
            .values_list("member_id", "on")
            .order_by()
        )
    rows = []
    for org, pk, name in absent:
        previous = last.get(pk)
        when = f"上次{cn_date(local_date(previous))}" if previous else "无参加记录"
        rows.append((org, pk, name, when))
    yield from snapshot(
        rule,
        ctx,
        _judge_people(_by_org(rows), f"近{months}个月党员均参加过组织生活", f"连续{months}个月未参加组织生活"),
    )
