"""Read-only views of the stored verdicts: a branch's sheet (rule × period) and the compliance figures of a subtree.

Everything starts from ``Verdict.objects.visible_to(user)``; the figures are a handful of grouped queries, so a
工委 with thousands of branches reads them as quickly as a 党委 with twenty.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.db.models import Count, QuerySet
from django.utils import timezone

from zhibu.core.periods import Period, period_of
from zhibu.organizations.models import BRANCH_KINDS, Organization
from zhibu.standards.catalogue import Rule, catalogue
from zhibu.standards.filters import year_condition
from zhibu.standards.labels import rule_label
from zhibu.standards.models import Verdict, VerdictStatus

CSS: dict[str, str] = {
    VerdictStatus.MET: "green",
    VerdictStatus.IN_PROGRESS: "blue",
    VerdictStatus.MISSED: "red",
    VerdictStatus.NOT_APPLICABLE: "grey",
    VerdictStatus.EXPLAINED: "grey",
}
JUDGED = (VerdictStatus.MET, VerdictStatus.EXPLAINED, VerdictStatus.MISSED)
MONTHS = range(1, 13)


def rate(met: int, missed: int) -> float | None:
    """Compliance = (达标 + 已说明) / judged; periods in progress and items not applicable do not count."""
    return None if met + missed == 0 else round(met * 100 / (met + missed), 1)


@dataclass
class Cell:
    span: int
    verdict: Verdict | None
    label: str

    @property
    def css(self) -> str:
        return CSS.get(self.verdict.status, "") if self.verdict else "empty"


PROBLEMS = (VerdictStatus.MISSED, VerdictStatus.IN_PROGRESS)


@dataclass
class SheetRow:
    rule: Rule
    cells: list[Cell] = field(default_factory=list)

    @property
    def judged_cells(self) -> list[Cell]:
        """Problems first (未达标, then 进行中), then the rest in period order: how the phone list reads."""
        judged = [cell for cell in self.cells if cell.verdict is not None]
        return sorted(judged, key=lambda cell: _problem_rank(cell.verdict) if cell.verdict else len(PROBLEMS))

    @property
    def has_problem(self) -> bool:
        return any(cell.verdict.status in PROBLEMS for cell in self.cells if cell.verdict is not None)


def _problem_rank(verdict: Verdict) -> int:
    return PROBLEMS.index(verdict.status) if verdict.status in PROBLEMS else len(PROBLEMS)


@dataclass
class SheetView:
    """The sheet as the page lays it out: the rows with verdicts (problems first on a phone), and apart, collapsed,
    the rows nothing has been judged for, so a 未评估 row never sits between two rows that need action."""

    judged: list[SheetRow]
    unjudged: list[SheetRow]
    hidden: int
    counts: dict[str, int]
    period: str = ""  # what the counts cover, as the summary line names it (see ``period_heading``)

    @property
    def unjudged_summary(self) -> str:
        """The collapsed rows named for what they are: rules not evaluated at all, and evaluated rules with nothing to
        judge this year (a branch that recruited nobody has no 发展党员 verdict)."""
        total = len(self.unjudged)
        pending = sum(not row.rule.evaluated for row in self.unjudged)
        if pending == total:
            return f"未评估的 {total} 项"
        if pending == 0:
            return f"本年度没有需评估事项的 {total} 项"
        return f"暂无结论的 {total} 项：未评估 {pending} 项，本年度没有需评估的事项 {total - pending} 项"

    @property
    def problems_first(self) -> list[SheetRow]:
        return sorted(self.judged, key=lambda row: not row.has_problem)


def sheet_view(
    organization: Organization, verdicts: QuerySet[Verdict], year: int, *, only_problems: bool = False
) -> SheetView:
    """The sheet's rows split for display, and the counts of the year's verdicts by status for the summary line."""
    rows = sheet(organization, verdicts, year)
    judged = [row for row in rows if row.judged_cells]
    shown = [row for row in judged if row.has_problem] if only_problems else judged
    unjudged = [] if only_problems else [row for row in rows if not row.judged_cells]
    counts: defaultdict[str, int] = defaultdict(int)
    for row in _counts_by(year_verdicts(verdicts.filter(organization=organization), year)):
        counts[row["status"]] += row["n"]
    heading = period_heading(period_of("year", datetime.date(year, 1, 1)), timezone.localdate())
    return SheetView(
        shown, unjudged, hidden=len(rows) - len(shown) - len(unjudged), counts=dict(counts), period=heading
    )


def period_heading(period: Period, today: datetime.date) -> str:
    """The period a summary counts, named (2026年第四季度, 2026年11月, 2026年) rather than “本年”, which misleads on a
    past year's sheet; a period still open says its counts run to today, when more may still be missed or met."""
    return f"{period.label}截至今日" if period.start <= today <= period.end else period.label


