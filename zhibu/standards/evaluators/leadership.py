"""AGY-04 and AGY-05: leaders' duties of the year, judged per agency organisation (机关党委/党组) from the records of
``zhibu.leadership``. AGY-04 counts each contact point's visits in the year (within its contact period) and names each
leader, the branch and the visits counted with their dates; AGY-05 sums each leader's research days and counts the
reports. While the year runs a shortfall is 进行中, after it 未达标."""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Q

from zhibu.core.derived import Topic
from zhibu.core.periods import Period
from zhibu.leadership.models import ContactPoint, ContactVisit, ResearchRecord
from zhibu.standards.catalogue import Rule
from zhibu.standards.engine import Context, Org, Outcome, link, period_label
from zhibu.standards.models import VerdictStatus
from zhibu.standards.registry import evaluator

TOPICS = (Topic.LEADERSHIP, Topic.ORGANIZATIONS, Topic.MEMBERS)
CONTACT_PAGE = "leadership:contact_detail"
RESEARCH_PAGE = "leadership:research_detail"


def _day(day: datetime.date) -> str:
    return f"{day.month}月{day.day}日"


def _year(ctx: Context) -> Period | None:
    periods = ctx.periods("year")
    return periods[0] if periods else None


def _contacts(orgs: list[Org], period: Period) -> dict[int, list[ContactPoint]]:
    """Agency → its contact points open at some time in the year (leaders whose records are restricted left out)."""
    rows = (
        ContactPoint.objects.filter(
            organization_id__in=[org.id for org in orgs],
            since__lte=period.end,
            leader__restricted_at__isnull=True,
        )
        .filter(Q(until__isnull=True) | Q(until__gte=period.start))
        .select_related("leader", "branch")
        .order_by("leader__name", "since", "pk")
    )
    found: dict[int, list[ContactPoint]] = defaultdict(list)
    for contact in rows:
        found[contact.organization_id].append(contact)
    return found


def _finish(
    rule: Rule,
    ctx: Context,
    org: Org,
    period: Period,
    params: dict[str, Any],
    short: list[str],
    lines: list[str],
    evidence: list[dict[str, str]],
    heading: str,
) -> Outcome:
    label = period_label(period)
    if not short:
        return Outcome(
            rule.id, org.id, period, VerdictStatus.MET, f"{label}{heading}：{'；'.join(lines)}", evidence, params
        )
    text = f"{label}{len(lines)}名领导干部中{len(short)}人未达到要求：{'；'.join(short)}"
    if period.end >= ctx.today:
        days = period.days_left(ctx.today)
        return Outcome(
            rule.id, org.id, period, VerdictStatus.IN_PROGRESS, f"{text}；距年末还有{days}天", evidence, params
        )
    return Outcome(rule.id, org.id, period, VerdictStatus.MISSED, text, evidence, params)


@evaluator("contact_point_visits", topics=TOPICS)
def contact_point_visits(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """AGY-04: every leader with a contact point open in the year visited it at least ``at_least`` times."""
    period = _year(ctx)
    if period is None:
        return
    orgs = ctx.organizations(rule)
    contacts = _contacts(orgs, period)
    visits: dict[int, list[datetime.date]] = defaultdict(list)
    ids = [contact.pk for found in contacts.values() for contact in found]
    for contact_id, day in (
        ContactVisit.objects.filter(contact_id__in=ids, visited_on__range=(period.start, period.end))
        .order_by("visited_on", "pk")
        .values_list("contact_id", "visited_on")
    ):
        visits[contact_id].append(day)
    for org in orgs:
        params = ctx.params(rule, org)
        needed = int(params.get("at_least", 2))
        label = period_label(period)
        if not org.existed_during(period):
            yield Outcome(
                rule.id,
                org.id,
                period,
                VerdictStatus.NOT_APPLICABLE,
                f"{label}本组织尚未成立或已撤销，不作考核",
                [],
                params,
            )
            continue
        found = contacts.get(org.id, [])
        if not found:
            text = f"{label}未登记领导干部党建联系点，不作考核（在“领导干部履职 → 党建联系点”登记）"
            yield Outcome(rule.id, org.id, period, VerdictStatus.NOT_APPLICABLE, text, [], params)
            continue
        short: list[str] = []
        lines: list[str] = []
        evidence: list[dict[str, str]] = []
        for contact in found:
            days = visits.get(contact.pk, [])
            dates = "、".join(_day(day) for day in days)
            line = f"{contact.leader.name}（{contact.branch.name}，{len(days)}次{'：' + dates if dates else ''}）"
            lines.append(line)
            evidence.append(link(CONTACT_PAGE, contact.pk, f"{contact.leader.name}联系{contact.branch.name}"))
            if len(days) < needed:
                short.append(f"{line[:-1]}，差{needed - len(days)}次）")
        heading = f"领导干部到党建联系点均不少于{needed}次"
        yield _finish(rule, ctx, org, period, params, short, lines, evidence, heading)


@evaluator("leader_research", topics=TOPICS)
def leader_research(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """AGY-05: every leader of the agency (one with a contact point open in the year or a research record of the year)
    has ``days`` research days and ``reports`` research reports in the year."""
    period = _year(ctx)
    if period is None:
        return
    orgs = ctx.organizations(rule)
    leaders: dict[int, dict[int, str]] = defaultdict(dict)
    for org_id, found in _contacts(orgs, period).items():
        for contact in found:
            leaders[org_id][contact.leader_id] = contact.leader.name
    records: dict[tuple[int, int], list[ResearchRecord]] = defaultdict(list)
    for record in (
        ResearchRecord.objects.filter(
            organization_id__in=[org.id for org in orgs],
            started_on__range=(period.start, period.end),
            leader__restricted_at__isnull=True,
        )
        .select_related("leader")
        .order_by("started_on", "pk")
    ):
        leaders[record.organization_id][record.leader_id] = record.leader.name
        records[(record.organization_id, record.leader_id)].append(record)
    for org in orgs:
        params = ctx.params(rule, org)
        days_needed, reports_needed = int(params.get("days", 30)), int(params.get("reports", 1))
        label = period_label(period)
        if not org.existed_during(period):
            yield Outcome(
                rule.id,
                org.id,
                period,
                VerdictStatus.NOT_APPLICABLE,
                f"{label}本组织尚未成立或已撤销，不作考核",
                [],
                params,
            )
            continue
        people = sorted(leaders.get(org.id, {}).items(), key=lambda item: (item[1], item[0]))
        if not people:
            text = f"{label}未登记领导干部党建联系点或调研记录，不作考核"
            yield Outcome(rule.id, org.id, period, VerdictStatus.NOT_APPLICABLE, text, [], params)
            continue
        short: list[str] = []
        lines: list[str] = []
        evidence: list[dict[str, str]] = []
        for leader_id, name in people:
            done = records.get((org.id, leader_id), [])
            days = sum(record.days for record in done)
            reports = sum(1 for record in done if record.report_title)
            line = f"{name}（调研{days}天，报告{reports}篇）"
            lines.append(line)
            evidence.extend(link(RESEARCH_PAGE, record.pk, f"{name}：{record.topic}") for record in done)
            gaps = []
            if days < days_needed:
                gaps.append(f"差{days_needed - days}天")
            if reports < reports_needed:
                gaps.append(f"差{reports_needed - reports}篇报告")
            if gaps:
                short.append(f"{line[:-1]}，{'，'.join(gaps)}）")
        heading = f"领导干部调研均不少于{days_needed}天、调研报告不少于{reports_needed}篇"
        yield _finish(rule, ctx, org, period, params, short, lines, evidence, heading)
