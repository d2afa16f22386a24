"""三会一课 and the other meetings: how often they were held (MTG-01/04/06/07/09/10), whether each one stood
(quorum MTG-02/05/17, votes MTG-03, 第一议题 MTG-15), 民主生活会 (MTG-16) and the secretary's 党课 (MTG-08)."""

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any

from django.db.models import Count, DateField, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Trunc, TruncDate

from zhibu.activities import rules as meeting_rules
from zhibu.activities.models import Activity, ActivityKind, AgendaItem, Attendance, Resolution, Vote
from zhibu.committees.models import Position
from zhibu.core.derived import Topic
from zhibu.core.formatting import cn_date
from zhibu.core.periods import Period
from zhibu.organizations.models import BRANCH_KINDS
from zhibu.standards.catalogue import Rule
from zhibu.standards.engine import (
    Context,
    Org,
    Outcome,
    aware_range,
    judge_count,
    local_date,
    local_zone,
    period_label,
    url_for,
)
from zhibu.standards.evaluators.organization import without_committee
from zhibu.standards.models import VerdictStatus
from zhibu.standards.registry import evaluator

HELD = (Activity.Status.HELD, Activity.Status.MINUTED, Activity.Status.SIGNED)

# One meeting as the event rules read it: ``id``, ``organization_id``, local ``day`` and what the rule checks.
Row = dict[str, Any]
# A kind's meetings in an organisation: first day of the month → (meetings held, day of the last one).
MonthCounts = dict[datetime.date, tuple[int, datetime.date]]
# Why a meeting rule does not apply to an organisation in a period, or None when it does.
Exemption = Callable[[Context, Org, Period], str | None]


def attended() -> Exists:
    """Somebody came (出席, or scanned the check-in code): a meeting with no such row is not held, whatever its status."""
    return Exists(
        Attendance.objects.filter(
            Q(status=Attendance.Status.PRESENT) | Q(checked_in_by_qr=True), activity_id=OuterRef("pk")
        ).order_by()
    )


def held_activities(
    ctx: Context, kind_codes: Iterable[str], *, before_window: bool = False, require_attendance: bool = True
) -> QuerySet[Activity]:
    """Meetings of these kinds held in the window (or before it). ``require_attendance=False`` is for a query that
    counts attendance itself and drops the meetings nobody came to."""
    start, end = ctx.window()
    begin, finish = aware_range(start, end)
    kinds = kinds_by_code(ctx)  # by id: joining the kinds to match their codes cost planning time in every query
    queryset = Activity.objects.filter(kind_id__in=[kinds[code].pk for code in kind_codes if code in kinds])
    queryset = queryset.filter(status__in=HELD)
    queryset = (
        queryset.filter(held_at__lt=begin) if before_window else queryset.filter(held_at__gte=begin, held_at__lt=finish)
    )
    if ctx.organization_ids is not None:
        queryset = queryset.filter(organization_id__in=ctx.organization_ids)
    return queryset.filter(attended()) if require_attendance else queryset


def activity_list_link(org: Org, kind: ActivityKind | None, period: Period, label: str) -> dict[str, str]:
    kind_id = None if kind is None else kind.pk
    return {"label": label, "url": f"{url_for('activities:list')}?organization={org.id}{_list_filter(period, kind_id)}"}


@functools.lru_cache(maxsize=1024)
def _list_filter(period: Period, kind_id: int | None) -> str:
    # ids and ISO dates need no escaping
    query = f"&from={period.start.isoformat()}&to={period.end.isoformat()}"
    return query if kind_id is None else f"{query}&kind={kind_id}"


def activity_link(activity_id: int, label: str) -> dict[str, str]:
    return {"label": label, "url": url_for("activities:detail", True).format(activity_id)}


def kinds_by_code(ctx: Context) -> dict[str, ActivityKind]:
    if "kinds" not in ctx.cache:
        ctx.cache["kinds"] = {kind.code: kind for kind in ActivityKind.objects.all()}
    kinds: dict[str, ActivityKind] = ctx.cache["kinds"]
    return kinds


