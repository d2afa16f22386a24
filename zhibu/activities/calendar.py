"""The calendar of meetings: a month view, a personal agenda, and an iCalendar feed behind a secret link
(for phones and Outlook, which cannot log in)."""

import calendar as month_calendar
import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEntry

from zhibu.activities.models import Activity
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event

FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 366
FEED_LIMIT = 500


def month_grid(year: int, month: int) -> list[list[datetime.date | None]]:
    weeks = month_calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    return [[datetime.date(year, month, day) if day else None for day in week] for week in weeks]


def activity_day(activity: Activity) -> datetime.date:
    return timezone.localtime(activity.held_at or activity.planned_at).date()


def personal(user, today: datetime.date, days: int = 30) -> list[Activity]:
    """Meetings the user is expected at or that are planned for their branch, from today on."""
    member = getattr(user, "member", None)
    if member is None:
        return []
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    end = start + datetime.timedelta(days=days)
    expected = Activity.objects.filter(attendance__member=member)
    planned = Activity.objects.filter(organization=member.organization, status=Activity.Status.PLANNED)
    if member.party_group_id:
        planned = planned | Activity.objects.filter(
            organization_id=member.party_group_id, status=Activity.Status.PLANNED
        )
    return list(
        (expected | planned)
        .filter(planned_at__gte=start, planned_at__lt=end)
        .distinct()
        .select_related("kind", "organization")
        .order_by("planned_at")
    )


@transaction.atomic
def new_feed_token(*, actor) -> str:
    actor.calendar_token = secrets.token_urlsafe(32)
    actor.save(update_fields=["calendar_token"])
    audit.record(actor=actor, event=Event.AUTH_CALENDAR_LINK_ISSUED, obj=actor)
    return actor.calendar_token


def ics(user, host: str) -> bytes:
    """The user's visible meetings as RFC 5545 text; escaping, line folding and UTF-8 are icalendar's."""
    now = timezone.now()
    activities = (
        Activity.objects.visible_to(user)
        .filter(
            planned_at__gte=now - datetime.timedelta(days=FEED_PAST_DAYS),
            planned_at__lte=now + datetime.timedelta(days=FEED_FUTURE_DAYS),
        )
        .exclude(status=Activity.Status.CANCELLED)
        .select_related("kind", "organization")
        .order_by("planned_at")[:FEED_LIMIT]
    )
    feed = Calendar()
    feed.add("prodid", "-//zhibu//支部//ZH")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", "支部·组织生活")
    feed.add("x-wr-timezone", "Asia/Shanghai")
    for activity in activities:
        start = (activity.held_at or activity.planned_at).astimezone(datetime.UTC)
        event = CalendarEntry()
        event.add("uid", f"activity-{activity.pk}@{host}")
        event.add("dtstamp", now.astimezone(datetime.UTC))
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(hours=2))
        event.add("summary", f"{activity.kind}：{activity.title}")
        event.add("location", activity.place)
        event.add("description", activity.organization.name)
        feed.add_component(event)
    return feed.to_ical()
