"""A planned meeting is changed (time, place, host, topic, agenda) until it is held; those expected hear of it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.activities import services
from zhibu.activities.models import Activity, ActivityKind
from zhibu.core.audit_catalogue import Event
from zhibu.core.models import AuditEvent, Notification
from zhibu.testing import SETUP, api_token, make_member

WHEN = timezone.make_aware(datetime.datetime(2026, 12, 10, 14, 30))
LATER = timezone.make_aware(datetime.datetime(2026, 12, 11, 9, 0))


def planned(branch, **extra):
    return services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="12月党员大会",
        planned_at=WHEN,
        place="三楼会议室",
        agenda=["学习讲话精神", "【三重一大】审议经费"],
        first_topic=True,
        **extra,
    )


def form(meeting, **changes):
    data = {
        "title": meeting.title,
        "planned_at": timezone.localtime(meeting.planned_at).strftime("%Y-%m-%dT%H:%M"),
        "place": meeting.place,
        "host": meeting.host_id or "",
        "recorder": "",
        "agenda": services.agenda_text(meeting),
        "first_topic": "on",
    }
    data.update(changes)
    return data


@pytest.mark.clock("2026-12-04T10:00")
def test_rescheduling_tells_the_expected_members_the_old_and_new_time(tree, personas, client_as):
    meeting = planned(tree.a1)
    before = Notification.objects.filter(user=personas["党员A1"]).count()
    client = client_as(personas["支部书记A1"])
    page = client.get(f"/activities/{meeting.pk}/reschedule/")
    assert page.status_code == 200 and "三楼会议室" in page.content.decode()
    answer = client.post(f"/activities/{meeting.pk}/reschedule/", form(meeting, planned_at="2026-12-11T09:00"))
    assert answer.status_code == 302 and answer["Location"] == meeting.get_absolute_url()
    meeting.refresh_from_db()
    assert meeting.planned_at == LATER and meeting.status == Activity.Status.PLANNED
    told = Notification.objects.filter(user=personas["党员A1"]).order_by("-id")
    assert told.count() == before + 1
    assert "原定12月10日14:30，改为12月11日09:00" in told.first().text
    event = AuditEvent.objects.filter(event=Event.ACTIVITY_RESCHEDULED).get()
    assert event.object_id == str(meeting.pk)
    # The agenda and its flags survive an edit that did not touch them.
    assert [(item.title, item.is_major_decision) for item in meeting.agenda.all()] == [
        ("学习讲话精神", False),
        ("审议经费", True),
    ]
    assert meeting.agenda.get(position=1).is_first_topic


@pytest.mark.clock("2026-12-04T10:00")
def test_a_double_submit_changes_once_and_tells_once(tree, personas, client_as):
    meeting = planned(tree.a1)
    client = client_as(personas["支部书记A1"])
    data = form(meeting, place="党员活动室", agenda="学习讲话精神\n讨论发展对象")
    for _ in range(2):
        assert client.post(f"/activities/{meeting.pk}/reschedule/", data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "党员活动室"
    assert [item.title for item in meeting.agenda.all()] == ["学习讲话精神", "讨论发展对象"]
    assert AuditEvent.objects.filter(event=Event.ACTIVITY_RESCHEDULED).count() == 1
    assert Notification.objects.filter(user=personas["党员A1"], text__contains="安排有调整").count() == 1


@pytest.mark.clock("2026-12-04T10:00")
def test_a_held_or_cancelled_meeting_is_refused_with_a_reason(tree, personas, client_as):
    held = services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="party_lecture"),
        title="党课",
        planned_at=timezone.now() - datetime.timedelta(days=1),
    )
    services.record_held(actor=SETUP, activity=held, held_at=held.planned_at)
    held.refresh_from_db()
    answer = client_as(personas["支部书记A1"]).post(f"/activities/{held.pk}/reschedule/", form(held, place="别处"))
    assert answer.status_code == 200
    assert "不能调整安排" in answer.content.decode()
    held.refresh_from_db()
    assert held.place == ""
    cancelled = planned(tree.a1)
    services.cancel_activity(actor=SETUP, activity=cancelled, reason="改期另行通知")
    with pytest.raises(ValidationError, match="已取消"):
        services.reschedule(actor=SETUP, activity=cancelled, title="x", planned_at=LATER)


@pytest.mark.clock("2026-12-04T10:00")
def test_a_strangers_meeting_is_not_found_and_a_reader_is_forbidden(tree, personas, client_as):
    stranger = planned(tree.b1)
    assert client_as(personas["支部书记A1"]).get(f"/activities/{stranger.pk}/reschedule/").status_code == 404
    ours = planned(tree.a1)
    assert client_as(personas["纪检A"]).post(f"/activities/{ours.pk}/reschedule/", form(ours)).status_code == 403


@pytest.mark.clock("2026-12-04T10:00")
def test_a_host_from_another_branch_is_refused(tree):
    meeting = planned(tree.a1)
    outsider = make_member(tree.b1)
    with pytest.raises(ValidationError, match="不是本组织的党员"):
        services.reschedule(actor=SETUP, activity=meeting, title="x", planned_at=LATER, host=outsider)


@pytest.mark.clock("2026-12-04T10:00")
def test_the_api_reschedules_and_refuses_a_strangers_meeting(tree, personas):
    meeting, stranger = planned(tree.a1), planned(tree.b1)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token " + api_token(personas["支部书记A1"]))
    body = {"title": "改期的党员大会", "planned_at": LATER.isoformat(), "place": "活动室"}
    answer = api.post(f"/api/v1/activities/{meeting.pk}/reschedule/", body, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["title"] == "改期的党员大会"
    assert [item["title"] for item in answer.json()["agenda"]] == ["学习讲话精神", "审议经费"]
    assert api.post(f"/api/v1/activities/{stranger.pk}/reschedule/", body, format="json").status_code == 404


@pytest.mark.clock("2026-12-04T10:00")
def test_the_same_api_request_twice_changes_once(tree, personas):
    meeting = planned(tree.a1)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token " + api_token(personas["支部书记A1"]))
    body = {"title": meeting.title, "planned_at": LATER.isoformat(), "place": "活动室"}
    answers = [api.post(f"/api/v1/activities/{meeting.pk}/reschedule/", body, format="json") for _ in range(2)]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert AuditEvent.objects.filter(event=Event.ACTIVITY_RESCHEDULED).count() == 1
    services.record_held(actor=SETUP, activity=meeting, held_at=timezone.now())
    refused = api.post(f"/api/v1/activities/{meeting.pk}/reschedule/", body, format="json")
    assert refused.status_code == 400 and "不能调整安排" in refused.content.decode()
