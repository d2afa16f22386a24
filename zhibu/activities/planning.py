"""What a secretary expects when planning: the plan form already holding the kinds the organisation holds, its
secretary as host, a topic like “12月支部委员会” and a time in working hours; and a year's meetings planned in one step
from the kinds' expected frequencies."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zhibu.activities.models import Activity, ActivityKind
from zhibu.activities.services import kind_misfit, plan_activity
from zhibu.committees.models import Position
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.periods import Period, period_of
from zhibu.core.scoping import CHANGE, require
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.workdays.calendar import WorkingCalendar

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


def next_working_afternoon(now: datetime.datetime, calendar: WorkingCalendar | None = None) -> datetime.datetime:
    """14:30 on the next working day: holidays skipped, 调休 weekends counted (a year nobody has entered yet: Monday
    to Friday, since a plan's default must never fail and the secretary adjusts it anyway)."""
    day = (calendar or WorkingCalendar.lenient()).next_working_day(timezone.localtime(now).date())
    return timezone.make_aware(datetime.datetime.combine(day, AFTERNOON_START))


def suggested_title(kind: ActivityKind, when: datetime.datetime) -> str:
    return f"{timezone.localtime(when).month}月{kind.name}"


PERIODS_IN_YEAR = {"month": 12, "quarter": 4, "year": 1}


@dataclass
class Slot:
    """One meeting a year plan proposes: a kind in a period, when, its topic, and why it is left out if it is."""

    kind: ActivityKind
    period: Period
    planned_at: datetime.datetime
    title: str
    existing: Activity | None = None
    past: bool = False

    @property
    def to_plan(self) -> bool:
        return self.existing is None and not self.past


def _periods(kind: str, year: int) -> list[Period]:
    step = 12 // PERIODS_IN_YEAR[kind]
    return [period_of(kind, datetime.date(year, month, 1)) for month in range(1, 13, step)]


def _proposed_day(period: Period, spread: int, calendar: WorkingCalendar) -> datetime.date:
    """Mid-period (a quarter's second month, a year's December, when the year's 组织生活会 and 民主评议 are usual),
    a few days apart for kinds of the same frequency so they do not all fall on one afternoon."""
    if period.kind == "quarter":
        month_start = period.start.replace(month=period.start.month + 1)
    elif period.kind == "year":
        month_start = period.start.replace(month=12)
    else:
        month_start = period.start
    return calendar.working_day_on_or_after(month_start.replace(day=min(10 + 4 * spread, 24)))


def _topic(kind: ActivityKind, period: Period) -> str:
    if period.kind == "month":
        return f"{period.start.month}月{kind.name}"
    if period.kind == "quarter":
        return f"第{(period.start.month - 1) // 3 + 1}季度{kind.name}"
    return f"{period.start.year}年度{kind.name}"


def year_plan(organization: Organization, year: int) -> list[Slot]:
    """The meetings the organisation's kinds call for in the year, each with its proposed time and topic; a period
    that already has a meeting of the kind (planned or held, not cancelled) or is over is marked and left out."""
    now = timezone.now()
    today = timezone.localdate()
    reference = max(datetime.date(year, 1, 1), min(today, datetime.date(year, 12, 31)))
    kinds = [kind for kind in kinds_for(organization, reference) if kind.expected_period in PERIODS_IN_YEAR]
    meetings = list(
        Activity.objects.filter(organization=organization, kind__in=kinds, planned_at__year__gte=year - 1)
        .exclude(status=Activity.Status.CANCELLED)
        .order_by("planned_at")
    )
    slots, spread, calendar = [], dict.fromkeys(PERIODS_IN_YEAR, 0), WorkingCalendar.lenient()
    for kind in kinds:
        for period in _periods(kind.expected_period, year):
            day = _proposed_day(period, spread[kind.expected_period], calendar)
            planned_at = timezone.make_aware(datetime.datetime.combine(day, AFTERNOON_START))
            if planned_at < now and period.end >= today:
                planned_at = next_working_afternoon(now, calendar)
            existing = next(
                (
                    meeting
                    for meeting in meetings
                    if meeting.kind_id == kind.pk
                    and period.contains(timezone.localtime(meeting.held_at or meeting.planned_at).date())
                ),
                None,
            )
            slots.append(Slot(kind, period, planned_at, _topic(kind, period), existing, past=period.end < today))
        spread[kind.expected_period] += 1
    return sorted(slots, key=lambda slot: (slot.planned_at, slot.kind.sort_order))


@transaction.atomic
def plan_year(*, actor: Any, organization: Organization, year: int) -> list[Activity]:
    """Plan the year's meetings the preview proposes, in one transaction; running it again plans nothing more.
    Nobody is notified yet: the secretary adjusts each meeting first (a change is notified, see ``reschedule``)."""
    require(actor, CHANGE, organization)
    today = timezone.localdate()
    if not today.year - 1 <= year <= today.year + 1:
        raise ValidationError({"year": f"只能安排{today.year - 1}年至{today.year + 1}年的年度计划"})
    # Two secretaries generating at once: the second waits here and then finds the first's meetings.
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    host = secretary_of(organization, today)
    planned = [
        plan_activity(
            actor=actor,
            organization=organization,
            kind=slot.kind,
            title=slot.title,
            planned_at=slot.planned_at,
            host=host,
            tell=False,
        )
        for slot in year_plan(organization, year)
        if slot.to_plan
    ]
    audit.record(
        actor=actor,
        event=Event.ACTIVITY_YEAR_PLANNED,
        obj=organization,
        extra={"year": year, "planned": len(planned)},
    )
    return planned
