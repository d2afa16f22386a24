"""Verdicts through the public surface: services that record meetings, the recompute command, period edges."""

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from zhibu import testing
from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind, Attendance
from zhibu.committees import services as committee_services
from zhibu.committees.models import PositionKind
from zhibu.members import transfers
from zhibu.members.models import Member
from zhibu.organizations.models import OrganizationKind
from zhibu.standards import services, storage
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, make_member, make_org

ZONE = timezone.get_current_timezone()
YEAR = 2026

pytestmark = pytest.mark.usefixtures("live_verdicts")
# For tests about YEAR's records as judged during YEAR (an override re-judges the current year, an in-progress
# yearly verdict needs the year still running).
IN_YEAR = pytest.mark.clock(f"{YEAR}-11-16T10:00")


def at(month, day, hour=9, minute=0, year=YEAR):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ZONE)


def hold(branch, code, when, present=None, agenda=()):
    """A meeting held and its attendance recorded: everyone expected came unless ``present`` names who did."""
    kind = ActivityKind.objects.get(code=code)
    activity = activity_services.plan_activity(
        actor=SETUP, organization=branch, kind=kind, title="会议", planned_at=when, agenda=list(agenda)
    )
    activity = activity_services.record_held(actor=SETUP, activity=activity, held_at=when)
    rows = Attendance.objects.filter(activity=activity)
    entries = {
        row.member_id: ("present" if present is None or row.member_id in present else "absent", "", "") for row in rows
    }
    if entries:
        activity_services.record_attendance(actor=SETUP, activity=activity, entries=entries)
    return activity


def verdict(org, rule_id, key):
    return Verdict.objects.get(organization=org, rule_id=rule_id, period_key=key)


def first_term(organization):
    return committee_services.create_term(
        actor=SETUP,
        organization=organization,
        number=1,
        elected_on=datetime.date(2025, 1, 5),
        started_on=datetime.date(2025, 1, 5),
    )


def seat_committee(organization, members=None):
    """A committee of these members, or of three of the organisation's own."""
    return testing.seat_committee(
        organization, members or list(Member.objects.filter(organization=organization).order_by("pk")[:3])
    )


def recompute(year=YEAR):
    return services.recompute(actor=SETUP, year=year)


@pytest.fixture
def branch(tree):
    for _ in range(4):
        make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    return tree.a1


@IN_YEAR
def test_a_meeting_at_half_past_eleven_on_31_march_counts_for_the_first_quarter(branch):
    hold(branch, "general_meeting", at(3, 31, 23, 30))
    recompute()
    first = verdict(branch, "MTG-01", f"{YEAR}-Q1")
    assert first.status == VerdictStatus.MET and "召开支部党员大会1次" in first.explanation
    second = verdict(branch, "MTG-01", f"{YEAR}-Q2")
    assert second.status == VerdictStatus.MISSED
    assert second.explanation == f"{YEAR}年第2季度未召开支部党员大会；上次为{YEAR}年3月31日"
    assert second.evidence[0]["url"].startswith("/activities/?organization=")


@IN_YEAR
def test_a_branch_founded_mid_quarter_is_judged_only_from_its_founding(tree):
    late = make_org(tree.a, "新支部", OrganizationKind.BRANCH, founded_on=datetime.date(YEAR, 2, 15))
    make_member(late, joined_on=datetime.date(2010, 7, 1))
    recompute()
    assert verdict(late, "MTG-04", f"{YEAR}-01").status == VerdictStatus.NOT_APPLICABLE
    february = verdict(late, "MTG-04", f"{YEAR}-02")
    assert february.status == VerdictStatus.NOT_APPLICABLE and "2月15日成立" in february.explanation
    march = verdict(late, "MTG-04", f"{YEAR}-03")  # founded, but with one member and no committee
    assert march.status == VerdictStatus.NOT_APPLICABLE and "未设支部委员会" in march.explanation
    quarter = verdict(late, "MTG-01", f"{YEAR}-Q1")
    assert quarter.status == VerdictStatus.NOT_APPLICABLE and "不完整" in quarter.explanation
    assert verdict(late, "MTG-01", f"{YEAR}-Q2").status == VerdictStatus.MISSED


