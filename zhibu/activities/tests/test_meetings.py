import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhibu.activities import services
from zhibu.activities.models import Activity, ActivityKind, AgendaItem, Amendment, Attendance, LockedRecordError, Vote
from zhibu.committees import services as committee_services
from zhibu.committees.models import PositionKind
from zhibu.members import services as member_services
from zhibu.members import transfers
from zhibu.members.choices import Category, EventKind
from zhibu.testing import SETUP, make_member

HELD = timezone.make_aware(datetime.datetime(2025, 6, 20, 9, 0))
DAY = HELD.date()


def kind(code):
    return ActivityKind.objects.get(code=code)


def held_meeting(branch, code="general_meeting", when=HELD, **plan):
    activity = services.plan_activity(
        actor=SETUP, organization=branch, kind=kind(code), title="测试会议", planned_at=when, **plan
    )
    return services.record_held(actor=SETUP, activity=activity, held_at=when)


def mark(activity, present=(), leave=()):
    entries = {row.member_id: ("absent", "", "") for row in Attendance.objects.filter(activity=activity)}
    for member in present:
        entries[member.pk] = ("present", "", "")
    for member in leave:
        entries[member.pk] = ("leave", "sick", "住院")
    services.record_attendance(actor=SETUP, activity=activity, entries=entries)


def full_members(branch, count):
    return [make_member(branch, joined_on=datetime.date(2010, 7, 1)) for _ in range(count)]


def test_expected_list_follows_membership_on_the_day_including_transfers(tree):
    staying = full_members(tree.a1, 2)
    left = make_member(tree.a1)
    arrived = make_member(tree.b1)
    out = transfers.start_transfer(
        actor=SETUP, member=left, kind="internal", to_organization=tree.b1, issued_on=datetime.date(2025, 6, 1)
    )
    transfers.complete_transfer(actor=SETUP, transfer=out, received_on=datetime.date(2025, 6, 10))
    came = transfers.start_transfer(
        actor=SETUP, member=arrived, kind="internal", to_organization=tree.a1, issued_on=datetime.date(2025, 6, 12)
    )
    transfers.complete_transfer(actor=SETUP, transfer=came, received_on=datetime.date(2025, 6, 15))
    meeting = held_meeting(tree.a1)
    names = {row.member.pk for row in Attendance.objects.filter(activity=meeting)}
    assert names == {staying[0].pk, staying[1].pk, arrived.pk}
    earlier = held_meeting(tree.a1, when=HELD.replace(day=5))
    assert {row.member.pk for row in Attendance.objects.filter(activity=earlier)} == {
        staying[0].pk,
        staying[1].pk,
        left.pk,
    }


def test_vote_quorum_exactly_half_is_not_enough(tree):
    voters = full_members(tree.a1, 8)
    meeting = held_meeting(tree.a1)
    mark(meeting, present=voters[:4])
    vote = services.record_vote(actor=SETUP, activity=meeting, subject="接收预备党员", yes=4, no=0, abstain=0)
    assert not vote.is_valid and not vote.passed
    assert vote.explanation == "应到有表决权党员8人，实到4人，未超过半数，表决无效"


def test_probationary_members_present_do_not_count_toward_quorum_or_votes(tree):
    voters = full_members(tree.a1, 6)
    probationary = [
        make_member(tree.a1, category=Category.PROBATIONARY, joined_on=datetime.date(2025, 1, 1)) for _ in range(3)
    ]
    meeting = held_meeting(tree.a1)
    mark(meeting, present=voters[:3] + probationary)  # 6 present, but only 3 of 6 voters
    with pytest.raises(ValidationError, match="超过实到有表决权人数3人"):
        services.record_vote(actor=SETUP, activity=meeting, subject="表决", yes=5, no=0, abstain=0)
    vote = services.record_vote(actor=SETUP, activity=meeting, subject="表决", yes=3, no=0, abstain=0)
    assert not vote.is_valid and "实到3人" in vote.explanation


def test_passing_needs_more_than_half_of_those_who_should_attend(tree):
    voters = full_members(tree.a1, 9)
    meeting = held_meeting(tree.a1)
    mark(meeting, present=voters[:7])
    narrow = services.record_vote(actor=SETUP, activity=meeting, subject="甲", yes=4, no=3, abstain=0)
    assert narrow.is_valid and not narrow.passed  # 4 of 7 present is a majority there, but not of the 9 who should
    clear = services.record_vote(actor=SETUP, activity=meeting, subject="乙", yes=5, no=1, abstain=1)
    assert clear.is_valid and clear.passed and "通过" in clear.explanation


