"""The festivals before which members in care are visited (春节、七一、中秋、重阳慰问), dated per year. Lunar festivals
come from ``lunardate`` (the ``chinese_calendar`` holiday tables that ``zhibu.workdays`` reads name only the statutory
days off, end in 2026 and have no 重阳); the fixed ones are plain dates."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from lunardate import LunarDate

from zhibu.care.models import Kind

AHEAD_DAYS = 15  # a festival's reminder appears this many days before it
VISIT_WINDOW_DAYS = 30  # a visit this many days before a festival (or on it) counts as the festival's visit
ALL_KINDS = frozenset(Kind.values)


@dataclass(frozen=True)
class Festival:
    name: str
    day: datetime.date
    kinds: frozenset[str]  # whom it is the custom to visit

    @property
    def window_start(self) -> datetime.date:
        return self.day - datetime.timedelta(days=VISIT_WINDOW_DAYS)


def festivals_of(year: int) -> list[Festival]:
    def lunar(month: int, day: int) -> datetime.date:
        return LunarDate(year, month, day).to_solar_date()

    return sorted(
        [
            Festival("春节", lunar(1, 1), ALL_KINDS),
            Festival("七一", datetime.date(year, 7, 1), ALL_KINDS),
            Festival("中秋", lunar(8, 15), ALL_KINDS),
            # 重阳 is the elders' day: veteran and retired members.
            Festival("重阳", lunar(9, 9), frozenset({Kind.VETERAN, Kind.RETIRED})),
        ],
        key=lambda festival: festival.day,
    )


def upcoming(today: datetime.date, ahead: int = AHEAD_DAYS) -> Iterator[Festival]:
    """Festivals from today to ``ahead`` days on (this year's and, near the year's end, next year's)."""
    last = today + datetime.timedelta(days=ahead)
    for year in sorted({today.year, last.year}):
        for festival in festivals_of(year):
            if today <= festival.day <= last:
                yield festival
