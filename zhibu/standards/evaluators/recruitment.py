"""发展党员 (DEV-01 … DEV-23): the review of each recruit's recorded path (``zhibu/recruitment/review.py``) grouped into
one verdict per branch, rule and month. A month in which nothing of a rule happened in a branch has no verdict: most
branches recruit nobody in most months, and a 不适用 for each would be most of the table."""

import datetime
from collections import defaultdict
from collections.abc import Iterator

from zhibu.core.derived import Topic
from zhibu.core.periods import Period
from zhibu.recruitment import review
from zhibu.standards.catalogue import Rule, by_id
from zhibu.standards.engine import Context, Org, Outcome, link
from zhibu.standards.models import VerdictStatus
from zhibu.standards.registry import evaluator

STATUSES = {
    review.MISSED: VerdictStatus.MISSED,
    review.PENDING: VerdictStatus.IN_PROGRESS,
    review.EXPLAINED: VerdictStatus.EXPLAINED,
    review.MET: VerdictStatus.MET,
}
WORST_FIRST = list(STATUSES)
SHOWN = 3

_Found = dict[tuple[int, str], dict[datetime.date, list[review.Finding]]]


def _findings(ctx: Context) -> _Found:
    """Every finding of the slice's branches in the slice's year, by (branch, rule) and month: read once per run."""
    if "recruitment" in ctx.cache:
        cached: _Found = ctx.cache["recruitment"]
        return cached
    start, end = ctx.window()
    probation = by_id()[review.PROBATION_RULE]
    orgs = {org.id: org for org in ctx.orgs}

    def discussion_months(organization_id: int) -> int:
        org = orgs.get(organization_id)
        return int(ctx.params(probation, org)["within_months"]) if org else int(probation.threshold["within_months"])

    found: _Found = defaultdict(lambda: defaultdict(list))
    recruits = review.reviewed(ctx.organization_ids, start)
    for finding in review.findings(recruits, today=ctx.today, discussion_months=discussion_months):
        if start <= finding.day <= end:
            found[(finding.organization_id, finding.rule)][finding.day.replace(day=1)].append(finding)
    ctx.cache["recruitment"] = found
    return found


@evaluator(
    "recruitment_path", topics=(Topic.RECRUITMENT, Topic.ORGANIZATIONS), whole_year=True, reads=("within_months",)
)
def recruitment_path(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    orgs = ctx.organizations(rule)
    if not orgs:
        return
    found = _findings(ctx)
    periods = ctx.periods("month")
    for org in orgs:
        months = found.get((org.id, rule.id))
        if not months:
            continue
        for period in periods:
            items = months.get(period.start)
            if items:
                yield _outcome(rule, ctx, org, period, items)


def _outcome(rule: Rule, ctx: Context, org: Org, period: Period, items: list[review.Finding]) -> Outcome:
    ordered = sorted(items, key=lambda item: (WORST_FIRST.index(item.status), item.day, item.name))
    status = STATUSES[ordered[0].status]
    texts = list(dict.fromkeys(item.text for item in ordered))
    more = f"等{len(texts)}项" if len(texts) > SHOWN else ""
    people = list(dict.fromkeys((item.recruit_id, item.name) for item in ordered))
    evidence = [link("recruitment:detail", pk, name) for pk, name in people[:5]]
    return Outcome(rule.id, org.id, period, status, "；".join(texts[:SHOWN]) + more, evidence, ctx.params(rule, org))