def test_a_member_who_became_full_after_the_day_had_no_vote_that_day(tree):
    voters = full_members(tree.a1, 2)
    late = make_member(tree.a1, category=Category.PROBATIONARY, joined_on=datetime.date(2024, 9, 1))
    member_services.record_event(
        actor=SETUP, member=late, kind=EventKind.BECOME_FULL, happened_on=datetime.date(2025, 9, 1)
    )
    meeting = held_meeting(tree.a1)
    rights = {row.member_id: row.has_voting_rights for row in Attendance.objects.filter(activity=meeting)}
    assert rights == {voters[0].pk: True, voters[1].pk: True, late.pk: False}


def test_suspended_members_have_no_vote(tree):
    voters = full_members(tree.a1, 3)
    member_services.record_event(
        actor=SETUP, member=voters[0], kind=EventKind.SUSPEND, happened_on=datetime.date(2025, 1, 1)
    )
    meeting = held_meeting(tree.a1)
    assert Attendance.objects.get(activity=meeting, member=voters[0]).has_voting_rights is False


def committee_of(branch, size):
    members = full_members(branch, size)
    term = committee_services.create_term(
        actor=SETUP,
        organization=branch,
        number=1,
        elected_on=datetime.date(2024, 1, 1),
        started_on=datetime.date(2024, 1, 1),
    )
    codes = ["secretary", "organization", "publicity", "discipline", "member", "member", "member"]
    for member, code in zip(members, codes, strict=False):
        committee_services.assign_position(
            actor=SETUP,
            term=term,
            kind=PositionKind.objects.get(code=code),
            holder=member,
            started_on=datetime.date(2024, 1, 1),
        )
    return members


def test_committee_quorum_is_more_than_half_of_the_committee(tree):
    committee = committee_of(tree.a1, 5)
    full_members(tree.a1, 4)  # ordinary members are not expected at a committee meeting
    meeting = held_meeting(tree.a1, code="branch_committee")
    assert Attendance.objects.filter(activity=meeting).count() == 5
    mark(meeting, present=committee[:2])
    vote = services.record_vote(actor=SETUP, activity=meeting, subject="研究发展对象", yes=2, no=0, abstain=0)
    assert not vote.is_valid and vote.explanation.startswith("委员5人，到会2人，未超过半数")
    other = held_meeting(tree.a1, code="branch_committee", when=HELD.replace(day=21))
    mark(other, present=committee[:3])
    assert services.record_vote(actor=SETUP, activity=other, subject="乙", yes=3, no=0, abstain=0).passed


def test_a_meeting_in_the_future_cannot_be_marked_held(tree):
    activity = services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=kind("party_lecture"),
        title="党课",
        planned_at=timezone.now() + datetime.timedelta(days=2),
    )
    with pytest.raises(ValidationError, match="尚未召开"):
        services.record_held(actor=SETUP, activity=activity, held_at=timezone.now() + datetime.timedelta(days=2))


def test_attendance_for_someone_not_on_the_list_is_refused(tree):
    full_members(tree.a1, 2)
    stranger = make_member(tree.b1)
    meeting = held_meeting(tree.a1)
    with pytest.raises(ValidationError, match="不在本次会议的应到名单中"):
        services.record_attendance(actor=SETUP, activity=meeting, entries={stranger.pk: ("present", "", "")})


def test_leave_needs_a_kind(tree):
    member = full_members(tree.a1, 1)[0]
    meeting = held_meeting(tree.a1)
    with pytest.raises(ValidationError, match="请假须选择"):
        services.record_attendance(actor=SETUP, activity=meeting, entries={member.pk: ("leave", "", "")})


def test_votes_only_where_the_kind_allows_them(tree):
    member = full_members(tree.a1, 1)[0]
    lecture = held_meeting(tree.a1, code="party_lecture")
    mark(lecture, present=[member])
    with pytest.raises(ValidationError, match="不进行表决"):
        services.record_vote(actor=SETUP, activity=lecture, subject="x", yes=1, no=0, abstain=0)