def test_a_member_transferred_mid_month_keeps_the_meetings_attended_before(tree, branch):
    mover = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    today = timezone.localdate()
    first_of_month = today.replace(day=1)
    attended = hold(
        branch, "party_lecture", datetime.datetime.combine(first_of_month, datetime.time(0, 5), tzinfo=ZONE)
    )
    Attendance.objects.filter(activity=attended, member=mover).update(status="present")
    leave = transfers.start_transfer(
        actor=SETUP, member=mover, kind="internal", to_organization=tree.a2, issued_on=first_of_month
    )
    transfers.complete_transfer(actor=SETUP, transfer=leave, received_on=today)
    make_member(tree.a2, joined_on=datetime.date(2010, 7, 1), name="久未参加")
    recompute(today.year)
    arrived = verdict(tree.a2, "MEM-08", "now")
    assert arrived.status == VerdictStatus.MISSED
    assert "久未参加" in arrived.explanation and mover.name not in arrived.explanation


@IN_YEAR
def test_a_committee_meeting_without_quorum_is_explained_with_the_figures(tree, branch):
    members = list(tree.a1.members.all()[:5]) + [make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))]
    seat_committee(branch, members)
    # three agenda items: the figures are people, not people × agenda items
    agenda = ["学习上级精神", "研究发展党员", "部署下月工作"]
    hold(branch, "branch_committee", at(3, 12), present={members[0].pk, members[1].pk}, agenda=agenda)
    recompute()
    march = verdict(branch, "MTG-05", f"{YEAR}-03")
    assert march.status == VerdictStatus.MISSED
    assert "委员5人，到会2人，未超过半数" in march.explanation and "3月12日" in march.explanation
    assert verdict(branch, "MTG-05", f"{YEAR}-04").status == VerdictStatus.NOT_APPLICABLE
    # below its quorum the committee could not validly meet: kept on record, but March has no 支委会
    assert verdict(branch, "MTG-04", f"{YEAR}-03").status == VerdictStatus.MISSED
    hold(branch, "branch_committee", at(4, 9), present={members[0].pk, members[1].pk, members[2].pk})
    assert verdict(branch, "MTG-04", f"{YEAR}-04").status == VerdictStatus.MET
    assert verdict(branch, "MTG-05", f"{YEAR}-04").status == VerdictStatus.MET


