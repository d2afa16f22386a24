"""What a secretary expects the plan form to hold already: the kinds the organisation holds, its secretary as host,
a topic like “12月支部委员会”, a time in working hours."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhibu.activities.models import ActivityKind
from zhibu.activities.services import kind_misfit
from zhibu.committees.models import Position
from zhibu.members.models import Member

# A committee sits when three or more of its seats are held (the standards' ORG-03 reading, COMMITTEE_AT_LEAST).
COMMITTEE_AT_LEAST = 3
AFTERNOON_START = datetime.time(14, 30)


def _seats(organization: Any, day: datetime.date) -> QuerySet[Position]:
    return Position.objects.filter(
        term__organization=organization, term__ended_on__isnull=True, holder__isnull=False, started_on__lte=day
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def has_committee(organization: Any, day: datetime.date) -> bool:
    return _seats(organization, day).count() >= COMMITTEE_AT_LEAST


def kinds_for(organization: Any, day: datetime.date) -> list[ActivityKind]:
    """The kinds this organisation holds: those its kind allows, and a committee's meeting only where a committee
    sits (a branch with a secretary alone holds no 支委会)."""
    committee = None
    kinds = []
    for kind in ActivityKind.objects.all():
        if kind_misfit(kind, organization) is not None:
            continue
        if kind.attendees == ActivityKind.Attendees.COMMITTEE:
            committee = has_committee(organization, day) if committee is None else committee
            if not committee:
                continue
        kinds.append(kind)
    return kinds


def secretary_of(organization: Any, day: datetime.date) -> Member | None:
    seat = _seats(organization, day).filter(kind__code="secretary").select_related("holder").first()
    return seat.holder if seat is not None else None


def next_working_afternoon(now: datetime.datetime) -> datetime.datetime:
    """14:30 on the next working day (Monday to Friday; public holidays are not known to zhibu)."""
    day = timezone.localtime(now).date() + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, AFTERNOON_START))


def suggested_title(kind: ActivityKind, when: datetime.datetime) -> str:
    return f"{timezone.localtime(when).month}月{kind.name}"