def test_resolutions_need_an_owner_and_a_deadline_and_go_overdue(tree):
    member = full_members(tree.a1, 1)[0]
    meeting = held_meeting(tree.a1)
    with pytest.raises(ValidationError, match="责任人"):
        services.add_resolution(actor=SETUP, activity=meeting, text="整改", deadline=DAY)
    resolution = services.add_resolution(
        actor=SETUP,
        activity=meeting,
        text="完善学习制度",
        owner_member=member,
        deadline=DAY + datetime.timedelta(days=30),
    )
    assert resolution.is_overdue(DAY + datetime.timedelta(days=31))
    with pytest.raises(ValidationError, match="完成情况"):
        services.complete_resolution(actor=SETUP, resolution=resolution, done_on=DAY, evidence="")
    services.complete_resolution(
        actor=SETUP, resolution=resolution, done_on=DAY + datetime.timedelta(days=5), evidence="制度已印发"
    )
    resolution.refresh_from_db()
    assert not resolution.is_overdue(DAY + datetime.timedelta(days=60))


def signed_meeting(tree, personas):
    members = full_members(tree.a1, 3)
    meeting = held_meeting(tree.a1, agenda=["学习最新重要讲话精神", "研究年度计划"], first_topic=True)
    mark(meeting, present=members[:2], leave=members[2:])
    services.add_resolution(
        actor=SETUP,
        activity=meeting,
        text="落实计划",
        owner_member=members[0],
        deadline=DAY + datetime.timedelta(days=10),
    )
    services.save_minutes(actor=SETUP, activity=meeting, minutes="会议学习了最新重要讲话精神，研究了年度计划。")
    return services.sign(actor=personas["支部书记A1"], activity=meeting), members


def test_a_signed_record_cannot_be_changed_through_any_path(tree, personas):
    meeting, members = signed_meeting(tree, personas)
    assert meeting.status == Activity.Status.SIGNED and AgendaItem.objects.filter(activity=meeting)[0].is_first_topic
    meeting.minutes = "改写"
    with pytest.raises(LockedRecordError):
        meeting.save()
    with pytest.raises(LockedRecordError):
        Activity.objects.filter(pk=meeting.pk).update(minutes="改写")
    with pytest.raises(LockedRecordError):
        Activity.objects.filter(pk=meeting.pk).delete()
    with pytest.raises(LockedRecordError):
        Attendance.objects.filter(activity=meeting).update(status="present")
    row = Attendance.objects.filter(activity=meeting).first()
    row.status = "absent"
    with pytest.raises(LockedRecordError):
        row.save()
    with pytest.raises(LockedRecordError):
        AgendaItem.objects.filter(activity=meeting).delete()
    with pytest.raises(LockedRecordError):
        AgendaItem.objects.bulk_create([AgendaItem(activity=meeting, position=9, title="事后添加")])
    with pytest.raises(LockedRecordError):
        Attendance.objects.bulk_update(list(Attendance.objects.filter(activity=meeting)), ["status"])
    with pytest.raises(ValidationError, match="不能填写会议记录"):
        services.save_minutes(actor=SETUP, activity=meeting, minutes="新的会议记录内容内容内容")
    with pytest.raises(ValidationError):
        services.record_vote(actor=SETUP, activity=meeting, subject="x", yes=1, no=0, abstain=0)
    assert Activity.objects.get(pk=meeting.pk).minutes.startswith("会议学习了")
    assert not Vote.objects.exists()


def test_an_amendment_keeps_the_original(tree, personas):
    meeting, _ = signed_meeting(tree, personas)
    amendment = services.amend(
        actor=personas["支部书记A1"],
        activity=meeting,
        part="minutes",
        corrected="会议学习了最新重要讲话精神，研究并通过了年度计划。",
        reason="漏记表决结论",
    )
    assert amendment.original.startswith("会议学习了") and amendment.made_by == personas["支部书记A1"]
    assert Activity.objects.get(pk=meeting.pk).minutes == amendment.original
    assert Amendment.objects.filter(activity=meeting).count() == 1
    with pytest.raises(ValidationError, match="更正原因"):
        services.amend(actor=personas["支部书记A1"], activity=meeting, part="minutes", corrected="x", reason="")