def year_verdicts(queryset: QuerySet[Verdict], year: int) -> QuerySet[Verdict]:
    """Verdicts of a year's periods; the 现状 verdicts belong to the current year."""
    return queryset.filter(year_condition(year))


def sheet(organization: Organization, verdicts: QuerySet[Verdict], year: int) -> list[SheetRow]:
    """Rows: every catalogue rule that applies to this kind of organisation; columns: the twelve months."""
    stored: dict[str, list[Verdict]] = defaultdict(list)
    for verdict in year_verdicts(verdicts.filter(organization=organization), year).order_by("period_start"):
        stored[verdict.rule_id].append(verdict)
    rows = []
    for rule in catalogue():
        if organization.kind not in rule.applies_to:
            continue
        row = SheetRow(rule)
        items = stored.get(rule.id, [])
        if not rule.evaluated:
            row.cells.append(Cell(12, None, "未评估（相关记录尚未纳入系统）"))
        elif items and items[0].period_key == "now":
            row.cells.append(Cell(12, items[0], "现状"))
        else:
            month = 1
            for verdict in items:
                start = verdict.period_start.month
                if start > month:
                    row.cells.append(Cell(start - month, None, ""))
                span = verdict.period_end.month - start + 1
                row.cells.append(Cell(span, verdict, verdict.period_key))
                month = verdict.period_end.month + 1
            if month <= 12:
                row.cells.extend(_trailing(month, year, bool(items)))
        rows.append(row)
    return rows


def _trailing(month: int, year: int, judged: bool) -> list[Cell]:
    """The months after the last verdict: only months not over yet are 尚未到期."""
    today = timezone.localdate()
    current = 13 if year < today.year else (today.month if year == today.year else 1)
    cells = []
    if current > month:
        cells.append(Cell(min(current, 13) - month, None, "本期无结论"))
    if current <= 12:
        start = max(month, current)
        cells.append(Cell(13 - start, None, "尚未到期" if judged else "本年度暂无结论"))
    return cells


class FigureRow(TypedDict):
    """Counts of judged verdicts of one organisation (``organization``, ``name``), rule or month, and the rate."""

    organization: Organization | None
    name: str
    met: int
    explained: int
    missed: int
    in_progress: int
    rate: float | None


class RuleRow(FigureRow):
    rule_id: str
    title: str


class MonthRow(FigureRow):
    month: int


class HeatRow(TypedDict):
    organization_id: int
    name: str
    missed: int
    months: list[float | None]


class Totals(TypedDict):
    counts: dict[str, int]
    rate: float | None


@dataclass
class Figures:
    by_org: list[FigureRow]
    by_rule: list[RuleRow]
    by_month: list[MonthRow]
    heat_rows: list[HeatRow]
    totals: Totals


# Counts by status: a mapping from a verdict status to how many verdicts have it.
StatusCounts = Mapping[str, int]


def _counts_by(queryset: QuerySet[Verdict], *fields: str) -> QuerySet[Verdict, dict[str, Any]]:
    """Rows of ``fields`` plus ``status`` and ``n``, the number of verdicts; the grouped fields' types vary by call."""
    rows: QuerySet[Verdict, dict[str, Any]] = queryset.values(*fields, "status").annotate(n=Count("id")).order_by()
    return rows


