import datetime
from unittest import mock

from django.test import Client
from django.utils import timezone

from zhibu.activities import digest, services
from zhibu.activities.models import ActivityKind, Attendance
from zhibu.testing import PASSWORD, SETUP, make_member, persona


def held_now(branch):
    activity = services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="扫码会",
        planned_at=timezone.now(),
    )
    return services.record_held(actor=SETUP, activity=activity, held_at=timezone.now())


def test_qr_check_in_marks_the_scanning_member_present(tree, personas):
    meeting = held_now(tree.a1)
    host = Client()
    host.force_login(personas["支部书记A1"])
    page = host.get(f"/activities/{meeting.pk}/qrcode/")
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    link = page.context["link"]
    path = link.replace("http://testserver", "")
    member_client = Client()
    assert member_client.login(username="member_a1", password=PASSWORD)
    assert "确认签到" in member_client.get(path).content.decode()
    done = member_client.post(path)
    assert "签到成功" in done.content.decode()
    row = Attendance.objects.get(activity=meeting, member=personas["党员A1"].member)
    assert row.status == "present" and row.checked_in_by_qr


def test_the_code_expires_and_strangers_cannot_use_it(tree, personas, settings):
    meeting = held_now(tree.a1)
    token = services.checkin_token(actor=personas["支部书记A1"], activity=meeting)
    stranger = persona("waibu", tree.b1, "member", member=make_member(tree.b1))
    client = Client()
    client.force_login(stranger)
    refused = client.post(f"/activities/checkin/{token}/")
    assert "不在本次会议的应到名单中" in refused.content.decode()
    later = timezone.now() + datetime.timedelta(minutes=settings.CHECKIN_MINUTES + 1)
    member = Client()
    member.force_login(personas["党员A1"])
    with mock.patch("time.time", return_value=later.timestamp()):
        expired = member.post(f"/activities/checkin/{token}/")
    assert "已过期" in expired.content.decode()
    assert member.post("/activities/checkin/forged-token/").status_code == 200
    assert Attendance.objects.get(activity=meeting, member=personas["党员A1"].member).status == "unrecorded"


def test_digest_lists_what_is_due(tree, personas, client_as):
    make_member(tree.a1)
    services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="party_lecture"),
        title="下周党课",
        planned_at=timezone.now() + datetime.timedelta(days=3),
    )
    result = digest.build(personas["支部书记A1"], tree.a1)
    assert [a.title for a in result.upcoming] == ["下周党课"]
    not_held = {(org.name, kind.code) for org, kind, _, _ in result.not_held}
    assert ("支部A1", "theme_day") in not_held and ("支部A1", "general_meeting") in not_held
    assert ("支部A1", "branch_committee") not in not_held  # no committee, no committee-meeting reminder
    held = services.record_held(
        actor=SETUP,
        activity=services.plan_activity(
            actor=SETUP,
            organization=tree.a1,
            kind=ActivityKind.objects.get(code="theme_day"),
            title="主题党日",
            planned_at=timezone.now(),
        ),
        held_at=timezone.now(),
    )
    assert held.status == "held"
    after = {(org.name, kind.code) for org, kind, _, _ in digest.build(personas["支部书记A1"], tree.a1).not_held}
    assert ("支部A1", "theme_day") not in after
    page = client_as(personas["支部书记A1"]).get("/activities/digest/").content.decode()
    assert "下周党课" in page and "尚未召开" in page
