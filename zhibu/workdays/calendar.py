"""Working days in China: the 国务院 holiday plan (法定节假日 and 调休 working days) as the ``chinese_calendar`` library
ships it, corrected and extended by the days a 工委 enters on the 节假日维护 page.

A day is a working day when an override says so, else when the library says so, else — in a year beyond the library
that a 工委 has confirmed as entered — when it is Monday to Friday. A year neither the library nor a confirmation
covers raises ``CalendarNotCovered``: counting a 公示 period over an unknown Spring Festival would be silently wrong.

The library's tables are read once per process (they change only with the package). Overrides change at run time
and the server runs several processes, so a ``WorkingCalendar`` reads them per year it touches, once per instance:
the module functions make one per call; a caller counting many periods (a pipeline board) keeps one instance.

``WorkingCalendar.deadline`` moves a period's last day off a rest day (民法典第二百零三条); the 待办 inbox's "within N
days" due dates go through it.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

import chinese_calendar
from django.db import models
from django.db.models import QuerySet

from zhibu.workdays.models import ConfirmedYear, DayOverride

ONE_DAY = datetime.timedelta(days=1)


class CalendarNotCovered(Exception):
    """A date in a year whose holidays nobody knows yet: neither in the library nor confirmed by a 工委."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"{year}年的法定节假日和调休安排尚未维护，请机关工委在「节假日维护」页面补充后再试")


class Source(models.TextChoices):
    LIBRARY = "library", "国务院安排（节假日库）"
    OVERRIDE = "override", "工委录入"
    CONFIRMED = "confirmed", "工委确认"


@dataclass(frozen=True)
class LibraryTables:
    first_year: int
    last_year: int
    holidays: dict[datetime.date, str]
    workdays: dict[datetime.date, str]


@functools.cache
def library() -> LibraryTables:
    holidays: dict[datetime.date, str] = {day: str(name) for day, name in chinese_calendar.holidays.items()}
    workdays: dict[datetime.date, str] = {day: str(name) for day, name in chinese_calendar.workdays.items()}
    years = {day.year for day in holidays}
    return LibraryTables(min(years), max(years), holidays, workdays)


def library_covers(year: int) -> bool:
    tables = library()
    return tables.first_year <= year <= tables.last_year


def _chinese_name(english: str) -> str:
    """The library names a day by its holiday's English value; its enum carries the Chinese name."""
    try:
        return str(chinese_calendar.Holiday(english).chinese)
    except ValueError:
        return english


@dataclass(frozen=True)
class SpecialDay:
    """A day that is not what its weekday says (a holiday on a weekday, a working weekend), or any day an override
    names; ``replaces`` is what the library said where an override corrects it."""

    day: datetime.date
    working: bool
    name: str
    source: Source
    note: str = ""
    override: DayOverride | None = None
    replaces: str = ""

    @property
    def kind_label(self) -> str:
        return "工作日" if self.working else "休息日"


def _library_days(year: int) -> dict[datetime.date, SpecialDay]:
    if not library_covers(year):
        return {}
    tables = library()
    days: dict[datetime.date, SpecialDay] = {}
    for day, english in tables.holidays.items():
        if day.year == year:
            days[day] = SpecialDay(day, False, _chinese_name(english), Source.LIBRARY)
    for day, english in tables.workdays.items():
        if day.year == year:
            days[day] = SpecialDay(day, True, f"{_chinese_name(english)}调休上班", Source.LIBRARY)
    return days


