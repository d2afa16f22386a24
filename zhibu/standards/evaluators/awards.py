"""AGY-06: award quotas (评先评优名额), judged per 机关工委/机关党委 that sets an award round (``zhibu.awards``) in the
year. The honours approved in each round are counted per category against the rule's caps (a 工委 may set its own):
per branch for the member categories, per round for 先进基层党组织, rounded down as the awards app does at
nomination. The round's own caps stop a nomination; the rule's caps judge what was approved, so a round set with laxer
caps than the standard, or a branch that shrank after its nominations, shows here."""

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from zhibu.awards.models import AwardRound, Category, Honour
from zhibu.awards.services import peers
from zhibu.core.derived import Topic
from zhibu.core.periods import Period
from zhibu.organizations.models import Organization
from zhibu.standards.catalogue import Rule
from zhibu.standards.engine import Context, Org, Outcome, link, period_label
from zhibu.standards.models import VerdictStatus
from zhibu.standards.registry import evaluator

ROUND_PAGE = "awards:round"
PERCENT_KEYS = {
    Category.OUTSTANDING_MEMBER: "member_percent",
    Category.PARTY_WORKER: "worker_percent",
    Category.ADVANCED_ORG: "org_percent",
}
DEFAULT_PERCENT = {"member_percent": 15, "worker_percent": 15, "org_percent": 20}


def percent(params: dict[str, Any], category: str) -> float:
    """The cap in percent; a share written as 0.15 (the override form takes either) reads as 15."""
    key = PERCENT_KEYS[Category(category)]
    value = float(params.get(key, DEFAULT_PERCENT[key]))
    return value * 100 if 0 < value < 1 else value


def cap(peer_count: int, cap_percent: float) -> int:
    # Rounded down in whole numbers, as at nomination: 20 members × 15% = 3 exactly, 38 × 15% = 5.7 → 5.
    return int(peer_count * cap_percent // 100)


def _group_line(
    category: str, quota_org: Organization, approved: int, peer_count: int, limit: int, share: float
) -> str:
    unit = "个" if category == Category.ADVANCED_ORG else "人"
    whose = f"所属基层党组织{peer_count}个" if category == Category.ADVANCED_ORG else f"党员{peer_count}人"
    return (
        f"{quota_org.name}{Category(category).label}批准{approved}{unit}"
        f"（{whose}，上限{limit}{unit}，{share:g}%，向下取整）"
    )


def _honours(rounds: list[AwardRound]) -> dict[int, dict[tuple[str, int], list[Honour]]]:
    """Round → (category, quota organisation) → its approved honours."""
    found: dict[int, dict[tuple[str, int], list[Honour]]] = defaultdict(lambda: defaultdict(list))
    for honour in (
        Honour.objects.filter(nomination__round__in=rounds)
        .select_related("nomination__quota_organization")
        .order_by("nomination__quota_organization__path", "category", "pk")
    ):
        nomination = honour.nomination
        found[nomination.round_id][(honour.category, nomination.quota_organization_id)].append(honour)
    return found


def _judge_round(groups: dict[tuple[str, int], list[Honour]], params: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The lines of a round's approved honours and those of them over the cap."""
    lines: list[str] = []
    over: list[str] = []
    for (category, _), honours in groups.items():  # by the quota organisation's path, then category
        quota_org = honours[0].nomination.quota_organization
        share = percent(params, category)
        peer_count = peers(category, quota_org)
        limit = cap(peer_count, share)
        line = _group_line(category, quota_org, len(honours), peer_count, limit, share)
        lines.append(line)
        if len(honours) > limit:
            unit = "个" if category == Category.ADVANCED_ORG else "人"
            over.append(f"{line[:-1]}，超出{len(honours) - limit}{unit}）")
    return lines, over


@evaluator("award_quotas", topics=(Topic.AWARDS, Topic.MEMBERS, Topic.ORGANIZATIONS))
def award_quotas(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """AGY-06: in every round the organisation sets in the year, the approved honours are within the caps."""
    periods = ctx.periods("year")
    if not periods:
        return
    period = periods[0]
    orgs = ctx.organizations(rule)
    rounds: dict[int, list[AwardRound]] = defaultdict(list)
    for award_round in AwardRound.objects.filter(
        organization_id__in=[org.id for org in orgs], year=period.start.year
    ).order_by("opens_on", "pk"):
        rounds[award_round.organization_id].append(award_round)
    honours = _honours([r for found in rounds.values() for r in found])
    for org in orgs:
        yield _outcome(rule, ctx, org, period, rounds.get(org.id, []), honours)


def _outcome(
    rule: Rule,
    ctx: Context,
    org: Org,
    period: Period,
    rounds: list[AwardRound],
    honours: dict[int, dict[tuple[str, int], list[Honour]]],
) -> Outcome:
    params = ctx.params(rule, org)
    label = period_label(period)

    def outcome(status: str, text: str, evidence: list[dict[str, str]]) -> Outcome:
        return Outcome(rule.id, org.id, period, status, text, evidence, params)

    if not org.existed_during(period):
        return outcome(VerdictStatus.NOT_APPLICABLE, f"{label}本组织尚未成立或已撤销，不作考核", [])
    if not rounds:
        return outcome(VerdictStatus.NOT_APPLICABLE, f"{label}未组织评选表彰，不作考核", [])
    evidence = [link(ROUND_PAGE, award_round.pk, award_round.title) for award_round in rounds]
    parts: list[str] = []
    over: list[str] = []
    for award_round in rounds:
        lines, round_over = _judge_round(honours.get(award_round.pk, {}), params)
        parts.append(f"{award_round.title}：{'；'.join(lines) if lines else '尚无批准的荣誉'}")
        over.extend(f"{award_round.title}：{line}" for line in round_over)
    if over:
        return outcome(VerdictStatus.MISSED, f"{label}批准的荣誉超出名额：{'；'.join(over)}", evidence)
    if not any(honours.get(award_round.pk) for award_round in rounds):
        if period.end >= ctx.today:
            days = period.days_left(ctx.today)
            return outcome(VerdictStatus.IN_PROGRESS, f"{label}{'；'.join(parts)}；距年末还有{days}天", evidence)
        return outcome(VerdictStatus.NOT_APPLICABLE, f"{label}{'；'.join(parts)}，无需核对名额", evidence)
    return outcome(VerdictStatus.MET, f"{label}批准的荣誉均未超出名额：{'。'.join(parts)}", evidence)
