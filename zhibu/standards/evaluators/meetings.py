"""三会一课 and the other meetings: how often they were held (MTG-01/04/06/07/09/10), whether each one stood
(quorum MTG-02/05/17, votes MTG-03, 第一议题 MTG-15), 民主生活会 (MTG-16) and the secretary's 党课 (MTG-08)."""

import datetime
from collections import defaultdict

from django.db.models import Count, DateField, Exists, Max, OuterRef, Q
from django.db.models.functions import Trunc

from zhibu.activities import rules as meeting_rules
from zhibu.activities.models import Activity, ActivityKind, AgendaItem, Attendance, Vote
from zhibu.committees.models import Position
from zhibu.core.formatting import cn_date
from zhibu.core.periods import Period
from zhibu.standards.engine import (
    Context,
    Org,
    Outcome,
    aware_range,
    judge_count,
    link,
    local_date,
    period_label,
    url_for,
)
from zhibu.standards.models import VerdictStatus

HELD = (Activity.Status.HELD, Activity.Status.MINUTED, Activity.Status.SIGNED)


def held_activities(ctx: Context, kind_codes, *, before_window: bool = False):
    start, end = ctx.window()
    begin, finish = aware_range(start, end)
    queryset = Activity.objects.filter(kind__code__in=kind_codes, status__in=HELD)
    queryset = (
        queryset.filter(held_at__lt=begin) if before_window else queryset.filter(held_at__gte=begin, held_at__lt=finish)
    )
    if ctx.organization_ids is not None:
        queryset = queryset.filter(organization_id__in=ctx.organization_ids)
    return queryset


def activity_list_link(org: Org, kind: ActivityKind | None, period: Period, label: str) -> dict:
    # ids and ISO dates need no escaping
    query = f"organization={org.id}&from={period.start.isoformat()}&to={period.end.isoformat()}"
    if kind is not None:
        query += f"&kind={kind.pk}"
    return {"label": label, "url": f"{url_for('activities:list')}?{query}"}


def activity_link(activity_id: int, label: str) -> dict:
    return link("activities:detail", activity_id, label)


def kinds_by_code(ctx: Context) -> dict[str, ActivityKind]:
    if "kinds" not in ctx.cache:
        ctx.cache["kinds"] = {kind.code: kind for kind in ActivityKind.objects.all()}
    return ctx.cache["kinds"]


def _frequency_facts(ctx: Context):
    """Meetings held per kind, organisation and month, and the last one before the window: two grouped queries for
    every frequency rule of the run together (cached on the context)."""
    if "frequency" in ctx.cache:
        return ctx.cache["frequency"]
    codes = list(kinds_by_code(ctx))
    by_month: dict = defaultdict(lambda: defaultdict(dict))
    rows = (
        held_activities(ctx, codes)
        .annotate(month=Trunc("held_at", "month", output_field=DateField()))
        .values_list("kind__code", "organization_id", "month")
        .annotate(n=Count("id"), last=Max("held_at"))
        .order_by()
    )
    for code, org_id, month, n, last in rows:
        by_month[code][org_id][month] = (n, local_date(last))
    earlier: dict = defaultdict(dict)
    previous = (
        held_activities(ctx, codes, before_window=True)
        .values_list("kind__code", "organization_id")
        .annotate(last=Max("held_at"))
        .order_by()
    )
    for code, org_id, last in previous:
        earlier[code][org_id] = last
    ctx.cache["frequency"] = (by_month, earlier)
    return ctx.cache["frequency"]


def meeting_frequency(rule, ctx: Context):
    """At least N meetings of a kind per period; the period itself may be overridden (党课 per quarter or per year)."""
    orgs = ctx.organizations(rule)
    if not orgs:
        return
    code = rule.threshold["activity_kind"]
    kind = kinds_by_code(ctx).get(code)
    noun = kind.name if kind else code
    by_month, earlier = _frequency_facts(ctx)
    by_month, earlier = by_month.get(code, {}), earlier.get(code, {})
    for org in orgs:
        params = ctx.params(rule, org)
        months = by_month.get(org.id, {})
        for period in ctx.periods(params.get("period", rule.period)):
            inside = [value for month, value in months.items() if period.start <= month <= period.end]
            before = [last for month, (_, last) in months.items() if month < period.start]
            last_before = max(before) if before else local_date(earlier.get(org.id))
            count = sum(n for n, _ in inside)
            yield judge_count(
                ctx,
                rule,
                org,
                period,
                count=count,
                needed=int(params["at_least"]),
                noun=noun,
                last_before=last_before,
                evidence=[activity_list_link(org, kind, period, f"{period_label(period)}{noun}记录")],
                applied=params,
            )