def figures(scope: Organization, verdicts: QuerySet[Verdict], year: int, *, heat_limit: int = 40) -> Figures:
    base = year_verdicts(verdicts.filter(organization__path__startswith=scope.path), year)
    totals: defaultdict[str, int] = defaultdict(int)
    for row in _counts_by(base):
        totals[row["status"]] += row["n"]
    met = totals[VerdictStatus.MET] + totals[VerdictStatus.EXPLAINED]
    summary = Totals(counts=dict(totals), rate=rate(met, totals[VerdictStatus.MISSED]))

    children = list(scope.children.filter(status=Organization.Status.ACTIVE).order_by("sort_order", "path"))
    per_org: defaultdict[int, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    paths: dict[int, str] = dict(Organization.objects.filter(path__startswith=scope.path).values_list("pk", "path"))
    for row in _counts_by(base, "organization_id"):
        path = paths.get(row["organization_id"], "")
        owner = next((child for child in children if path.startswith(child.path)), scope)
        per_org[owner.pk][row["status"]] += row["n"]
    by_org: list[FigureRow] = []
    for org in [*children, scope]:
        counts = per_org.get(org.pk)
        if not counts:
            continue
        by_org.append(_figure_row(org, counts, name=str(org) if org != scope else f"{org}（本级）"))
    by_org.sort(key=lambda row: (row["rate"] is None, row["rate"] if row["rate"] is not None else 0))

    per_rule: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in _counts_by(base, "rule_id"):
        per_rule[row["rule_id"]][row["status"]] += row["n"]
    titles = {rule.id: rule.title for rule in catalogue()}
    by_rule = [
        RuleRow(rule_id=rule_id, title=titles.get(rule_id, rule_id), **_figure_row(None, counts))
        for rule_id, counts in per_rule.items()
    ]
    by_rule.sort(key=lambda row: (-row["missed"], row["rule_id"]))

    per_month: defaultdict[int, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    month_of = _month_placer(year)
    for row in _counts_by(base.filter(period_key__contains="-"), "period_end"):
        per_month[month_of(row["period_end"])][row["status"]] += row["n"]
    by_month = [MonthRow(month=month, **_figure_row(None, per_month.get(month, {}))) for month in MONTHS]

    branches = base.filter(organization__kind__in=BRANCH_KINDS, period_key__contains="-")
    cells: defaultdict[int, defaultdict[int, defaultdict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for row in _counts_by(branches, "organization_id", "period_end"):
        cells[row["organization_id"]][month_of(row["period_end"])][row["status"]] += row["n"]
    names: dict[int, str] = {
        pk: short or name
        for pk, short, name in Organization.objects.filter(pk__in=cells.keys()).values_list("pk", "short_name", "name")
    }
    heat_rows: list[HeatRow] = []
    for org_id, months in cells.items():
        row_missed = sum(counts[VerdictStatus.MISSED] for counts in months.values())
        heat_rows.append(
            HeatRow(
                organization_id=org_id,
                name=names.get(org_id, ""),
                missed=row_missed,
                months=[_cell_rate(months.get(month, {})) for month in MONTHS],
            )
        )
    heat_rows.sort(key=lambda row: (-row["missed"], row["name"]))
    return Figures(by_org, by_rule, by_month, heat_rows[:heat_limit], summary)


def _month_placer(year: int) -> Callable[[datetime.date], int]:
    """A quarter already met in its first month is shown in the current month, not in a month still to come."""
    today = timezone.localdate()
    last = today.month if year == today.year else 12
    return lambda period_end: min(period_end.month, last)


def _cell_rate(counts: StatusCounts) -> float | None:
    return rate(
        counts.get(VerdictStatus.MET, 0) + counts.get(VerdictStatus.EXPLAINED, 0), counts.get(VerdictStatus.MISSED, 0)
    )


def _figure_row(org: Organization | None, counts: StatusCounts, name: str = "") -> FigureRow:
    met, explained, missed = (counts.get(status, 0) for status in JUDGED)
    return FigureRow(
        organization=org,
        name=name,
        met=met,
        explained=explained,
        missed=missed,
        in_progress=counts.get(VerdictStatus.IN_PROGRESS, 0),
        rate=rate(met + explained, missed),
    )


def charts(data: Figures) -> dict[str, object]:
    """ECharts options, built here and handed to the page as JSON (the page runs no inline script)."""
    red, green, grey = "#b3261e", "#2e7d32", "#8f959e"
    orgs = [row for row in data.by_org if row["rate"] is not None][:20]
    worst = [row for row in data.by_rule if row["missed"]][:10]
    # Rates run 0–100 and no further; counts are whole numbers, so ECharts must not ladder them 0, 0.2, … 1.
    percent = {"type": "value", "min": 0, "max": 100, "name": "%"}
    count = {"type": "value", "min": 0, "minInterval": 1}
    long_names = {"width": 150, "overflow": "truncate"}
    return {
        "by_org": {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 160, "right": 30, "top": 10, "bottom": 30},
            "xAxis": percent,
            "yAxis": {
                "type": "category",
                "data": [row["name"] for row in orgs],
                "inverse": True,
                "axisLabel": long_names,
            },
            "series": [
                {"type": "bar", "name": "达标率", "data": [row["rate"] for row in orgs], "itemStyle": {"color": green}}
            ],
        },
        "by_month": {
            "tooltip": {"trigger": "axis"},
            "legend": {"data": ["达标率", "未达标项"], "top": 0},
            "grid": {"left": 50, "right": 50, "top": 40, "bottom": 30},
            "xAxis": {"type": "category", "data": [f"{row['month']}月" for row in data.by_month]},
            "yAxis": [
                percent,
                {**count, "name": "项", "max": _count_axis_max([row["missed"] for row in data.by_month])},
            ],
            "series": [
                {
                    "type": "line",
                    "name": "达标率",
                    "data": [row["rate"] for row in data.by_month],
                    "itemStyle": {"color": green},
                },
                {
                    "type": "bar",
                    "name": "未达标项",
                    "yAxisIndex": 1,
                    "data": [row["missed"] for row in data.by_month],
                    "itemStyle": {"color": red},
                },
            ],
        },
        "worst_rules": {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 160, "right": 30, "top": 10, "bottom": 30},
            "xAxis": {**count, "name": "项", "max": _count_axis_max([row["missed"] for row in worst])},
            "yAxis": {
                "type": "category",
                "data": [rule_label(row["rule_id"]) for row in worst],
                "inverse": True,
                "axisLabel": long_names,
            },
            "series": [{"type": "bar", "data": [row["missed"] for row in worst], "itemStyle": {"color": red}}],
        },
        "heat": {
            "tooltip": {"position": "top"},
            "grid": {"left": 160, "right": 20, "top": 10, "bottom": 90},
            "xAxis": {"type": "category", "data": [f"{month}月" for month in MONTHS], "splitArea": {"show": True}},
            "yAxis": {
                "type": "category",
                "data": [row["name"] for row in data.heat_rows],
                "inverse": True,
                "axisLabel": long_names,
            },
            "visualMap": {
                "min": 0,
                "max": 100,
                "calculable": True,
                "orient": "horizontal",
                "left": "center",
                "bottom": 0,
                "itemHeight": 200,
                "itemWidth": 12,
                "inRange": {"color": [red, "#f6c344", green]},
                "outOfRange": {"color": grey},
            },
            "series": [
                {
                    "type": "heatmap",
                    "name": "达标率",
                    "data": [
                        [month_index, row_index, value]
                        for row_index, row in enumerate(data.heat_rows)
                        for month_index, value in enumerate(row["months"])
                        if value is not None
                    ],
                    "label": {"show": True},
                }
            ],
        },
    }


def _count_axis_max(values: list[int]) -> int:
    """The count axis ends at the largest count rounded up to a step of 1, 2 or 5 × 10ⁿ (ten steps at most; at
    least 5), not 20% past it as ECharts would."""
    largest = max(values, default=0)
    if largest <= 5:
        return 5
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if largest <= 10 * step:
                return -(-largest // step) * step
        magnitude *= 10
