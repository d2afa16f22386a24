"""Check-in in one tap from the confirm page, refusals before the tap, and what a member reading a meeting of their
branch must not see: other people's leave reasons, and a committee meeting's minutes unless shared."""

import datetime
from unittest import mock

from django.utils import timezone

from zhibu.activities import services
from zhibu.activities.models import ActivityKind, Attendance
from zhibu.testing import SETUP, make_member, persona, seat_committee


def held_now(branch, code="general_meeting", place="党员活动室"):
    activity = services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code=code),
        title="扫码签到的会",
        planned_at=timezone.now(),
        place=place,
    )
    return services.record_held(actor=SETUP, activity=activity, held_at=timezone.now())


def test_the_confirm_page_names_the_meeting_and_one_tap_checks_in(tree, personas, client_as):
    meeting = held_now(tree.a1)
    token = services.checkin_token(actor=personas["支部书记A1"], activity=meeting)
    member = client_as(personas["党员A1"])
    confirm = member.get(f"/activities/checkin/{token}/").content.decode()
    assert "扫码签到的会" in confirm and "党员活动室" in confirm and "支部A1" in confirm and "确认签到" in confirm
    done = member.post(f"/activities/checkin/{token}/").content.decode()
    assert "签到成功" in done
    row = Attendance.objects.get(activity=meeting, member=personas["党员A1"].member)
    assert row.status == "present" and row.checked_in_by_qr
    again = member.get(f"/activities/checkin/{token}/").content.decode()
    assert "您已扫码签到" in again and "确认签到" not in again


def test_a_person_not_expected_is_refused_before_tapping(tree, personas, client_as):
    meeting = held_now(tree.a1)
    token = services.checkin_token(actor=personas["支部书记A1"], activity=meeting)
    stranger = persona("waibu_member", tree.b1, "member", member=make_member(tree.b1))
    page = client_as(stranger).get(f"/activities/checkin/{token}/").content.decode()
    assert "不在本次会议的应到名单中" in page and "确认签到" not in page
    assert "不在本次会议的应到名单中" in client_as(stranger).post(f"/activities/checkin/{token}/").content.decode()
    no_record = client_as(personas["无角色"]).get(f"/activities/checkin/{token}/")
    assert no_record.status_code == 200 and "不在本次会议的应到名单中" in no_record.content.decode()
    assert not Attendance.objects.filter(activity=meeting, checked_in_by_qr=True).exists()


def test_an_expired_or_forged_code_is_refused_before_tapping(tree, personas, client_as, settings):
    meeting = held_now(tree.a1)
    token = services.checkin_token(actor=personas["支部书记A1"], activity=meeting)
    member = client_as(personas["党员A1"])
    later = timezone.now() + datetime.timedelta(minutes=settings.CHECKIN_MINUTES + 1)
    with mock.patch("time.time", return_value=later.timestamp()):
        expired = member.get(f"/activities/checkin/{token}/").content.decode()
    assert "已过期" in expired and "确认签到" not in expired
    forged = member.get("/activities/checkin/forged-token/")
    assert forged.status_code == 200 and "无效" in forged.content.decode()


def _meeting_with_a_private_leave(tree, personas):
    me = personas["党员A1"].member
    other = make_member(tree.a1, name="请假的人")
    meeting = held_now(tree.a1)
    services.record_attendance(
        actor=SETUP,
        activity=meeting,
        entries={me.pk: ("leave", "sick", "本人的说明"), other.pk: ("leave", "personal", "别人的私密原因")},
    )
    return meeting


def test_a_member_sees_only_their_own_leave_reason_on_the_meeting_page(tree, personas, client_as):
    meeting = _meeting_with_a_private_leave(tree, personas)
    page = client_as(personas["党员A1"]).get(meeting.get_absolute_url()).content.decode()
    assert "请假的人" in page  # who was away is not withheld, only why
    assert "别人的私密原因" not in page and "事假" not in page
    assert "本人的说明" in page
    secretary = client_as(personas["支部书记A1"]).get(meeting.get_absolute_url()).content.decode()
    assert "别人的私密原因" in secretary
    discipline = client_as(personas["纪检A"]).get(meeting.get_absolute_url()).content.decode()
    assert "别人的私密原因" in discipline


def test_the_api_withholds_the_same_reasons_from_a_member(tree, personas, client_as):
    meeting = _meeting_with_a_private_leave(tree, personas)
    body = client_as(personas["党员A1"]).get(f"/api/v1/activities/{meeting.pk}/").json()
    reasons = {row["member_name"]: row["reason"] for row in body["attendance"]}
    assert reasons["请假的人"] == "" and reasons[personas["党员A1"].member.name] == "本人的说明"


def _committee_meeting_with_minutes(tree, shared=False):
    seat_committee(tree.a1)
    meeting = held_now(tree.a1, code="branch_committee")
    services.record_attendance(
        actor=SETUP,
        activity=meeting,
        entries={row.member_id: ("present", "", "") for row in Attendance.objects.filter(activity=meeting)},
    )
    return services.save_minutes(
        actor=SETUP, activity=meeting, minutes="委员会内部讨论的人事安排意见，暂不公开。", minutes_shared=shared
    )


def test_committee_minutes_stay_with_the_committee(tree, personas, client_as):
    meeting = _committee_meeting_with_minutes(tree)
    member = client_as(personas["党员A1"])
    page = member.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert "人事安排意见" not in page.content.decode() and "只向应到人员公开" in page.content.decode()
    assert member.get(f"/api/v1/activities/{meeting.pk}/").json()["minutes"] == ""
    assert "人事安排意见" in client_as(personas["支部书记A1"]).get(meeting.get_absolute_url()).content.decode()


def test_committee_minutes_the_branch_shares_are_read_by_members(tree, personas, client_as):
    meeting = _committee_meeting_with_minutes(tree, shared=True)
    page = client_as(personas["党员A1"]).get(meeting.get_absolute_url()).content.decode()
    assert "人事安排意见" in page


def test_the_minutes_step_of_the_api_shares_committee_minutes(tree, personas, client_as):
    meeting = _committee_meeting_with_minutes(tree)
    secretary = client_as(personas["支部书记A1"])
    url = f"/api/v1/activities/{meeting.pk}/minutes/"
    text = "委员会内部讨论的人事安排意见，现向党员公开。"
    shared = secretary.post(url, {"minutes": text, "minutes_shared": True}, content_type="application/json")
    assert shared.status_code == 200 and shared.json()["minutes_shared"] is True
    kept = secretary.post(url, {"minutes": text}, content_type="application/json")
    assert kept.json()["minutes_shared"] is True  # not sent: the sharing stays as it was
    assert client_as(personas["党员A1"]).get(f"/api/v1/activities/{meeting.pk}/").json()["minutes"] == text
