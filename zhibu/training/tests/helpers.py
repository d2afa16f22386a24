import datetime
from decimal import Decimal

from django.utils import timezone

from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind, Attendance
from zhibu.testing import SETUP
from zhibu.training import services

ZONE = timezone.get_current_timezone()


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=ZONE)


def hold(branch, code, when, present=None):
    """A meeting held with its attendance: everyone expected came unless ``present`` names who did."""
    activity = activity_services.plan_activity(
        actor=SETUP, organization=branch, kind=ActivityKind.objects.get(code=code), title="学习会", planned_at=when
    )
    activity = activity_services.record_held(actor=SETUP, activity=activity, held_at=when)
    rows = Attendance.objects.filter(activity=activity)
    entries = {
        r.member_id: ("present" if present is None or r.member_id in present else "absent", "", "") for r in rows
    }
    if entries:
        activity_services.record_attendance(actor=SETUP, activity=activity, entries=entries)
    return activity


def training_class(
    branch, name="发展对象培训班", starts=datetime.date(2026, 3, 1), concentrated=True, category="candidate"
):
    return services.create_class(
        actor=SETUP,
        organization=branch,
        name=name,
        category=category,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=30),
        concentrated=concentrated,
    )


def session(made, day, hours, topic="党章学习"):
    return services.add_session(actor=SETUP, training_class=made, held_on=day, topic=topic, hours=Decimal(hours))


def class_with(members, branch, hours=("4", "4"), **kwargs):
    """A class whose sessions everyone named attended."""
    made = training_class(branch, **kwargs)
    services.enroll(actor=SETUP, training_class=made, members=members)
    for index, value in enumerate(hours):
        held = session(made, made.starts_on + datetime.timedelta(days=index), value)
        services.record_session_attendance(actor=SETUP, session=held, present=members)
    return made


def external(member, branch, hours, ended=datetime.date(2026, 5, 10), concentrated=False, title="网络专题班"):
    return services.import_external(
        actor=SETUP,
        organization=branch,
        rows=[(2, member, title, "市委党校", ended - datetime.timedelta(days=3), ended, Decimal(hours), concentrated)],
    )[0]