@IN_YEAR
def test_a_general_meeting_quorum_is_judged_when_it_votes_and_two_thirds_only_at_a_leading_group(tree, branch):
    make_member(branch, joined_on=datetime.date(2010, 7, 1))
    voters = list(Member.objects.filter(organization=branch).values_list("pk", flat=True))
    present = set(voters[: len(voters) // 2 + 1])  # more than half, less than two thirds
    assert len(present) * 3 < len(voters) * 2
    may = hold(branch, "general_meeting", at(5, 12), present=present, agenda=["[干部任免]推荐支部委员人选"])
    activity_services.record_vote(
        actor=SETUP, activity=may, subject="推荐支部委员人选", yes=3, no=0, abstain=0, agenda_item=may.agenda.first()
    )
    hold(branch, "general_meeting", at(7, 7), present=set(voters[:1]), agenda=["学习"])  # no vote: no quorum needed
    recompute()
    judged = verdict(branch, "MTG-02", f"{YEAR}-05")
    assert judged.status == VerdictStatus.MET and "三分之二" not in judged.explanation
    july = verdict(branch, "MTG-02", f"{YEAR}-07")
    assert july.status == VerdictStatus.NOT_APPLICABLE and "没有进行表决的支部党员大会" in july.explanation
    assert verdict(branch, "MTG-01", f"{YEAR}-Q3").status == VerdictStatus.MET  # held, whoever came

    leaders = [make_member(branch, joined_on=datetime.date(2010, 7, 1)) for _ in range(5)]
    seat_committee(tree.a, leaders)
    hold(tree.a, "leading_group", at(8, 4), present={m.pk for m in leaders[:3]}, agenda=["[干部任免]研究干部任用"])
    hold(tree.a, "leading_group", at(9, 4), present={m.pk for m in leaders[:4]}, agenda=["[干部任免]研究干部任用"])
    august = verdict(tree.a, "MTG-17", f"{YEAR}-08")
    assert august.status == VerdictStatus.MISSED and "讨论干部任免须三分之二以上到会，未达到" in august.explanation
    assert verdict(tree.a, "MTG-17", f"{YEAR}-09").status == VerdictStatus.MET


@IN_YEAR
def test_the_first_item_must_be_the_first_topic_and_a_meeting_not_held_is_not_judged(branch):
    hold(branch, "general_meeting", at(5, 12), agenda=["[干部任免]推荐支部委员人选"])
    activity_services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="未召开的会",
        planned_at=at(6, 20),
        agenda=["其他事项"],
    )
    meeting = activity_services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="学习会",
        planned_at=at(6, 3),
        agenda=["学习重要讲话精神"],
        first_topic=True,
    )
    activity_services.record_held(actor=SETUP, activity=meeting, held_at=at(6, 3))
    came = {row.member_id: ("present", "", "") for row in Attendance.objects.filter(activity=meeting)}
    activity_services.record_attendance(actor=SETUP, activity=meeting, entries=came)
    recompute()
    assert verdict(branch, "MTG-15", f"{YEAR}-05").status == VerdictStatus.MISSED
    assert "第一项议程不是“第一议题”" in verdict(branch, "MTG-15", f"{YEAR}-05").explanation
    assert verdict(branch, "MTG-15", f"{YEAR}-06").status == VerdictStatus.MET  # a meeting not yet held is not judged
    assert verdict(branch, "MTG-15", f"{YEAR}-07").status == VerdictStatus.NOT_APPLICABLE


def test_recording_who_came_refreshes_dual_life_and_life_absence_at_once(branch):
    cadre = make_member(branch, joined_on=datetime.date(2010, 7, 1), name="领导干部甲")
    Member.objects.filter(pk=cadre.pk).update(is_leading_cadre=True)
    today = timezone.localdate()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    meeting = hold(branch, "general_meeting", timezone.localtime().replace(hour=0, minute=1), present=set())
    assert verdict(branch, "MTG-14", quarter).status != VerdictStatus.MET
    assert "领导干部甲" in verdict(branch, "MEM-08", "now").explanation
    everyone = {row.member_id: ("present", "", "") for row in Attendance.objects.filter(activity=meeting)}
    activity_services.record_attendance(actor=SETUP, activity=meeting, entries=everyone)
    assert verdict(branch, "MTG-14", quarter).status == VerdictStatus.MET
    assert verdict(branch, "MEM-08", "now").status == VerdictStatus.MET


def test_a_meeting_cancelled_after_it_was_held_is_no_organisation_life(branch):
    member = make_member(branch, joined_on=datetime.date(2010, 7, 1), name="只来过一次")
    meeting = hold(branch, "general_meeting", timezone.localtime().replace(hour=0, minute=1), present={member.pk})
    assert "只来过一次" not in verdict(branch, "MEM-08", "now").explanation
    activity_services.cancel_activity(actor=SETUP, activity=meeting, reason="误录入，实际未召开")
    assert "只来过一次" in verdict(branch, "MEM-08", "now").explanation