QUORUM_KINDS = ("general_meeting", "branch_committee", "leading_group", "democratic_life", "life_meeting")


def attendance_rows(ctx: Context, kind_codes) -> list[dict]:
    """One row per meeting held in the window: who should have come, who came, who may vote. One aggregate for all the
    kinds whose attendance a rule judges, shared by those rules (cached on the context)."""
    if "attendance" not in ctx.cache:
        ctx.cache["attendance"] = _attendance_rows(ctx, QUORUM_KINDS)
    wanted = set(kind_codes)
    if not wanted <= set(QUORUM_KINDS):
        return _attendance_rows(ctx, kind_codes)
    return [row for row in ctx.cache["attendance"] if row["kind__code"] in wanted]


def _attendance_rows(ctx: Context, kind_codes) -> list[dict]:
    present = Q(attendance__status=Attendance.Status.PRESENT)
    voting = Q(attendance__has_voting_rights=True)
    return list(
        held_activities(ctx, kind_codes)
        .values("id", "organization_id", "held_at", "kind_id", "kind__code")
        .annotate(
            expected=Count("attendance"),
            present=Count("attendance", filter=present),
            eligible=Count("attendance", filter=voting),
            present_eligible=Count("attendance", filter=present & voting),
            # a subquery, not a join: joining the agenda would multiply the attendance counts by its length
            cadre_items=Exists(AgendaItem.objects.filter(activity=OuterRef("pk"), is_cadre_appointment=True)),
        )
        .order_by()
    )


def _monthly(rule, ctx: Context, rows, check, noun: str):
    """Event rules judged per month: 不适用 when nothing was held, 未达标 when any meeting failed ``check``."""
    by_org_month: dict[tuple[int, datetime.date], list] = defaultdict(list)
    for row in rows:
        day = local_date(row["held_at"])
        by_org_month[(row["organization_id"], day.replace(day=1))].append((day, row))
    for org in ctx.organizations(rule):
        params = ctx.params(rule, org)
        for period in ctx.periods("month"):
            meetings = sorted(by_org_month.get((org.id, period.start), []), key=lambda pair: pair[0])
            label = period_label(period)
            if not meetings:
                yield Outcome(rule.id, org.id, period, VerdictStatus.NOT_APPLICABLE, f"{label}未召开{noun}", [], params)
                continue
            failures = []
            for day, row in meetings:
                ok, text = check(row)
                if not ok:
                    failures.append((day, row, text))
            if failures:
                text = "；".join(f"{cn_date(day)}{noun}{reason}" for day, _, reason in failures[:3])
                more = f"等{len(failures)}次" if len(failures) > 3 else ""
                evidence = [activity_link(row["id"], f"{cn_date(day)}{noun}") for day, row, _ in failures[:5]]
                yield Outcome(rule.id, org.id, period, VerdictStatus.MISSED, f"{text}{more}", evidence, params)
            else:
                evidence = [activity_link(row["id"], f"{cn_date(day)}{noun}") for day, row in meetings[:5]]
                yield Outcome(
                    rule.id,
                    org.id,
                    period,
                    VerdictStatus.MET,
                    f"{label}召开{noun}{len(meetings)}次，均符合要求",
                    evidence,
                    params,
                )


def meeting_quorum(rule, ctx: Context):
    """Each meeting reached its quorum (the kind's quorum rule, as the meeting page shows it)."""
    code = rule.threshold["activity_kind"]
    kind = kinds_by_code(ctx).get(code)
    if kind is None or not ctx.organizations(rule):
        return
    rows = attendance_rows(ctx, [code])

    def check(row):
        result = meeting_rules.quorum(kind, row["expected"], row["present"], row["eligible"], row["present_eligible"])
        ok, text = result.met, result.text
        if row["cadre_items"] and row["present"] * 3 < row["expected"] * 2:
            ok, text = False, f"{text}；讨论干部任免须三分之二以上到会，未达到"
        return ok, text

    yield from _monthly(rule, ctx, rows, check, kind.name)