def test_makeup_is_recorded_apart_after_signing(tree, personas):
    meeting, members = signed_meeting(tree, personas)
    absent = Attendance.objects.get(activity=meeting, member=members[2])
    makeup = services.record_makeup(
        actor=SETUP, attendance=absent, done_on=DAY + datetime.timedelta(days=3), note="观看录像并提交学习体会"
    )
    assert makeup.attendance.status == "leave"
    with pytest.raises(ValidationError, match="已出席"):
        services.record_makeup(
            actor=SETUP, attendance=Attendance.objects.get(activity=meeting, member=members[0]), done_on=DAY, note="x"
        )


def test_the_host_signs_their_own_minutes(tree, personas):
    host = personas["党员A1"].member
    full_members(tree.a1, 1)
    meeting = held_meeting(tree.a1, code="party_lecture", host=host)
    mark(meeting, present=[host])
    services.save_minutes(actor=SETUP, activity=meeting, minutes="书记讲授专题党课，全体党员参加学习。")
    with pytest.raises(PermissionDenied, match="主持人"):
        services.sign(actor=personas["支部书记A1"], activity=meeting)


def test_kinds_are_held_at_the_right_level(tree):
    with pytest.raises(ValidationError, match="党委（党组）"):
        services.plan_activity(
            actor=SETUP, organization=tree.a1, kind=kind("democratic_life"), title="x", planned_at=HELD
        )
    with pytest.raises(ValidationError, match="党小组会请在党小组下安排"):
        services.plan_activity(
            actor=SETUP, organization=tree.a1, kind=kind("group_meeting"), title="x", planned_at=HELD
        )


def test_agenda_flags_and_a_theme_day_hosting_two_meetings(tree):
    theme_day = services.plan_activity(
        actor=SETUP, organization=tree.a1, kind=kind("theme_day"), title="七一主题党日", planned_at=HELD
    )
    meeting = services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=kind("general_meeting"),
        title="党员大会",
        planned_at=HELD,
        theme_day=theme_day,
        agenda=["学习讲话精神", "【三重一大】审议经费安排", "[干部任免]推荐支部委员人选"],
        first_topic=True,
    )
    lecture = services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=kind("party_lecture"),
        title="党课",
        planned_at=HELD,
        theme_day=theme_day,
    )
    items = list(meeting.agenda.values_list("title", "is_first_topic", "is_major_decision", "is_cadre_appointment"))
    assert items == [
        ("学习讲话精神", True, False, False),
        ("审议经费安排", False, True, False),
        ("推荐支部委员人选", False, True, True),
    ]
    assert set(theme_day.parts.all()) == {meeting, lecture}
    with pytest.raises(ValidationError, match="只能归入本组织的主题党日"):
        services.plan_activity(
            actor=SETUP,
            organization=tree.a2,
            kind=kind("party_lecture"),
            title="x",
            planned_at=HELD,
            theme_day=theme_day,
        )


def test_leading_cadres_attendance_counts_as_dual_life(tree):
    cadre = make_member(tree.a2, is_leading_cadre=True, dual_life_organization=tree.a1)
    own = make_member(tree.a1, is_leading_cadre=True)
    ordinary = make_member(tree.a1)
    meeting = held_meeting(tree.a1)
    flags = {row.member_id: row.is_dual_life for row in Attendance.objects.filter(activity=meeting)}
    assert flags == {cadre.pk: True, own.pk: True, ordinary.pk: False}


def test_a_host_who_is_only_a_member_signs_and_only_the_host_sees_the_button(tree, personas, client_as):
    """The host told "会议记录待您签发" can sign, whatever their role; a branch officer is not offered a signature that
    is the host's to give."""
    host = personas["党员A1"].member
    activity = held_meeting(tree.a1, code="theme_day", host=host)
    mark(activity, present=[host])
    services.save_minutes(
        actor=personas["支部书记A1"], activity=activity, minutes="会议学习了党章，讨论了本月工作安排。"
    )
    secretary_page = client_as(personas["支部书记A1"]).get(activity.get_absolute_url()).content.decode()
    assert "主持人签发" not in secretary_page
    refused = client_as(personas["支部书记A1"]).post(f"/activities/{activity.pk}/sign/", follow=True)
    assert "主持人" in refused.content.decode() and Activity.objects.get(pk=activity.pk).status == "minuted"
    host_client = client_as(personas["党员A1"])
    assert "主持人签发" in host_client.get(activity.get_absolute_url()).content.decode()
    host_client.post(f"/activities/{activity.pk}/sign/")
    signed = Activity.objects.get(pk=activity.pk)
    assert signed.status == "signed" and signed.signed_by == personas["党员A1"]
