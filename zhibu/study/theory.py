"""What the 理论学习中心组 sessions give elsewhere: 学时 for everyone present or sitting in (a source of
``zhibu/training/hours.py``, registered in ``apps.py``), and each seat's attendance of a group's sessions."""

import datetime
from collections.abc import Iterator

from zhibu.study.models import Participation, TheoryAttendance, TheoryGroup, TheorySession
from zhibu.training.hours import Entry, Source

CREDITED = (Participation.PRESENT, Participation.OBSERVER)


def session_hours(member_ids: list[int], start: datetime.date, end: datetime.date) -> Iterator[tuple[int, Entry]]:
    rows = TheoryAttendance.objects.filter(
        member_id__in=member_ids,
        status__in=CREDITED,
        session__held_on__gte=start,
        session__held_on__lte=end,
    ).values_list("member_id", "session__group__name", "session__topic", "session__held_on", "session__hours")
    for member_id, group_name, topic, held_on, hours in rows:
        yield member_id, Entry(Source.THEORY_GROUP, f"{group_name}：{topic}", held_on, hours)


def seat_attendance(group: TheoryGroup, year: int) -> list[dict]:
    """Each seat of the group with the year's sessions attended, on leave and missed."""
    sessions = list(TheorySession.objects.filter(group=group, held_on__year=year).values_list("pk", flat=True))
    marks: dict[tuple[int, str], int] = {}
    for member_id, status in TheoryAttendance.objects.filter(session__in=sessions).values_list("member_id", "status"):
        marks[(member_id, status)] = marks.get((member_id, status), 0) + 1
    rows = []
    for seat in group.seats.select_related("member__organization"):
        present = marks.get((seat.member_id, Participation.PRESENT), 0)
        leave = marks.get((seat.member_id, Participation.LEAVE), 0)
        rows.append(
            {"seat": seat, "present": present, "leave": leave, "absent": max(0, len(sessions) - present - leave)}
        )
    return rows
