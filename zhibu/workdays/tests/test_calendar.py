"""The calendar the 公示 periods and meeting plans count on: the library's 2026 plan, the edges of the counting
functions, a year beyond the library until a 工委 enters it, and an override correcting a covered year."""

import datetime

import chinese_calendar
import pytest

from zhibu.testing import SETUP
from zhibu.workdays import services
from zhibu.workdays.calendar import (
    CalendarNotCovered,
    Source,
    WorkingCalendar,
    add_working_days,
    is_working_day,
    library,
    special_days,
    working_days_between,
)
from zhibu.workdays.models import DayOverride

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-06-15T10:00")]

D = datetime.date
REST, WORK = DayOverride.Kind.REST, DayOverride.Kind.WORK


def test_the_library_is_the_pinned_release_covering_2004_to_2026():
    assert (library().first_year, library().last_year) == (2004, 2026)


def test_national_day_week_2026_and_its_weekend_working_days():
    assert all(not is_working_day(D(2026, 10, day)) for day in range(1, 8)), "1–7 October are the holiday"
    assert is_working_day(D(2026, 9, 30))
    assert is_working_day(D(2026, 10, 8))
    assert is_working_day(D(2026, 10, 10)), "Saturday 10 October is a 调休 working day"
    assert is_working_day(D(2026, 9, 20)), "Sunday 20 September is a 调休 working day"
    assert not is_working_day(D(2026, 10, 11)), "an ordinary Sunday stays a rest day"


def test_spring_festival_2026():
    assert all(not is_working_day(D(2026, 2, day)) for day in range(15, 24)), "15–23 February are the holiday"
    assert is_working_day(D(2026, 2, 14)), "Saturday before is a 调休 working day"
    assert is_working_day(D(2026, 2, 28)), "Saturday after is a 调休 working day"
    assert is_working_day(D(2026, 2, 24))
    assert not is_working_day(D(2026, 2, 16)), "a Monday inside the holiday"


def test_add_working_days_across_the_national_day_holiday():
    # After Wednesday 30 September: Thu 8, Fri 9, Sat 10 (调休), Mon 12, Tue 13 October.
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_working_days(D(2026, 9, 29), 1) == D(2026, 9, 30)


def test_add_working_days_edges():
    assert add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3), "no working day to pass: the start itself"
    with pytest.raises(ValueError):
        add_working_days(D(2026, 10, 3), -1)


def test_a_moment_is_refused_rather_than_compared_as_a_day():
    with pytest.raises(TypeError, match="a date is needed"):
        is_working_day(datetime.datetime(2026, 10, 1, 9, 0))


def test_working_days_between_counts_the_half_open_interval():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 13)) == 5
    assert working_days_between(D(2026, 9, 29), D(2026, 9, 30)) == 1, "the end counts, the start does not"
    assert working_days_between(D(2026, 10, 1), D(2026, 10, 7)) == 0, "inside the holiday"
    assert working_days_between(D(2026, 10, 13), D(2026, 10, 13)) == 0, "same day"
    assert working_days_between(D(2026, 10, 13), D(2026, 9, 30)) == 0, "end before start"


def test_counting_and_adding_agree():
    start = D(2026, 2, 10)
    for count in range(0, 12):
        assert working_days_between(start, add_working_days(start, count)) == count


def test_2027_is_not_covered_until_a_gongwei_enters_and_confirms_it():
    with pytest.raises(CalendarNotCovered) as refused:
        is_working_day(D(2027, 3, 1))
    assert str(refused.value) == ("2027年的法定节假日和调休安排尚未维护，请机关工委在「节假日维护」页面补充后再试")
    assert refused.value.year == 2027
    with pytest.raises(CalendarNotCovered):
        add_working_days(D(2026, 12, 29), 5), "a period running into 2027 is refused too"
    assert working_days_between(D(2026, 12, 29), D(2026, 12, 31)) == 2, "2026 alone still counts"

    services.add_override(actor=SETUP, day=D(2027, 1, 1), kind=REST, name="元旦")
    services.add_override(actor=SETUP, day=D(2027, 2, 20), kind=WORK, name="调休上班")
    with pytest.raises(CalendarNotCovered):
        is_working_day(D(2027, 1, 4)), "entered days alone do not make the year covered"

    services.confirm_year(actor=SETUP, year=2027)
    assert not is_working_day(D(2027, 1, 1))
    assert is_working_day(D(2027, 1, 4)), "an ordinary Monday"
    assert not is_working_day(D(2027, 1, 9)), "an ordinary Saturday"
    assert is_working_day(D(2027, 2, 20)), "the entered 调休 Saturday"
    # Tue 29, Wed 30, Thu 31 December; 1 January off; Sat 2, Sun 3 off; Mon 4, Tue 5.
    assert add_working_days(D(2026, 12, 28), 5) == D(2027, 1, 5)


def test_an_override_corrects_a_covered_year():
    assert is_working_day(D(2026, 10, 9))
    override = services.add_override(
        actor=SETUP, day=D(2026, 10, 9), kind=REST, name="国庆节", note="假设国务院调整安排"
    )
    assert not is_working_day(D(2026, 10, 9))
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 14)
    services.add_override(actor=SETUP, day=D(2026, 10, 10), kind=REST, name="国庆节")
    assert not is_working_day(D(2026, 10, 10)), "an override wins over the library's 调休 working day"

    services.remove_override(actor=SETUP, override=override)
    assert is_working_day(D(2026, 10, 9)), "removed: the library speaks again"


def test_a_calendar_reads_each_years_overrides_once(django_assert_max_num_queries):
    calendar = WorkingCalendar()
    with django_assert_max_num_queries(1):
        counted = calendar.working_days_between(D(2025, 12, 31), D(2026, 12, 31))
    days = [D(2026, 1, 1) + datetime.timedelta(days=offset) for offset in range(365)]
    assert counted == sum(chinese_calendar.is_workday(day) for day in days), "the library's own answer"
    with django_assert_max_num_queries(0):
        assert calendar.is_working_day(D(2026, 10, 10))


def test_a_proposing_calendar_counts_weekdays_in_a_year_nobody_entered():
    calendar = WorkingCalendar(weekdays_where_not_covered=True)
    assert calendar.is_working_day(D(2027, 1, 1)), "a Friday, as far as anyone knows"
    assert calendar.next_working_day(D(2027, 1, 1)) == D(2027, 1, 4)


def test_special_days_name_their_source_and_what_an_override_replaces():
    services.add_override(actor=SETUP, day=D(2026, 10, 10), kind=REST, name="国庆节", note="通知更正")
    days = {day.day: day for day in special_days(2026)}
    assert days[D(2026, 10, 1)].name == "国庆节"
    assert days[D(2026, 10, 1)].source == Source.LIBRARY
    assert days[D(2026, 2, 14)].working and days[D(2026, 2, 14)].name == "春节调休上班"
    corrected = days[D(2026, 10, 10)]
    assert (corrected.source, corrected.working, corrected.note) == (Source.OVERRIDE, False, "通知更正")
    assert corrected.replaces == "国庆节调休上班（工作日）"
