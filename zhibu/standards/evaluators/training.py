"""EDU-01 and EDU-02: each person's training hours of the year (``zhibu.training.hours``: meetings attended at their
kind's hours, training-class sessions, external trainings), judged per branch and year. The verdict names who is short
and by how much; while the year runs a shortfall is 进行中, after it 未达标."""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Q

from zhibu.committees.models import Position
from zhibu.core.derived import Topic
from zhibu.members.models import Member
from zhibu.standards.catalogue import Rule
from zhibu.standards.engine import Context, Org, Outcome, link, period_label
from zhibu.standards.models import VerdictStatus
from zhibu.standards.registry import evaluator
from zhibu.training.hours import Totals, fmt, totals_for

TOPICS = (Topic.TRAINING, Topic.ATTENDANCE, Topic.ACTIVITIES, Topic.MEMBERS, Topic.COMMITTEES)
PERSON_PAGE = "training:person"
SHOWN = 5  # people named in an explanation; the rest are counted


def _members(ctx: Context, orgs: list[Org], year: int) -> dict[int, list[tuple[int, str]]]:
    """Branch → its members on the roll who were members before the year began (one who joins during the year is
    trained as a probationary member, not judged on the year's hours)."""
    rows = Member.objects.current().filter(
        organization_id__in=[org.id for org in orgs], joined_on__lt=datetime.date(year, 1, 1)
    )
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for org_id, pk, name in rows.order_by("name", "pk").values_list("organization_id", "pk", "name"):
        found[org_id].append((pk, name))
    return found


def _committee(orgs: list[Org], year: int) -> dict[int, list[tuple[int, str]]]:
    """Branch → the people who sat on its committee at some time during the year (secretary included)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = (
        Position.objects.filter(
            term__organization_id__in=[org.id for org in orgs],
            holder__isnull=False,
            holder__restricted_at__isnull=True,
            started_on__lte=end,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .order_by("holder__name", "holder_id")
        .values_list("term__organization_id", "holder_id", "holder__name")
    )
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for org_id, pk, name in rows:
        if (pk, name) not in found[org_id]:
            found[org_id].append((pk, name))
    return found


def _judge(
    rule: Rule,
    ctx: Context,
    people_of: dict[int, list[tuple[int, str]]],
    noun: str,
    concentrated_needed: int,
) -> Iterator[Outcome]:
    orgs = ctx.organizations(rule)
    periods = ctx.periods("year")
    if not periods:
        return
    period = periods[0]
    everyone = {pk for people in people_of.values() for pk, _ in people}
    hours = totals_for(everyone, period.start.year, until=ctx.today)
    for org in orgs:
        params = ctx.params(rule, org)
        needed = Decimal(str(params.get("hours", 32)))
        label = period_label(period)
        people = people_of.get(org.id, [])

        def outcome(
            status: str, text: str, evidence: list[dict[str, str]], org: Org = org, params: dict[str, Any] = params
        ) -> Outcome:
            return Outcome(rule.id, org.id, period, status, text, evidence, params)

        if not org.existed_during(period):
            yield outcome(VerdictStatus.NOT_APPLICABLE, f"{label}本组织尚未成立或已撤销，不作考核", [])
            continue
        if not people:
            yield outcome(VerdictStatus.NOT_APPLICABLE, f"本支部没有需考核学时的{noun}", [])
            continue
        short = []
        for pk, name in people:
            had: Totals = hours[pk]
            gaps = []
            if had.total < needed:
                gaps.append(f"已{fmt(had.total)}学时，差{fmt(needed - had.total)}学时")
            if concentrated_needed and had.concentrated < concentrated_needed:
                gaps.append("未参加集中培训")
            if gaps:
                short.append((pk, name, "，".join(gaps)))
        requirement = f"{fmt(needed)}学时" + ("并参加1次集中培训" if concentrated_needed else "")
        if not short:
            yield outcome(VerdictStatus.MET, f"{label}{noun}{len(people)}人均已达到{requirement}", [])
            continue
        names = "；".join(f"{name}（{detail}）" for _, name, detail in short[:SHOWN])
        more = f"等{len(short)}人" if len(short) > SHOWN else ""
        evidence = [link(PERSON_PAGE, pk, name) for pk, name, _ in short[:SHOWN]]
        text = f"{len(people)}名{noun}中{len(short)}人未达到{requirement}：{names}{more}"
        if period.end >= ctx.today:
            days = period.days_left(ctx.today)
            yield outcome(VerdictStatus.IN_PROGRESS, f"{label}{text}；距年末还有{days}天", evidence)
        else:
            yield outcome(VerdictStatus.MISSED, f"{label}{text}", evidence)


@evaluator("training_hours", topics=TOPICS)
def training_hours(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """EDU-01: every member on the roll (a member since before the year) has the year's hours."""
    orgs = ctx.organizations(rule)
    yield from _judge(rule, ctx, _members(ctx, orgs, ctx.year), "党员", 0)


@evaluator("committee_training", topics=TOPICS)
def committee_training(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """EDU-02: whoever sat on the branch committee during the year has the year's hours and a concentrated
    training."""
    orgs = ctx.organizations(rule)
    needed = int(rule.threshold.get("concentrated", 1))
    yield from _judge(rule, ctx, _committee(orgs, ctx.year), "支部委员", needed)