@IN_YEAR
def test_a_lecture_the_agency_secretary_gives_in_a_branch_refreshes_the_agency_verdict(tree, branch):
    """A refresh re-judges the organisation's ancestors too: an agency's MTG-08 reads its branches' meetings."""
    secretary = make_member(branch, joined_on=datetime.date(2010, 7, 1), name="党委书记甲")
    term = first_term(tree.a)
    committee_services.assign_position(
        actor=SETUP,
        term=term,
        kind=PositionKind.objects.get(code="secretary"),
        holder=secretary,
        started_on=datetime.date(2025, 1, 5),
    )
    recompute()
    assert verdict(tree.a, "MTG-08", str(YEAR)).status == VerdictStatus.IN_PROGRESS
    lecture = activity_services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="party_lecture"),
        title="党课",
        planned_at=at(5, 10),
        host=secretary,
    )
    activity_services.record_held(actor=SETUP, activity=lecture, held_at=at(5, 10))
    assert verdict(tree.a, "MTG-08", str(YEAR)).status == VerdictStatus.IN_PROGRESS  # nobody recorded as present yet
    came = {row.member_id: ("present", "", "") for row in Attendance.objects.filter(activity=lecture)}
    activity_services.record_attendance(actor=SETUP, activity=lecture, entries=came)
    given = verdict(tree.a, "MTG-08", str(YEAR))
    assert given.status == VerdictStatus.MET and "5月10日党课" in str(given.evidence)


def test_a_makeup_within_six_months_counts_as_organisation_life_and_one_before_does_not(branch):
    """MEM-08: a member absent from every meeting is flagged until a 补学 in the last six months is recorded; a 补学
    done before the window, or attending only meetings before it, does not clear the flag."""
    today = timezone.localdate()
    late = make_member(branch, joined_on=datetime.date(2010, 7, 1), name="补学及时")
    early = make_member(branch, joined_on=datetime.date(2010, 7, 1), name="补学过早")
    long_ago = timezone.localtime() - datetime.timedelta(days=300)
    old_meeting = hold(branch, "general_meeting", long_ago, present=set())
    meeting = hold(branch, "general_meeting", timezone.localtime().replace(hour=0, minute=1), present=set())
    absence = verdict(branch, "MEM-08", "now")
    assert absence.status == VerdictStatus.MISSED and "补学及时" in absence.explanation
    activity_services.record_makeup(
        actor=SETUP,
        attendance=Attendance.objects.get(activity=old_meeting, member=early),
        done_on=long_ago.date() + datetime.timedelta(days=1),
        note="观看会议录像",
    )
    activity_services.record_makeup(
        actor=SETUP,
        attendance=Attendance.objects.get(activity=meeting, member=late),
        done_on=today,
        note="观看会议录像",
    )
    explanation = verdict(branch, "MEM-08", "now").explanation
    assert "补学及时" not in explanation and "补学过早" in explanation


@IN_YEAR
def test_recording_and_cancelling_a_meeting_refresh_the_verdict_at_once(branch):
    seat_committee(branch)
    recompute()
    assert verdict(branch, "MTG-04", f"{YEAR}-06").status == VerdictStatus.MISSED
    meeting = hold(branch, "branch_committee", at(6, 10))
    assert verdict(branch, "MTG-04", f"{YEAR}-06").status == VerdictStatus.MET
    activity_services.cancel_activity(actor=SETUP, activity=meeting, reason="误录入")
    assert verdict(branch, "MTG-04", f"{YEAR}-06").status == VerdictStatus.MISSED


@IN_YEAR
def test_a_refresh_for_one_day_counts_the_whole_quarter(tree, branch, personas):
    """Saving a meeting re-judges the periods holding its day; a quarter counts its other months' meetings too."""
    services.save_override(
        actor=personas["工委管理员"],
        organization=tree.gongwei,
        rule_id="MTG-01",
        key="at_least",
        value_text="2",
        reason="测试工委〔2026〕2号",
    )
    hold(branch, "general_meeting", at(2, 10))
    assert verdict(branch, "MTG-01", f"{YEAR}-Q1").status == VerdictStatus.MISSED
    hold(branch, "general_meeting", at(3, 10))  # the refresh runs for 10 March only
    first = verdict(branch, "MTG-01", f"{YEAR}-Q1")
    assert first.status == VerdictStatus.MET and "召开支部党员大会2次" in first.explanation