def special_days(
    year: int, *, overrides: QuerySet[DayOverride] | None = None, kind: str | None = None
) -> list[SpecialDay]:
    """The year's holidays and 调休 working days, from the library and the overrides (``overrides``: the rows the
    reader may see; all by default), overrides winning; ``kind`` keeps only 休息日 (``rest``) or 工作日 (``work``)."""
    days = _library_days(year)
    rows = overrides if overrides is not None else DayOverride.objects.all()
    for override in rows.filter(day__year=year).select_related("entered_by"):
        was = days.get(override.day)
        days[override.day] = SpecialDay(
            override.day,
            override.is_working,
            override.name,
            Source.OVERRIDE,
            override.note,
            override,
            replaces=f"{was.name}（{was.kind_label}）" if was is not None else "",
        )
    wanted: bool | None = {"rest": False, "work": True}.get(kind or "")
    return [days[day] for day in sorted(days) if wanted is None or days[day].working == wanted]


def year_source(year: int) -> Source | None:
    """Where the year's plan comes from: the library, a 工委's confirmation, or nowhere yet (``None``)."""
    if library_covers(year):
        return Source.LIBRARY
    if ConfirmedYear.objects.filter(year=year).exists():
        return Source.CONFIRMED
    return None


def _a_date(day: datetime.date) -> None:
    # A datetime is a date to the type checker, but compares unequal to every date in the tables, and its calendar
    # day depends on the time zone: the caller says which day it means.
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise TypeError(f"a date is needed (timezone.localtime(moment).date()), not {type(day).__name__}")


class WorkingCalendar:
    """Answers for many days with one read of each year's overrides.

    ``weekdays_where_not_covered``: a caller that proposes rather than decides (a meeting plan's default date) counts
    Monday to Friday in a year nobody has entered, instead of raising."""

    def __init__(self, *, weekdays_where_not_covered: bool = False) -> None:
        self.weekdays_where_not_covered = weekdays_where_not_covered
        self._overrides: dict[int, dict[datetime.date, bool] | None] = {}

    @classmethod
    def lenient(cls) -> WorkingCalendar:
        """For what proposes or reminds (a plan's default date, a 待办's due date): it must never fail, so a year
        nobody has entered counts Monday to Friday."""
        return cls(weekdays_where_not_covered=True)

    def _year(self, year: int) -> dict[datetime.date, bool] | None:
        """The year's overrides (day → working), or ``None`` for a year not covered."""
        if year not in self._overrides:
            self._overrides[year] = None
            if year_source(year) is not None:
                rows = DayOverride.objects.filter(day__year=year).values_list("day", "kind")
                self._overrides[year] = {day: kind == DayOverride.Kind.WORK for day, kind in rows}
        return self._overrides[year]

    def is_working_day(self, day: datetime.date) -> bool:
        _a_date(day)
        overrides = self._year(day.year)
        if overrides is None:
            if self.weekdays_where_not_covered:
                return day.weekday() < 5
            raise CalendarNotCovered(day.year)
        if day in overrides:
            return overrides[day]
        tables = library()
        if day in tables.workdays:
            return True
        if day in tables.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        _a_date(start)
        if count < 0:
            raise ValueError("count of working days must not be negative")
        day = start
        while count > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        _a_date(start)
        _a_date(end)
        if end <= start:
            return 0
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """The first working day after ``day``."""
        return self.add_working_days(day, 1)

    def working_day_on_or_after(self, day: datetime.date) -> datetime.date:
        return day if self.is_working_day(day) else self.next_working_day(day)

    def deadline(self, last_day: datetime.date) -> datetime.date:
        """The last day of a period counted in calendar days ("within 7 days"): when it is a rest day, the first
        working day after it (民法典第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日)."""
        return self.working_day_on_or_after(last_day)


def is_working_day(day: datetime.date) -> bool:
    """Whether people work on ``day`` under the 国务院 plan (holidays off, 调休 weekends on)."""
    return WorkingCalendar().is_working_day(day)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The day on which ``count`` working days after ``start`` have passed (``start`` itself for 0): a 公示 from
    ``start`` of 5 working days ends on ``add_working_days(start, 5)``."""
    return WorkingCalendar().add_working_days(start, count)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """The working days in (start, end]; 0 when ``end`` is not after ``start``."""
    return WorkingCalendar().working_days_between(start, end)
