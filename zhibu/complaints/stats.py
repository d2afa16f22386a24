"""Complaint statistics per unit (the 单位 of the intake point) over a period: volume, average handling days, on-time
rate, satisfaction, refusals escalated, and the return visits (回访率, satisfaction after 回访, reopened). One computation serves the officials' page, its Excel export, its charts
and the public monthly summary (which shows only these counts and rates, never a complaint's text or contact)."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from zhibu.complaints import due
from zhibu.complaints.models import Complaint, Rating, Status, StepKind
from zhibu.core.tables import TableColumn

TOTAL = "合计"  # the unit name of the total row


@dataclass
class UnitFigures:
    unit: str
    received: int = 0
    closed: int = 0
    on_time: int = 0
    handling_days: list[int] = field(default_factory=list)
    rated: int = 0
    satisfied: int = 0  # 满意 or 基本满意
    refusals: int = 0
    escalated: int = 0
    visits_owed: int = 0  # with a contact, and its return visit owed by today (or done)
    visited: int = 0
    visit_satisfied: int = 0  # the citizen satisfied at the latest return visit
    reopened: int = 0

    @property
    def average_days(self) -> Decimal | None:
        if not self.handling_days:
            return None
        return _one_place(Decimal(sum(self.handling_days)) / len(self.handling_days))

    @property
    def on_time_rate(self) -> Decimal | None:
        return _percent(self.on_time, self.closed)

    @property
    def satisfaction(self) -> Decimal | None:
        return _percent(self.satisfied, self.rated)

    @property
    def visit_rate(self) -> Decimal | None:
        return _percent(self.visited, self.visits_owed)

    @property
    def visit_satisfaction(self) -> Decimal | None:
        return _percent(self.visit_satisfied, self.visited)


def _one_place(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _percent(part: int, whole: int) -> Decimal | None:
    return _one_place(Decimal(100 * part) / whole) if whole else None


def period_bounds(year: int, month: int | None) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a month, or of the year when ``month`` is None."""
    if month is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start = datetime.date(year, month, 1)
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)


def figures(complaints: Any, start: datetime.date, end: datetime.date, today: datetime.date) -> list[UnitFigures]:
    """Per unit, the complaints received in [start, end] as they stand today; units in name order, a total last."""
    chosen = (
        complaints.filter(received_on__range=(start, end))
        .select_related("intake_point", "refusal")
        .prefetch_related("steps", "return_visits")
    )
    units: dict[str, UnitFigures] = {}
    total = UnitFigures(unit=TOTAL)
    for complaint in chosen:
        row = units.setdefault(complaint.intake_point.unit_name, UnitFigures(unit=complaint.intake_point.unit_name))
        for target in (row, total):
            _count(target, complaint, today)
    return [*sorted(units.values(), key=lambda row: row.unit), total]


def _count(row: UnitFigures, complaint: Complaint, today: datetime.date) -> None:
    row.received += 1
    closes = [step for step in complaint.steps.all() if step.kind == StepKind.CLOSE]
    # A complaint reopened after its return visit counts with its last 办结 and the deadline of its last round.
    closing = max(closes, key=lambda step: (step.round, step.happened_on), default=None)
    if complaint.status == Status.CLOSED and closing is not None:
        row.closed += 1
        row.handling_days.append((closing.happened_on - complaint.received_on).days)
        row.on_time += closing.happened_on <= complaint.due_on
    if complaint.rating:
        row.rated += 1
        row.satisfied += complaint.rating in (Rating.SATISFIED, Rating.BASICALLY)
    refusal = getattr(complaint, "refusal", None)
    if refusal is not None:
        row.refusals += 1
        row.escalated += refusal.escalated_on(today) is not None
    _count_visits(row, complaint, closing, today)


def _count_visits(row: UnitFigures, complaint: Complaint, closing: Any, today: datetime.date) -> None:
    visits = sorted(complaint.return_visits.all(), key=lambda visit: visit.round)
    row.reopened += complaint.round > 1
    if visits:
        row.visits_owed += 1
        row.visited += 1
        row.visit_satisfied += visits[-1].satisfied
        return
    if complaint.status == Status.CLOSED and closing is not None and not complaint.is_anonymous:
        row.visits_owed += due.visit_owed_on(complaint, closing.happened_on) <= today


def _shown(value: Decimal | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


COLUMNS = (
    TableColumn("单位", lambda r: r.unit, 24),
    TableColumn("投诉件数", lambda r: r.received, 10),
    TableColumn("已办结", lambda r: r.closed, 10),
    TableColumn("平均办理天数", lambda r: _shown(r.average_days), 14),
    TableColumn("按期办结率", lambda r: _shown(r.on_time_rate, "%"), 12),
    TableColumn("满意率", lambda r: _shown(r.satisfaction, "%"), 10),
    TableColumn("说“不”", lambda r: r.refusals, 8),
    TableColumn("说“不”报上级", lambda r: r.escalated, 12),
    TableColumn("应回访", lambda r: r.visits_owed, 8),
    TableColumn("已回访", lambda r: r.visited, 8),
    TableColumn("回访率", lambda r: _shown(r.visit_rate, "%"), 10),
    TableColumn("回访满意率", lambda r: _shown(r.visit_satisfaction, "%"), 12),
    TableColumn("重新办理", lambda r: r.reopened, 8),
)
# The public summary: counts and rates only (no refusal or return-visit detail that could identify one complainant's
# matter; the return-visit rates stay).
PUBLIC_COLUMNS = tuple(
    column for column in COLUMNS if column.header not in ("说“不”", "说“不”报上级", "应回访", "已回访", "重新办理")
)


def charts(rows: list[UnitFigures]) -> dict[str, dict[str, Any]]:
    """ECharts options, built here and embedded as JSON beside each chart (``core/static/zhibu/app.js`` draws them)."""
    units = [row for row in rows if row.unit != TOTAL]
    names = [row.unit for row in units]
    axis = {"type": "category", "data": names, "axisLabel": {"interval": 0, "rotate": 30 if len(names) > 4 else 0}}
    return {
        "volume": {
            "tooltip": {"trigger": "axis"},
            "legend": {"data": ["投诉件数", "已办结", "说“不”报上级"]},
            "xAxis": axis,
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [
                {"name": "投诉件数", "type": "bar", "data": [row.received for row in units]},
                {"name": "已办结", "type": "bar", "data": [row.closed for row in units]},
                {"name": "说“不”报上级", "type": "bar", "data": [row.escalated for row in units]},
            ],
        },
        "rates": {
            "tooltip": {"trigger": "axis"},
            "legend": {"data": ["按期办结率", "满意率", "回访率", "回访满意率"]},
            "xAxis": axis,
            "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
            "series": [
                {"name": "按期办结率", "type": "bar", "data": [_number(row.on_time_rate) for row in units]},
                {"name": "满意率", "type": "bar", "data": [_number(row.satisfaction) for row in units]},
                {"name": "回访率", "type": "bar", "data": [_number(row.visit_rate) for row in units]},
                {"name": "回访满意率", "type": "bar", "data": [_number(row.visit_satisfaction) for row in units]},
            ],
        },
    }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