def _codes_by_id(ctx: Context) -> dict[int, str]:
    return {kind.pk: code for code, kind in kinds_by_code(ctx).items()}


def _frequency_facts(ctx: Context) -> Mapping[str, Mapping[int, MonthCounts]]:
    """Meetings held per kind, organisation and month with the day of the last one: one grouped query for every
    frequency rule of the run together (cached on the context). Days are local dates computed by the database: parsing
    a timestamp per row cost more than the query."""
    if "frequency" in ctx.cache:
        cached: dict[str, dict[int, MonthCounts]] = ctx.cache["frequency"]
        return cached
    zone = local_zone()
    code_of = _codes_by_id(ctx)
    kinds = kinds_by_code(ctx)
    convening = {code for code, kind in kinds.items() if meeting_rules.quorum_conditions_meeting(kind)}
    by_month: dict[str, dict[int, MonthCounts]] = defaultdict(lambda: defaultdict(dict))
    for row in attendance_rows(ctx, convening):
        if _quorum(kinds[row["kind__code"]], row).met:
            months = by_month[row["kind__code"]][row["organization_id"]]
            month = row["day"].replace(day=1)
            n, last = months.get(month, (0, row["day"]))
            months[month] = (n + 1, max(last, row["day"]))
    rows = (
        held_activities(ctx, [code for code in code_of.values() if code not in convening])
        .annotate(month=Trunc("held_at", "month", output_field=DateField(), tzinfo=zone))
        .values_list("kind_id", "organization_id", "month")
        .annotate(n=Count("id"), last=Max(TruncDate("held_at", tzinfo=zone)))
        .order_by()
    )
    for kind_id, org_id, month, n, last in rows:
        by_month[code_of[kind_id]][org_id][month] = (n, last)
    ctx.cache["frequency"] = by_month
    return by_month


def _held_before_window(ctx: Context, code: str, org_id: int) -> datetime.date | None:
    """The day of the last meeting of a kind before the window. Only a missed period's explanation names it, so the
    query runs on the first miss (one for every kind and organisation of the run, cached): a refresh after a meeting
    that met its period skips it."""
    if "earlier" not in ctx.cache:
        code_of = _codes_by_id(ctx)
        earlier: defaultdict[str, dict[int, datetime.date | None]] = defaultdict(dict)
        previous = (
            held_activities(ctx, list(code_of.values()), before_window=True)
            .values_list("kind_id", "organization_id")
            .annotate(last=Max("held_at"))
            .order_by()
        )
        for kind_id, organization_id, last in previous:
            earlier[code_of[kind_id]][organization_id] = local_date(last)
        ctx.cache["earlier"] = earlier
    last_by_kind: dict[str, dict[int, datetime.date | None]] = ctx.cache["earlier"]
    return last_by_kind.get(code, {}).get(org_id)


def _last_before(months: MonthCounts, period: Period, ctx: Context, code: str, org_id: int) -> datetime.date | None:
    before = [last for month, (_, last) in months.items() if month < period.start]
    return max(before) if before else _held_before_window(ctx, code, org_id)


def committee_exemption(kind: ActivityKind | None) -> Exemption | None:
    """``(ctx, org, period) → reason or None``: a committee's meetings are not judged in a branch without a committee
    (ORG-03 judges whether it should have one); None for the kinds any organisation holds."""
    if kind is None or kind.attendees != ActivityKind.Attendees.COMMITTEE:
        return None

    def exempt(ctx: Context, org: Org, period: Period) -> str | None:
        return without_committee(ctx, org, period) if org.kind in BRANCH_KINDS else None

    return exempt


