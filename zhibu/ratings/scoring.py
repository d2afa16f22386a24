"""The score of every branch on a sheet, computed from the stored verdicts and the manual scores in a few queries.

Points are counted over what applies: an automatic item whose rules have no verdict due this year, or a manual item
not yet scored, is left out of both the points earned and the points possible, and the result says so. The score is
the share of possible points earned; the stars follow the sheet's lines, and the five-star quota if it has one.

A branch with items still to be scored has a provisional score: it is ranked apart, after the fully scored branches,
and takes a five-star place only if one is left once every fully scored branch above the line has had its place."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count
from django.urls import reverse

from zhibu.organizations.models import Organization
from zhibu.ratings.models import DEFAULT_STAR_LINES, Dimension, ManualScore, ScoringItem, ScoringSheet
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.standards.reports import year_verdicts

TENTH = Decimal("0.1")
PASSED = (VerdictStatus.MET, VerdictStatus.EXPLAINED)


@dataclass
class ItemResult:
    item: ScoringItem
    earned: Decimal | None  # None: left out (nothing due yet, or not yet scored)
    basis: str
    url: str = ""
    pending: bool = False

    @property
    def possible(self) -> Decimal:
        return self.item.points if self.earned is not None else Decimal(0)


@dataclass
class DimensionResult:
    dimension: str
    label: str
    earned: Decimal = Decimal(0)
    possible: Decimal = Decimal(0)

    @property
    def percent(self) -> float | None:
        return _percent(self.earned, self.possible)


@dataclass
class BranchResult:
    organization: Organization
    items: list[ItemResult] = field(default_factory=list)
    stars: int = 0
    star_note: str = ""
    four_strong: bool = False
    four_strong_note: str = ""
    rank: int = 0  # within its group: the fully scored branches, or those with items still to be scored

    @property
    def earned(self) -> Decimal:
        return sum((r.earned for r in self.items if r.earned is not None), Decimal(0))

    @property
    def possible(self) -> Decimal:
        return sum((r.possible for r in self.items), Decimal(0))

    @property
    def percent(self) -> float | None:
        return _percent(self.earned, self.possible)

    @property
    def pending(self) -> int:
        return sum(1 for r in self.items if r.pending)

    @property
    def dimensions(self) -> list[DimensionResult]:
        rows = {code: DimensionResult(code, label) for code, label in Dimension.choices}
        for result in self.items:
            row = rows[result.item.dimension]
            row.possible += result.possible
            row.earned += result.earned or 0
        return list(rows.values())


def _percent(earned: Decimal, possible: Decimal) -> float | None:
    return None if not possible else float((earned * 100 / possible).quantize(TENTH, ROUND_HALF_UP))


def results(sheet: ScoringSheet, branches: list) -> list[BranchResult]:
    items = list(sheet.items.all())
    rule_ids = {rule_id for item in items if item.kind == ScoringItem.Kind.AUTO for rule_id in item.rule_ids}
    counts: defaultdict[Any, defaultdict[Any, int]] = defaultdict(lambda: defaultdict(int))  # (org, rule) → status → n
    rows = (
        year_verdicts(Verdict.objects.filter(organization__in=branches, rule_id__in=rule_ids), sheet.year)
        .values_list("organization_id", "rule_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for org_id, rule_id, status, n in rows:
        counts[(org_id, rule_id)][status] += n
    scores = {
        (score.item_id, score.organization_id): score
        for score in ManualScore.objects.filter(item__sheet=sheet, organization__in=branches).select_related("assessor")
    }
    out = []
    for branch in branches:
        result = BranchResult(branch)
        for item in items:
            if item.kind == ScoringItem.Kind.AUTO:
                result.items.append(_auto(item, branch, counts, sheet.year))
            else:
                result.items.append(_manual(item, scores.get((item.pk, branch.pk))))
        out.append(result)
    _award(sheet, out)
    return out


def _auto(item, branch, counts, year) -> ItemResult:
    passed = judged = 0
    parts = []
    for rule_id in item.rule_ids:
        statuses = counts.get((branch.pk, rule_id), {})
        rule_passed = sum(statuses.get(status, 0) for status in PASSED)
        rule_judged = rule_passed + statuses.get(VerdictStatus.MISSED, 0)
        if rule_judged:
            parts.append(f"{rule_id} 达标{rule_passed}/{rule_judged}")
        passed, judged = passed + rule_passed, judged + rule_judged
    url = f"{reverse('standards:sheet')}?organization={branch.pk}&year={year}"
    if not judged:
        return ItemResult(item, None, "本年度所列规则尚无到期的评估结论，不计分", url)
    earned = (item.points * passed / judged).quantize(TENTH, ROUND_HALF_UP)
    return ItemResult(item, earned, f"{'；'.join(parts)}，得分 = {item.points} × {passed}/{judged}", url)


def _manual(item, score) -> ItemResult:
    if score is None:
        return ItemResult(item, None, "待评分", pending=True)
    return ItemResult(item, score.points, f"{score.assessor}评分：{score.basis}")


def _award(sheet: ScoringSheet, out: list[BranchResult]) -> None:
    lines = sorted(((int(stars), float(line)) for stars, line in (sheet.star_lines or DEFAULT_STAR_LINES).items()))
    for result in out:
        percent = result.percent
        result.stars = 1 if percent is not None else 0
        for stars, line in lines:
            if percent is not None and percent >= line:
                result.stars = max(result.stars, stars)
        if percent is None:
            result.star_note = "尚无可计分的项目"
    if sheet.five_star_quota is not None:
        allowed = math.floor(len(out) * sheet.five_star_quota / 100)
        for result in ranked([r for r in out if r.stars == 5])[allowed:]:
            result.stars = 4
            result.star_note = f"达到五星分数线，受五星名额（{sheet.five_star_quota}%，共{allowed}个）限制评为四星"
            if result.pending:
                result.star_note += "；尚有项目待评分，排在评分完整的党支部之后"
    for result in out:
        short = [d.label for d in result.dimensions if d.percent is None or d.percent < sheet.four_strong_line]
        result.four_strong = result.stars >= 3 and not short
        if short:
            result.four_strong_note = f"{'、'.join(short)}未达到{sheet.four_strong_line}%"
        elif result.stars < 3:
            result.four_strong_note = "未达到三星，不具备推荐条件"


def ranked(out: list[BranchResult]) -> list[BranchResult]:
    """Fully scored branches by score, then those with items still to be scored by their provisional score; each
    numbered within its own group."""
    order = sorted(
        out, key=lambda r: (r.pending > 0, -(r.percent if r.percent is not None else -1), str(r.organization))
    )
    counters = {False: 0, True: 0}
    for result in order:
        counters[result.pending > 0] += 1
        result.rank = counters[result.pending > 0]
    return order
