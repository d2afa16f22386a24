"""Calendar periods (months, quarters, years) in Asia/Shanghai: a meeting on 31 March counts for Q1."""

import calendar
import datetime
from dataclasses import dataclass
from functools import cached_property


# Label and key are cached on the instance (cached_property writes the instance dict, which a frozen dataclass allows):
# the standards engine asks a period for them once per organisation and rule, hundreds of thousands of times a run.
@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | year | snapshot (the standards engine's "现状": today's state)
    start: datetime.date
    end: datetime.date  # inclusive

    @cached_property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        if self.kind == "snapshot":
            return "现状"
        return f"{self.start.year}年"

    @cached_property
    def key(self) -> str:
        """A stable text key: 2024-03, 2024-Q1, 2024, or "now" for a snapshot."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return "now"

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def days_left(self, today: datetime.date) -> int:
        return (self.end - today).days + 1


def key_label(key: str) -> str:
    """A stored period key in words: "2024-03" → 2024年3月, "2024-Q1" → 2024年第1季度, "2024" → 2024年, "now" → 现状."""
    year, _, rest = (key or "").partition("-")
    if key == "now":
        return "现状"
    if not year.isdigit():
        return key
    if not rest:
        return f"{year}年"
    if rest.startswith("Q") and rest[1:].isdigit():
        return f"{year}年第{rest[1:]}季度"
    return f"{year}年{int(rest)}月" if rest.isdigit() else key


def period_of(kind: str, day: datetime.date) -> Period:
    if kind == "month":
        return Period(kind, day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))
    if kind == "quarter":
        first = (day.month - 1) // 3 * 3 + 1
        last = first + 2
        return Period(
            kind,
            datetime.date(day.year, first, 1),
            datetime.date(day.year, last, calendar.monthrange(day.year, last)[1]),
        )
    if kind == "year":
        return Period(kind, datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))
    raise ValueError(kind)