@evaluator(
    "meeting_frequency",
    topics=(Topic.ACTIVITIES, Topic.ATTENDANCE, Topic.COMMITTEES, Topic.MEMBERS, Topic.ORGANIZATIONS),
)
def meeting_frequency(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """At least N meetings of a kind per period; the period itself may be overridden (党课 per quarter or per year).
    Counted: meetings someone attended, and for a kind whose quorum conditions convening, those that reached it."""
    orgs = ctx.organizations(rule)
    if not orgs:
        return
    code = rule.threshold["activity_kind"]
    kind = kinds_by_code(ctx).get(code)
    noun = kind.name if kind else code
    by_month = _frequency_facts(ctx).get(code, {})
    exempt = committee_exemption(kind)
    for org in orgs:
        params = ctx.params(rule, org)
        needed = int(params["at_least"])
        unit = params.get("period", rule.period)
        periods, slot_of_month = ctx.periods(unit), ctx.month_slots(unit)
        months = by_month.get(org.id, {})
        counts = [0] * len(periods)
        for month, (n, _) in months.items():
            slot = slot_of_month.get(month)
            if slot is not None:
                counts[slot] += n
        fixed = _fixed_day(ctx, code, org.id, params) if unit == "month" else None
        for period, count in zip(periods, counts, strict=True):
            reason = exempt(ctx, org, period) if exempt and org.existed_throughout(period) else None
            if reason:
                yield Outcome(rule.id, org.id, period, VerdictStatus.NOT_APPLICABLE, reason, [], params)
                continue
            outcome = judge_count(
                ctx,
                rule,
                org,
                period,
                count=count,
                needed=needed,
                noun=noun,
                # only a missed period's explanation names the last meeting before it (a period not over is not missed)
                last_before=(
                    _last_before(months, period, ctx, code, org.id)
                    if count < needed and period.end < ctx.today
                    else None
                ),
                evidence=[activity_list_link(org, kind, period, f"{period.label}{noun}记录")],
                applied=params,
            )
            if fixed and outcome.status == VerdictStatus.MET:
                _judge_fixed_day(ctx, outcome, fixed, _meeting_days(ctx, code).get((org.id, period.start), []))
            yield outcome


FIXED_DAY_AFTER = 3  # meetings of the year before a branch's usual day can be told


def _meeting_days(ctx: Context, code: str) -> dict[tuple[int, datetime.date], list[datetime.date]]:
    """The local days of every meeting of a kind held in the window, by organisation and month (cached per kind)."""
    return _days(ctx, code)[0]


def _days(ctx: Context, code: str) -> tuple[dict[tuple[int, datetime.date], list[datetime.date]], dict[int, list[int]]]:
    """(days by organisation and month, days of the month by organisation) of a kind's meetings: one query."""
    key = ("days", code)
    if key not in ctx.cache:
        by_month: defaultdict[tuple[int, datetime.date], list[datetime.date]] = defaultdict(list)
        by_org: defaultdict[int, list[int]] = defaultdict(list)
        for org_id, day in (
            held_activities(ctx, [code])
            .annotate(day=TruncDate("held_at", tzinfo=local_zone()))
            .values_list("organization_id", "day")
            .order_by("day")
        ):
            by_month[(org_id, day.replace(day=1))].append(day)
            by_org[org_id].append(day.day)
        ctx.cache[key] = by_month, by_org
    days: tuple[dict[tuple[int, datetime.date], list[datetime.date]], dict[int, list[int]]] = ctx.cache[key]
    return days


def _fixed_day(ctx: Context, code: str, org_id: int, params: dict[str, Any]) -> tuple[int, int] | None:
    """(usual day of the month, days either side allowed) when the rule checks a relatively fixed day (MTG-09): the
    median day of the month of the year's meetings, once there are enough of them to tell."""
    within = params.get("fixed_day_within")
    if within is None:
        return None
    days = sorted(_days(ctx, code)[1].get(org_id, ()))
    if len(days) < FIXED_DAY_AFTER:
        return None
    return days[(len(days) - 1) // 2], int(within)


def _judge_fixed_day(ctx: Context, outcome: Outcome, fixed: tuple[int, int], days: list[datetime.date]) -> None:
    usual, within = fixed
    where = f"本年相对固定的每月{usual}日前后{within}天"
    if any(abs(day.day - usual) <= within for day in days):
        outcome.explanation += f"，在{where}内"
        return
    held = "、".join(cn_date(day) for day in days[:3])
    outcome.explanation = f"{outcome.period.label}于{held}召开，不在{where}内"
    outcome.status = VerdictStatus.MISSED if outcome.period.end < ctx.today else VerdictStatus.IN_PROGRESS


QUORUM_KINDS = ("general_meeting", "branch_committee", "leading_group", "democratic_life", "life_meeting")


def _quorum(kind: ActivityKind, row: Row) -> meeting_rules.QuorumResult:
    return meeting_rules.quorum(kind, row["expected"], row["present"], row["eligible"], row["present_eligible"])


def attendance_rows(ctx: Context, kind_codes: Iterable[str]) -> list[Row]:
    """One row per meeting held in the window: who should have come, who came, who may vote. One aggregate for all the
    kinds whose attendance a rule judges, shared by those rules (cached on the context)."""
    if "attendance" not in ctx.cache:
        ctx.cache["attendance"] = _attendance_rows(ctx, QUORUM_KINDS)
    wanted = set(kind_codes)
    if not wanted <= set(QUORUM_KINDS):
        return _attendance_rows(ctx, kind_codes)
    return [row for row in ctx.cache["attendance"] if row["kind__code"] in wanted]


def agenda_flags(ctx: Context) -> tuple[set[int], set[int]]:
    """The meetings held in the window that discussed 干部任免, and those that opened with the 第一议题: one query
    apart from the attendance aggregate (as a column of it PostgreSQL evaluated the test once per attendance row and
    grouped by it), shared by the quorum and first-topic rules (cached on the context)."""
    if "agenda" not in ctx.cache:
        cadre: set[int] = set()
        opened: set[int] = set()
        items = AgendaItem.objects.filter(
            Q(is_cadre_appointment=True) | Q(position=1, is_first_topic=True),
            activity__in=held_activities(ctx, list(kinds_by_code(ctx))),
        ).order_by()  # the model's order joins the meetings
        for activity_id, is_cadre, position, is_first in items.values_list(
            "activity_id", "is_cadre_appointment", "position", "is_first_topic"
        ):
            if is_cadre:
                cadre.add(activity_id)
            if position == 1 and is_first:
                opened.add(activity_id)
        ctx.cache["agenda"] = (cadre, opened)
    flags: tuple[set[int], set[int]] = ctx.cache["agenda"]
    return flags


def _attendance_rows(ctx: Context, kind_codes: Iterable[str]) -> list[Row]:
    """Meetings nobody came to are left out: they were not held."""
    meetings = held_activities(ctx, kind_codes, require_attendance=False)
    cadre, _ = agenda_flags(ctx)
    code_of = _codes_by_id(ctx)
    present = Q(attendance__status=Attendance.Status.PRESENT)
    voting = Q(attendance__has_voting_rights=True)
    rows = list(
        meetings.annotate(day=TruncDate("held_at", tzinfo=local_zone()))
        .values("id", "organization_id", "day", "kind_id")
        .annotate(
            expected=Count("attendance"),
            present=Count("attendance", filter=present),
            eligible=Count("attendance", filter=voting),
            present_eligible=Count("attendance", filter=present & voting),
        )
        .order_by()
    )
    rows = [row for row in rows if row["present"]]
    for row in rows:
        row["kind__code"] = code_of.get(row["kind_id"])
        row["cadre_items"] = row["id"] in cadre
    return rows


def _monthly(
    rule: Rule,
    ctx: Context,
    rows: Iterable[Row],
    check: Callable[[Row], tuple[bool, str]],
    noun: str,
    *,
    exempt: Exemption | None = None,
    nothing: str = "未召开",
) -> Iterator[Outcome]:
    """Event rules judged per month: 不适用 when nothing was held (or ``exempt`` gives a reason), 未达标 when any meeting
    failed ``check``. Each row has the meeting's ``id``, ``organization_id`` and local ``day``."""
    by_org_month: dict[tuple[int, datetime.date], list[tuple[datetime.date, Row]]] = defaultdict(list)
    for row in rows:
        day = row["day"]
        by_org_month[(row["organization_id"], day.replace(day=1))].append((day, row))
    periods = ctx.periods("month")
    nothing_held = {period: f"{period.label}{nothing}{noun}" for period in periods}
    for org in ctx.organizations(rule):
        params = ctx.params(rule, org)
        for period in periods:
            reason = exempt(ctx, org, period) if exempt else None
            if reason:
                yield Outcome(rule.id, org.id, period, VerdictStatus.NOT_APPLICABLE, reason, [], params)
                continue
            meetings = by_org_month.get((org.id, period.start))
            if not meetings:
                yield Outcome(rule.id, org.id, period, VerdictStatus.NOT_APPLICABLE, nothing_held[period], [], params)
                continue
            meetings.sort(key=_first)
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
                    f"{period.label}召开{noun}{len(meetings)}次，均符合要求",
                    evidence,
                    params,
                )


def _first(pair: tuple[datetime.date, Row]) -> datetime.date:
    return pair[0]


def decided(ctx: Context) -> set[int]:
    """The meetings held in the window that voted or resolved something (cached on the context)."""
    if "decided" not in ctx.cache:
        meetings = held_activities(ctx, list(kinds_by_code(ctx)))
        found = set(Vote.objects.filter(activity__in=meetings).values_list("activity_id", flat=True).order_by())
        found |= set(Resolution.objects.filter(activity__in=meetings).values_list("activity_id", flat=True).order_by())
        ctx.cache["decided"] = found
    voted_or_resolved: set[int] = ctx.cache["decided"]
    return voted_or_resolved


@evaluator(
    "meeting_quorum", topics=(Topic.ACTIVITIES, Topic.ATTENDANCE, Topic.COMMITTEES, Topic.MEMBERS, Topic.ORGANIZATIONS)
)
def meeting_quorum(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """Each meeting reached its quorum (the kind's quorum rule, as the meeting page shows it). Where the quorum
    conditions only the votes (党员大会), only the meetings that voted or resolved something are judged; a rule with a
    ``cadre_appointment`` share (the 党组's) also wants that share present when 干部任免 was on the agenda."""
    code = rule.threshold["activity_kind"]
    kind = kinds_by_code(ctx).get(code)
    if kind is None or not ctx.organizations(rule):
        return
    rows = attendance_rows(ctx, [code])
    nothing = "未召开"
    if not meeting_rules.quorum_conditions_meeting(kind) and kind.quorum != ActivityKind.Quorum.NONE:
        voted = decided(ctx)
        rows, nothing = [row for row in rows if row["id"] in voted], "没有进行表决的"
    share = rule.threshold.get("cadre_appointment")
    cadre = Fraction(str(share)).limit_denominator(12) if share else None

    def check(row: Row) -> tuple[bool, str]:
        result = _quorum(kind, row)
        ok, text = result.met, result.text
        if cadre and row["cadre_items"] and row["present"] * cadre.denominator < row["expected"] * cadre.numerator:
            ok, text = False, f"{text}；讨论干部任免须{_share_words(cadre)}以上到会，未达到"
        return ok, text

    yield from _monthly(rule, ctx, rows, check, kind.name, exempt=committee_exemption(kind), nothing=nothing)


def _share_words(share: Fraction) -> str:
    return {Fraction(2, 3): "三分之二", Fraction(1, 2): "半数"}.get(share, f"{share.denominator}分之{share.numerator}")


@evaluator(
    "vote_majority", topics=(Topic.ACTIVITIES, Topic.ATTENDANCE, Topic.ORGANIZATIONS), kinds=("general_meeting",)
)
def vote_majority(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """MTG-03: each recorded vote's 通过/未通过 is what the meeting page's rule gives on the meeting's attendance as it
    stands now; attendance corrected after the vote can leave a result that no longer holds."""
    code = rule.threshold.get("activity_kind", "general_meeting")
    kind = kinds_by_code(ctx).get(code)
    if kind is None or not ctx.organizations(rule):
        return
    votes: dict[int, list[list[Any]]] = defaultdict(list)
    for activity_id, *vote in (
        Vote.objects.filter(activity__in=held_activities(ctx, [code]))
        .values_list("activity_id", "subject", "yes", "no", "abstain", "passed", "agenda_item__is_cadre_appointment")
        .order_by("id")
    ):
        votes[activity_id].append(vote)
    rows = [row for row in attendance_rows(ctx, [code]) if row["id"] in votes]
    by_voters = kind.quorum == ActivityKind.Quorum.HALF_OF_VOTERS

    def check(row: Row) -> tuple[bool, str]:
        counts = (row["expected"], row["present"], row["eligible"], row["present_eligible"])
        voters_present = row["present_eligible"] if by_voters else row["present"]
        problems = []
        for subject, yes, no, abstain, passed, cadre in votes[row["id"]]:
            if yes + no + abstain > voters_present:
                problems.append(f"“{subject}”投票合计{yes + no + abstain}票，多于实到有表决权的{voters_present}人")
                continue
            result = meeting_rules.evaluate_vote(kind, *counts, yes, no, abstain, needs_two_thirds=bool(cadre))
            if result.passed != passed:
                recorded, due = ("通过", "未通过") if passed else ("未通过", "通过")
                problems.append(f"“{subject}”记为{recorded}，按出席情况应为{due}（{result.explanation}）")
        return not problems, "；".join(problems)

    yield from _monthly(rule, ctx, rows, check, f"{kind.name}表决")


@evaluator("first_topic", topics=(Topic.ACTIVITIES, Topic.ATTENDANCE, Topic.ORGANIZATIONS))
def first_topic(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    codes = rule.threshold["activity_kinds"]
    if not ctx.organizations(rule):
        return
    meetings = held_activities(ctx, codes)
    _, opened = agenda_flags(ctx)
    rows = [
        {"id": pk, "organization_id": org_id, "day": day, "opened": pk in opened}
        for pk, org_id, day in meetings.annotate(day=TruncDate("held_at", tzinfo=local_zone()))
        .values_list("id", "organization_id", "day")
        .order_by()
    ]
    yield from _monthly(rule, ctx, rows, lambda row: (row["opened"], "第一项议程不是“第一议题”"), "会议")


@evaluator(
    "democratic_life", topics=(Topic.ACTIVITIES, Topic.ATTENDANCE, Topic.ORGANIZATIONS), kinds=("democratic_life",)
)
def democratic_life(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """民主生活会 once a year, with at least two thirds of those expected present."""
    code = rule.threshold.get("activity_kind", "democratic_life")
    kind = kinds_by_code(ctx).get(code)
    orgs = ctx.organizations(rule)
    if kind is None or not orgs:
        return
    by_org: dict[int, list[Row]] = defaultdict(list)
    for row in attendance_rows(ctx, [code]):
        by_org[row["organization_id"]].append(row)
    for org in orgs:
        params = ctx.params(rule, org)
        for period in ctx.periods("year"):
            rows = [row for row in by_org.get(org.id, []) if period.contains(row["day"])]
            good = [row for row in rows if row["present"] * 3 >= row["expected"] * 2]
            evidence = [activity_link(row["id"], f"{cn_date(row['day'])}{kind.name}") for row in rows]
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


@evaluator(
    "secretary_lecture",
    topics=(Topic.ACTIVITIES, Topic.ATTENDANCE, Topic.COMMITTEES, Topic.ORGANIZATIONS),
    kinds=("party_lecture",),
)
def secretary_lecture(rule: Rule, ctx: Context) -> Iterator[Outcome]:
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
    lectures: defaultdict[int, list[Row]] = defaultdict(list)
    hosts = {holder for holders in secretaries.values() for holder in holders}
    begin, finish = aware_range(start, end)
    for row in Activity.objects.filter(
        attended(),
        kind__code="party_lecture",
        status__in=HELD,
        host_id__in=hosts,
        held_at__gte=begin,
        held_at__lt=finish,
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
