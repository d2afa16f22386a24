"""A year's meetings planned in one step from the kinds' frequencies, after a preview; again, nothing more."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhibu.activities import planning, services
from zhibu.activities.models import Activity, ActivityKind
from zhibu.core.audit_catalogue import Event
from zhibu.core.models import AuditEvent, Notification
from zhibu.testing import SETUP, seat_committee


def planned_counts(organization, year):
    meetings = Activity.objects.filter(organization=organization, planned_at__year=year)
    return {code: meetings.filter(kind__code=code).count() for code in meetings.values_list("kind__code", flat=True)}


@pytest.mark.clock("2026-01-05T10:00")
def test_the_year_is_planned_from_the_frequencies_once(tree, personas, client_as):
    secretary, *_ = seat_committee(tree.a1)
    client = client_as(personas["支部书记A1"])
    preview = client.get("/activities/year-plan/", {"organization": tree.a1.pk, "year": 2026}).content.decode()
    assert "1月支部委员会" in preview and "第1季度支部党员大会" in preview and "2026年度组织生活会" in preview
    for _ in range(2):  # a double click plans nothing more
        answer = client.post("/activities/year-plan/", {"organization": tree.a1.pk, "year": 2026})
        assert answer.status_code == 302
    counts = planned_counts(tree.a1, 2026)
    assert counts["branch_committee"] == 12 and counts["theme_day"] == 12
    assert counts["general_meeting"] == 4 and counts["party_lecture"] == 4
    assert counts["life_meeting"] == 1 and counts["appraisal"] == 1
    assert "group_meeting" not in counts and "leading_group" not in counts
    meetings = Activity.objects.filter(organization=tree.a1)
    assert all(meeting.host == secretary for meeting in meetings)
    assert all(timezone.localtime(m.planned_at).weekday() < 5 for m in meetings)
    assert all(timezone.localtime(m.planned_at).time() == datetime.time(14, 30) for m in meetings)
    assert AuditEvent.objects.filter(event=Event.ACTIVITY_YEAR_PLANNED).count() == 2
    # A year of meetings at once is not a year of notices; adjusting one tells those expected.
    assert not Notification.objects.filter(user=personas["党员A1"]).exists()
    page = client.get("/activities/year-plan/", {"organization": tree.a1.pk, "year": 2026}).content.decode()
    assert "本年度没有需要新安排的会议" in page


@pytest.mark.clock("2026-05-20T10:00")
def test_past_periods_and_meetings_already_planned_or_held_are_skipped(tree):
    lecture = ActivityKind.objects.get(code="party_lecture")
    held = services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=lecture,
        title="第二季度党课",
        planned_at=timezone.make_aware(datetime.datetime(2026, 5, 8, 9, 0)),
    )
    services.record_held(actor=SETUP, activity=held, held_at=held.planned_at)
    slots = [slot for slot in planning.year_plan(tree.a1, 2026) if slot.kind == lecture]
    assert [(slot.period.key, slot.to_plan) for slot in slots] == [
        ("2026-Q1", False),
        ("2026-Q2", False),
        ("2026-Q3", True),
        ("2026-Q4", True),
    ]
    assert slots[1].existing == held and slots[0].past
    may = [slot for slot in planning.year_plan(tree.a1, 2026) if slot.period.key == "2026-05"]
    assert all(slot.planned_at > timezone.now() for slot in may)
    made = planning.plan_year(actor=SETUP, organization=tree.a1, year=2026)
    assert sum(meeting.kind == lecture for meeting in made) == 2
    assert planning.plan_year(actor=SETUP, organization=tree.a1, year=2026) == []


@pytest.mark.clock("2026-05-20T10:00")
def test_a_strangers_organisation_or_a_far_year_is_refused(tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    client.post("/activities/year-plan/", {"organization": tree.b1.pk, "year": 2026})
    assert not Activity.objects.filter(organization=tree.b1).exists()
    with pytest.raises(ValidationError, match="年度计划"):
        planning.plan_year(actor=SETUP, organization=tree.a1, year=2030)
    reader = client_as(personas["纪检A"])
    assert reader.post("/activities/year-plan/", {"organization": tree.a1.pk, "year": 2026}).status_code in (302, 403)
    assert not Activity.objects.filter(organization=tree.a1).exists()


@pytest.mark.clock("2026-01-05T10:00")
def test_adjusting_a_generated_meeting_tells_those_expected(tree, personas):
    made = planning.plan_year(actor=SETUP, organization=tree.a1, year=2026)
    general = next(meeting for meeting in made if meeting.kind.code == "general_meeting")
    later = general.planned_at + datetime.timedelta(days=1)
    services.reschedule(actor=SETUP, activity=general, title=general.title, planned_at=later, place="党员活动室")
    told = Notification.objects.filter(user=personas["党员A1"]).get()
    assert "改期" in told.text and "党员活动室" in told.text
