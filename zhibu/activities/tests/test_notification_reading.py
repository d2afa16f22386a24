"""Notifications tell others of what someone did, and stop asking once it is done or has been looked at."""

import datetime

from django.utils import timezone

from zhibu.accounts.roles import Role
from zhibu.activities import services
from zhibu.activities.models import Activity, ActivityKind, Attendance
from zhibu.core.models import Notification
from zhibu.members.models import Member
from zhibu.testing import SETUP, make_member, persona

HELD = timezone.make_aware(datetime.datetime(2025, 6, 20, 9, 0))


def plan(branch, actor=SETUP, code="party_lecture", **fields):
    return services.plan_activity(
        actor=actor,
        organization=branch,
        kind=ActivityKind.objects.get(code=code),
        title="专题党课",
        planned_at=HELD,
        **fields,
    )


def secretary_with_record(tree):
    """A branch secretary who is also a member of the branch (and so expected at its meetings)."""
    return persona("host_a1", tree.a1, Role.SECRETARY, member=make_member(tree.a1, name="书记本人"))


def unread(user):
    return Notification.objects.filter(user=user, read_at__isnull=True)


def test_nobody_is_told_of_their_own_action(tree, personas):
    secretary = secretary_with_record(tree)
    plan(tree.a1, actor=secretary)
    assert not Notification.objects.filter(user=secretary).exists()
    assert unread(personas["党员A1"]).count() == 1


def test_signing_the_minutes_reads_the_request_to_sign(tree, personas, client_as):
    host = secretary_with_record(tree)
    meeting = plan(tree.a1, host=host.member)
    meeting = services.record_held(actor=SETUP, activity=meeting, held_at=HELD)
    entries = {row.member_id: ("present", "", "") for row in Attendance.objects.filter(activity=meeting)}
    services.record_attendance(actor=SETUP, activity=meeting, entries=entries)
    services.save_minutes(
        actor=personas["党务干部A1"], activity=meeting, minutes="书记讲授专题党课，全体党员参加学习。"
    )
    request = Notification.objects.get(user=host, text__startswith="会议记录待您签发")
    assert request.read_at is None and request.task == f"activity.sign:{meeting.pk}"
    client = client_as(host)
    client.get("/")  # elsewhere: still waiting
    assert Notification.objects.get(pk=request.pk).read_at is None
    response = client.post(f"/activities/{meeting.pk}/sign/")
    assert response.status_code == 302
    assert Activity.objects.get(pk=meeting.pk).status == Activity.Status.SIGNED
    assert Notification.objects.get(pk=request.pk).read_at is not None
    assert '<span class="count">' not in client.get("/").content.decode()


def test_holding_or_cancelling_a_meeting_reads_the_invitation(tree, personas):
    member = personas["党员A1"]
    held, cancelled = plan(tree.a1), plan(tree.a1)
    assert unread(member).count() == 2
    services.record_held(actor=SETUP, activity=held, held_at=HELD)
    services.cancel_activity(actor=SETUP, activity=cancelled, reason="时间冲突")
    assert unread(member).count() == 0


def test_opening_the_page_reads_that_notification_and_no_other(tree, personas, client_as):
    member = personas["党员A1"]
    first, second = plan(tree.a1), plan(tree.a1)
    client = client_as(member)
    assert '<span class="count">2</span>' in client.get("/").content.decode()
    assert client.get(first.get_absolute_url()).status_code == 200
    assert list(unread(member).values_list("url", flat=True)) == [second.get_absolute_url()]
    listing = client.get("/notifications/").content.decode()
    assert listing.count("未读</span>") == 1 and '<span class="count">1</span>' in listing


def test_one_notification_is_marked_read_by_itself_and_only_by_its_user(tree, personas, client_as):
    member, secretary = personas["党员A1"], personas["支部书记A1"]
    plan(tree.a1)
    plan(tree.a1)
    first, second = unread(member).order_by("id")
    assert client_as(secretary).post(f"/notifications/{first.pk}/read/").status_code == 404  # not theirs
    assert Notification.objects.get(pk=first.pk).read_at is None  # another user's notification is left alone
    client_as(member).post(f"/notifications/{first.pk}/read/")
    assert Notification.objects.get(pk=first.pk).read_at is not None
    assert Notification.objects.get(pk=second.pk).read_at is None


def test_a_group_member_opens_the_group_meeting_they_are_told_of(tree, personas, client_as):
    member_user = personas["党员A1"]
    Member.objects.filter(pk=member_user.member.pk).update(party_group=tree.a1_group)
    meeting = plan(tree.a1_group, code="group_meeting")
    notice = Notification.objects.get(user=member_user)
    client = client_as(member_user)
    page = client.get(notice.url)
    assert page.status_code == 200 and "专题党课" in page.content.decode()
    assert client.get(tree.a1_group.get_absolute_url()).status_code == 200
    outsider = persona("member_a1_other", tree.a1, Role.MEMBER, member=make_member(tree.a1))
    assert client_as(outsider).get(meeting.get_absolute_url()).status_code == 404