def vote_majority(rule, ctx: Context):
    """A vote recorded as passed had yes votes above half of those with voting rights who should attend."""
    code = rule.threshold.get("activity_kind", "general_meeting")
    kind = kinds_by_code(ctx).get(code)
    if kind is None or not ctx.organizations(rule):
        return
    by_meeting: dict[int, dict] = {}
    votes = Vote.objects.filter(activity__in=held_activities(ctx, [code])).values_list(
        "activity_id", "activity__organization_id", "activity__held_at", "yes", "eligible", "passed"
    )
    for activity_id, org_id, held_at, yes, eligible, passed in votes:
        row = by_meeting.setdefault(
            activity_id, {"id": activity_id, "organization_id": org_id, "held_at": held_at, "wrongly_passed": 0}
        )
        row["wrongly_passed"] += int(passed and yes * 2 <= eligible)
    rows = list(by_meeting.values())

    def check(row):
        if row["wrongly_passed"]:
            return False, f"有{row['wrongly_passed']}项表决赞成票未超过应到会有表决权党员半数却记为通过"
        return True, ""

    yield from _monthly(rule, ctx, rows, check, f"{kind.name}表决")


def first_topic(rule, ctx: Context):
    codes = rule.threshold["activity_kinds"]
    if not ctx.organizations(rule):
        return
    opening = AgendaItem.objects.filter(activity=OuterRef("pk"), position=1, is_first_topic=True)
    rows = list(
        held_activities(ctx, codes)
        .annotate(opened=Exists(opening))
        .values("id", "organization_id", "held_at", "opened")
        .order_by()
    )
    yield from _monthly(rule, ctx, rows, lambda row: (row["opened"], "第一项议程不是“第一议题”"), "会议")


def democratic_life(rule, ctx: Context):
    """民主生活会 once a year, with at least two thirds of those expected present."""
    code = rule.threshold.get("activity_kind", "democratic_life")
    kind = kinds_by_code(ctx).get(code)
    orgs = ctx.organizations(rule)
    if kind is None or not orgs:
        return
    by_org: dict[int, list] = defaultdict(list)
    for row in attendance_rows(ctx, [code]):
        by_org[row["organization_id"]].append(row)
    for org in orgs:
        params = ctx.params(rule, org)
        for period in ctx.periods("year"):
            rows = [row for row in by_org.get(org.id, []) if period.contains(local_date(row["held_at"]))]
            good = [row for row in rows if row["present"] * 3 >= row["expected"] * 2]
            evidence = [activity_link(row["id"], f"{cn_date(local_date(row['held_at']))}{kind.name}") for row in rows]
            outcome = judge_count(
                ctx, rule, org, period, count=len(good), needed=1, noun=kind.name, evidence=evidence, applied=params
            )
            if rows and not good and outcome.status != VerdictStatus.MET:
                worst = rows[0]
                outcome.explanation = (
                    f"{period_label(period)}召开{kind.name}{len(rows)}次，但到会{worst['present']}人，"
                    f"不足应到{worst['expected']}人的三分之二"
                )
                if period.end < ctx.today:
                    outcome.status = VerdictStatus.MISSED
            yield outcome


def secretary_lecture(rule, ctx: Context):
    """The 党委（党组）secretary gives at least one 党课 a year, anywhere in the organisation's subtree."""
    orgs = ctx.organizations(rule)
    if not orgs:
        return
    start, end = ctx.window()
    secretaries: dict[int, set[int]] = defaultdict(set)
    positions = Position.objects.filter(
        kind__code="secretary",
        holder__isnull=False,
        term__organization_id__in=[o.id for o in orgs],
        started_on__lte=end,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    for org_id, holder_id in positions.values_list("term__organization_id", "holder_id"):
        secretaries[org_id].add(holder_id)
    lectures = defaultdict(list)
    hosts = {holder for holders in secretaries.values() for holder in holders}
    begin, finish = aware_range(start, end)
    for row in Activity.objects.filter(
        kind__code="party_lecture", status__in=HELD, host_id__in=hosts, held_at__gte=begin, held_at__lt=finish
    ).values("id", "host_id", "held_at", "organization__path"):
        lectures[row["host_id"]].append(row)
    for org in orgs:
        params = ctx.params(rule, org)
        for period in ctx.periods("year"):
            given = [
                row
                for holder in secretaries.get(org.id, ())
                for row in lectures.get(holder, ())
                if row["organization__path"].startswith(org.path) and period.contains(local_date(row["held_at"]))
            ]
            outcome = judge_count(
                ctx,
                rule,
                org,
                period,
                count=len(given),
                needed=int(params["at_least"]),
                noun="党课",
                verb="书记讲",
                evidence=[activity_link(row["id"], f"{cn_date(local_date(row['held_at']))}党课") for row in given],
                applied=params,
            )
            if not secretaries.get(org.id) and outcome.status in (VerdictStatus.MISSED, VerdictStatus.IN_PROGRESS):
                outcome.explanation += "（本组织未登记书记任职，请在“班子与届次”中登记）"
            yield outcome
