"""Care reminders in the 待办 inbox of those who keep the members' organisations: before each festival (春节、七一、
中秋、重阳, ``festivals.py``) the members in care not yet visited for it, one task per organisation, until each has a
visit dated within the festival's window; and a member in care's political birthday (入党 anniversary) in the coming
week. Computed on every request, so a recorded visit takes the task away by itself."""

import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from zhibu.care.festivals import upcoming
from zhibu.care.models import CareCase, CareVisit
from zhibu.core.formatting import cn_date
from zhibu.core.inbox import Task, TaskSource, urgency_of
from zhibu.core.scoping import CHANGE

BIRTHDAY_AHEAD_DAYS = 7
NAMES_SHOWN = 5


def _open_cases(user, scope, today: datetime.date):
    cases = (
        CareCase.objects.visible_to(user, CHANGE)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today), since__lte=today)
        .select_related("organization", "member")
        .order_by("organization__path", "member__name")
    )
    if scope is not None:
        cases = cases.filter(organization__path__startswith=scope.path)
    return cases


def festival_visits(user, scope, today: datetime.date) -> list[Task]:
    tasks: list[Task] = []
    festivals = list(upcoming(today))
    if not festivals:
        return tasks
    cases = list(_open_cases(user, scope, today))
    for festival in festivals:
        visited = set(
            CareVisit.objects.filter(
                case__in=[case.pk for case in cases],
                visited_on__gte=festival.window_start,
                visited_on__lte=festival.day,
            ).values_list("case_id", flat=True)
        )
        waiting = defaultdict(list)
        for case in cases:
            if case.kind in festival.kinds and case.pk not in visited:
                waiting[case.organization].append(case)
        for organization, owed in waiting.items():
            names = "、".join(case.member.name for case in owed[:NAMES_SHOWN])
            more = f"等{len(owed)}人" if len(owed) > NAMES_SHOWN else f"共{len(owed)}人"
            first = owed[0]
            url = reverse("care:list") + "?" + urlencode({"organization": organization.pk})
            if len(owed) == 1:
                url = reverse("care:visit_create", args=[first.pk])
            tasks.append(
                Task(
                    source="care.festival",
                    title=f"{festival.name}（{cn_date(festival.day)}）前走访慰问：{names}（{more}）尚未走访",
                    organization=organization,
                    url=url,
                    action="去登记走访",
                    due=festival.day,
                    urgency=urgency_of(festival.day, today),
                )
            )
    return tasks


def _anniversary(joined: datetime.date, today: datetime.date) -> datetime.date | None:
    for year in (today.year, today.year + 1):
        try:
            day = joined.replace(year=year)
        except ValueError:  # joined on 29 February: celebrated on 1 March in other years
            day = datetime.date(year, 3, 1)
        if day >= today:
            return day
    return None


def political_birthdays(user, scope, today: datetime.date) -> list[Task]:
    tasks: list[Task] = []
    seen: set[int] = set()
    for case in _open_cases(user, scope, today):
        member = case.member
        day = _anniversary(member.joined_on, today)
        if member.pk in seen or day is None or (day - today).days > BIRTHDAY_AHEAD_DAYS:
            continue
        years = day.year - member.joined_on.year
        if years < 1:
            continue
        seen.add(member.pk)
        tasks.append(
            Task(
                source="care.birthday",
                title=f"{member.name}{cn_date(day)}入党{years}周年（政治生日），请安排走访或送上祝福",
                organization=case.organization,
                url=reverse("care:visit_create", args=[case.pk]),
                action="去登记走访",
                due=day,
                urgency=urgency_of(day, today),
            )
        )
    return tasks


SOURCES = (
    TaskSource("care.festival", "节日走访慰问", festival_visits, order=60),
    TaskSource("care.birthday", "关怀对象政治生日", political_birthdays, order=61),
)
