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
from zhibu.workdays import services as workday_services
from zhibu.workdays.calendar import is_working_day


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
    assert all(is_working_day(timezone.localtime(m.planned_at).date()) for m in meetings)
    days = {timezone.localtime(m.planned_at).date() for m in meetings}
    assert datetime.date(2026, 2, 14) in days, "a 调休 Saturday is a working day"
    assert not days & {datetime.date(2026, 2, 16), datetime.date(2026, 2, 18)}, "not in the Spring Festival"
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


def afternoon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 30)))


@pytest.mark.parametrize(
    ("now", "proposed"),
    [
        ("2026-09-30T10:00", datetime.date(2026, 10, 8)),  # over the National Day week
        ("2026-10-09T10:00", datetime.date(2026, 10, 10)),  # the 调休 Saturday
        ("2026-10-10T10:00", datetime.date(2026, 10, 12)),  # an ordinary Sunday skipped
        ("2026-02-13T10:00", datetime.date(2026, 2, 14)),  # the Saturday before the Spring Festival
        ("2026-02-14T10:00", datetime.date(2026, 2, 24)),  # over the Spring Festival
    ],
)
def test_the_next_working_afternoon_knows_the_holidays(db, now, proposed):
    moment = timezone.make_aware(datetime.datetime.fromisoformat(now))
    assert planning.next_working_afternoon(moment) == afternoon(proposed)


@pytest.mark.clock("2026-12-30T10:00")
def test_a_year_nobody_entered_falls_back_to_weekdays_and_a_confirmed_one_is_followed(tree, personas, client_as):
    moment = timezone.make_aware(datetime.datetime(2026, 12, 31, 10, 0))
    assert planning.next_working_afternoon(moment) == afternoon(datetime.date(2027, 1, 1)), "a Friday, unknown yet"
    form = client_as(personas["支部书记A1"]).get("/activities/new/")
    assert form.status_code == 200, "the plan form opens with a default, never a refusal"

    workday_services.add_override(actor=SETUP, day=datetime.date(2027, 1, 1), kind="rest", name="元旦")
    workday_services.confirm_year(actor=SETUP, year=2027)
    assert planning.next_working_afternoon(moment) == afternoon(datetime.date(2027, 1, 4))