@IN_YEAR
def test_recompute_command_reports_changes_and_then_none(branch):
    out = io.StringIO()
    call_command("evaluate_standards", "--year", str(YEAR), stdout=out)
    assert "新增" in out.getvalue()
    again = io.StringIO()
    call_command("evaluate_standards", "--year", str(YEAR), stdout=again)
    assert f"{YEAR}年：新增0条，更新0条（结论变化0条），删除0条" in again.getvalue()


@IN_YEAR
def test_a_recompute_of_no_rules_stores_nothing_and_fails_on_nothing(branch):
    recompute()
    changes = services.recompute(actor=SETUP, year=YEAR, rule_ids=set())
    assert (changes.created, changes.updated, changes.deleted) == (0, 0, 0) and Verdict.objects.exists()


@IN_YEAR
def test_rules_without_records_are_never_stored_as_met(branch):
    recompute()
    assert not Verdict.objects.filter(rule_id__in=["DEV-01", "ELE-03"]).exists()
    # Without training records EDU-01 is never 达标 (the year is still running: 进行中, or 不适用 without members).
    assert not Verdict.objects.filter(rule_id="EDU-01", status="met").exists()
    # Without dues records the evaluated FEE rules are 不适用 (or, for the yearly publication, missed), never 达标.
    assert not Verdict.objects.filter(rule_id__startswith="FEE", status="met").exists()


@IN_YEAR
def test_explanation_counts_only_after_the_higher_organisation_accepts(tree, branch, personas):
    seat_committee(branch)
    recompute()
    missed = verdict(branch, "MTG-04", f"{YEAR}-02")
    assert missed.status == VerdictStatus.MISSED
    with pytest.raises(ValidationError):
        services.submit_note(actor=personas["支部书记A1"], verdict=missed, text="太短")
    note = services.submit_note(
        actor=personas["支部书记A1"], verdict=missed, text="二月全体委员参加封闭培训，三月初已补开支委会。"
    )
    assert verdict(branch, "MTG-04", f"{YEAR}-02").status == VerdictStatus.MISSED
    with pytest.raises(PermissionDenied):
        services.review_note(actor=personas["支部书记A1"], note=note, accept=True)
    with pytest.raises(Http404):
        services.review_note(actor=personas["支部书记B1"], note=note, accept=True)
    services.review_note(actor=personas["党委管理员A"], note=note, accept=True)
    explained = verdict(branch, "MTG-04", f"{YEAR}-02")
    assert explained.status == VerdictStatus.EXPLAINED and "情况说明已于" in explained.explanation
    recompute()
    assert verdict(branch, "MTG-04", f"{YEAR}-02").status == VerdictStatus.EXPLAINED
    with pytest.raises(ValidationError):
        services.review_note(actor=personas["党委管理员A"], note=note, accept=False, comment="重复审核")


@IN_YEAR
def test_a_returned_explanation_leaves_the_item_missed_and_may_be_resubmitted(branch, personas):
    seat_committee(branch)
    recompute()
    missed = verdict(branch, "MTG-04", f"{YEAR}-03")
    note = services.submit_note(actor=personas["支部书记A1"], verdict=missed, text="三月因故未召开支委会，四月补开。")
    with pytest.raises(ValidationError):
        services.review_note(actor=personas["党委管理员A"], note=note, accept=False)
    services.review_note(actor=personas["党委管理员A"], note=note, accept=False, comment="请附会议通知")
    assert verdict(branch, "MTG-04", f"{YEAR}-03").status == VerdictStatus.MISSED
    services.submit_note(
        actor=personas["支部书记A1"], verdict=missed, text="三月因故未召开支委会，四月补开（附通知）。"
    )


