"""A restricted member (erasure requested, decision C6) is no longer counted, chased or named; the records that only
name them (a meeting's host, a rectification owner) stay, with the name withheld. The scoping matrix covers the
records that belong to the member."""

import datetime

from django.utils import timezone

from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind, Attendance
from zhibu.members import privacy
from zhibu.members.models import RESTRICTED_NAME
from zhibu.members.panels import member_counts
from zhibu.testing import SETUP, make_member


def _restrict(member):
    privacy.restrict(
        actor=SETUP,
        member=member,
        reason="本人申请删除",
        retain_until=timezone.localdate() + datetime.timedelta(days=30),
    )


def test_a_restricted_member_is_not_counted_and_is_not_named_where_a_record_only_refers_to_them(
    tree, personas, client_as
):
    host = make_member(tree.a1, name="主持人戊")
    meeting = activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="party_lecture"),
        title="专题党课",
        planned_at=timezone.now() + datetime.timedelta(days=2),
        host=host,
    )
    secretary = personas["支部书记A1"]
    before = member_counts(tree.a1, secretary)["total"]
    _restrict(host)
    assert member_counts(tree.a1, secretary)["total"] == before - 1
    page = client_as(secretary).get(meeting.get_absolute_url()).content.decode()
    assert "专题党课" in page and "主持人戊" not in page and RESTRICTED_NAME in page
    home = client_as(secretary).get("/").content.decode()
    assert "主持人戊" not in home
    # Not expected at the next meeting either.
    later = activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="党员大会",
        planned_at=timezone.now() - datetime.timedelta(days=1),
    )
    activity_services.record_held(actor=SETUP, activity=later, held_at=timezone.now() - datetime.timedelta(days=1))
    assert not Attendance.objects.filter(activity=later, member=host).exists()
