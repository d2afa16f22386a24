"""The demo shows training hours from all three sources, and a member's page shows exactly the sum of their records."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from zhibu.activities.models import Attendance
from zhibu.demo.builder import DEMO_PASSWORD, demo_year
from zhibu.standards.models import Verdict
from zhibu.training.hours import fmt, hours_for
from zhibu.training.models import ExternalTraining, KindHours, SessionAttendance


@pytest.mark.slow
def test_the_demo_has_hours_from_every_source_and_pages_show_the_records_sum(db, capsys):
    call_command("demo", seed=7)
    year = demo_year(timezone.localdate())
    attended = SessionAttendance.objects.filter(session__held_on__year=year).values_list("member_id", flat=True)
    member_id = ExternalTraining.objects.filter(member_id__in=attended).values_list("member_id", flat=True).first()
    assert member_id is not None
    worth = dict(KindHours.objects.values_list("kind_id", "hours"))
    meetings = sum(
        (
            worth.get(kind, Decimal(0))
            for kind in Attendance.objects.filter(
                member_id=member_id,
                status="present",
                activity__status__in=("held", "minuted", "signed"),
                activity__held_at__year=year,
            ).values_list("activity__kind_id", flat=True)
        ),
        Decimal(0),
    )
    sessions = SessionAttendance.objects.filter(member_id=member_id, session__held_on__year=year).aggregate(
        total=Sum("session__hours")
    )["total"]
    external = ExternalTraining.objects.filter(member_id=member_id, ended_on__year=year).aggregate(total=Sum("hours"))[
        "total"
    ]
    hours = hours_for([member_id], year)[member_id]
    makeups = hours.by_source().get("补学", Decimal(0))
    assert hours.total == meetings + sessions + external + makeups
    admin = Client()
    assert admin.login(username="gongwei", password=DEMO_PASSWORD)
    page = admin.get(f"/training/people/{member_id}/?year={year}").content.decode()
    assert f"{year}年学时：{fmt(hours.total)}学时" in page
    assert (
        Verdict.objects.filter(rule_id="EDU-02", explanation__contains="未参加集中培训").exists()
        or Verdict.objects.filter(rule_id="EDU-02", explanation__contains="差").exists()
    )