@IN_YEAR
def test_a_gongwei_override_changes_the_period_and_the_verdict_says_so(tree, branch, personas):
    hold(branch, "party_lecture", at(2, 10))
    recompute()
    assert verdict(branch, "MTG-07", f"{YEAR}-Q2").status == VerdictStatus.MISSED
    with pytest.raises(ValidationError):
        services.save_override(
            actor=personas["党委管理员A"],
            organization=tree.a,
            rule_id="MTG-07",
            key="period",
            value_text="每年",
            reason="本地文件",
        )
    with pytest.raises(ValidationError, match="周期"):
        services.save_override(
            actor=personas["工委管理员"],
            organization=tree.gongwei,
            rule_id="MTG-07",
            key="period",
            value_text="每周",
            reason="本地文件",
        )
    services.save_override(
        actor=personas["工委管理员"],
        organization=tree.gongwei,
        rule_id="MTG-07",
        key="period",
        value_text="每年",
        reason="测试工委〔2026〕1号",
    )
    yearly = verdict(branch, "MTG-07", str(YEAR))
    assert yearly.status == VerdictStatus.MET and "测试工委〔2026〕1号" in yearly.applied["source"]
    assert not Verdict.objects.filter(organization=branch, rule_id="MTG-07", period_key=f"{YEAR}-Q2").exists()


@IN_YEAR
def test_verdicts_written_by_copy_are_the_same_as_by_insert(tree, branch, personas, monkeypatch):
    """PostgreSQL writes and rewrites large batches with COPY and small ones with INSERT and UPDATE … FROM VALUES; every
    path stores the same rows (on SQLite all are INSERTs and UPDATEs)."""

    def stored():
        return sorted(
            Verdict.objects.values_list(
                "rule_id", "organization_id", "period_key", "status", "explanation", "evidence", "applied", "digest"
            )
        )

    hold(branch, "branch_committee", at(3, 12), present=set())
    # COPY's text format escapes these: the reason shows in every MTG-04 verdict's parameters
    reason = "依据\\文件\t第1号\n附件\r"
    services.save_override(
        actor=personas["工委管理员"],
        organization=tree.gongwei,
        rule_id="MTG-04",
        key="at_least",
        value_text="1",
        reason=reason,
    )
    monkeypatch.setattr(storage, "COPY_FROM", 10**9)
    recompute()
    inserted = stored()
    Verdict.objects.all().delete()
    monkeypatch.setattr(storage, "COPY_FROM", 0)
    recompute()
    assert stored() == inserted and len(inserted) > 100
    assert any(reason.strip() in row[6]["source"] for row in inserted if row[0] == "MTG-04")
    assert recompute().updated == 0  # and the digests written by COPY match a fresh evaluation
    # as after a change of the digest: every verdict is rewritten in place, by COPY and UPDATE … FROM on PostgreSQL
    ids = set(Verdict.objects.values_list("pk", flat=True))
    Verdict.objects.update(digest=0, explanation="旧", evidence=[], applied={})
    assert recompute().updated == len(inserted)
    assert stored() == inserted and set(Verdict.objects.values_list("pk", flat=True)) == ids
    assert recompute().updated == 0
    # and a few at a time, as a refresh rewrites them: one UPDATE … FROM VALUES on PostgreSQL
    monkeypatch.setattr(storage, "COPY_FROM", 10**9)
    Verdict.objects.update(digest=0, explanation="旧", evidence=[], applied={})
    assert recompute().updated == len(inserted)
    assert stored() == inserted and set(Verdict.objects.values_list("pk", flat=True)) == ids
    assert recompute().updated == 0


@pytest.mark.parametrize(
    "evidence",
    [
        [],
        [{"label": '会议"记录"\\附件', "url": "/activities/?organization=1&kind=2"}],
        [{"label": "换行\n制表\t回车\r", "url": "/a/"}, {"label": "第二项", "url": "/b/"}],
        [{"label": "人数", "url": "/c/", "count": 3}],
        ["文字"],
    ],
)
@IN_YEAR
def test_evidence_text_is_what_the_json_module_writes(evidence):
    """Verdicts are compared and copied as this text: it must be the JSON of the evidence, quotes and escapes included."""
    assert storage._evidence_json(evidence) == json.dumps(evidence, ensure_ascii=False)
