"""ORG-01, MEM-02 and MTG-03 through the public surface: records changed by the services, verdicts as stored."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind, Attendance
from zhibu.members import privacy
from zhibu.members import services as member_services
from zhibu.members.choices import Category, EventKind
from zhibu.members.importing import COLUMNS, import_members
from zhibu.members.models import Member
from zhibu.organizations.models import OrganizationKind
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, import_row, make_member, make_org

pytestmark = pytest.mark.usefixtures("live_verdicts")


def now_verdict(org, rule_id):
    return Verdict.objects.get(organization=org, rule_id=rule_id, period_key="now")


@pytest.mark.parametrize(
    "kind", [OrganizationKind.BRANCH, OrganizationKind.JOINT_BRANCH, OrganizationKind.TEMPORARY_BRANCH]
)
def test_org01_counts_only_full_members_in_good_standing_in_every_kind_of_branch(tree, kind):
    branch = make_org(tree.a, "新设支部", kind)
    members = [make_member(branch, joined_on=datetime.date(2010, 7, 1)) for _ in range(3)]
    assert now_verdict(branch, "ORG-01").status == VerdictStatus.MET
    member_services.record_event(
        actor=SETUP, member=members[0], kind=EventKind.SUSPEND, happened_on=datetime.date(2026, 1, 10)
    )
    suspended = now_verdict(branch, "ORG-01")
    assert suspended.status == VerdictStatus.MISSED
    assert suspended.explanation.startswith("现有正式党员2人（另有停止党籍的1人，不计入），少于3人")
    assert "party_status=normal" in suspended.evidence[0]["url"]
    member_services.record_event(
        actor=SETUP, member=members[0], kind=EventKind.RESTORE, happened_on=datetime.date(2026, 2, 10)
    )
    assert now_verdict(branch, "ORG-01").status == VerdictStatus.MET


@pytest.mark.clock("2026-06-15T10:00")
def test_org01_and_org02_count_the_members_on_the_roll_as_the_roll_does_not_a_restricted_record(tree):
    branch = make_org(tree.a, "限制处理支部", OrganizationKind.BRANCH)
    members = [make_member(branch, joined_on=datetime.date(2010, 7, 1)) for _ in range(3)]
    assert now_verdict(branch, "ORG-01").status == VerdictStatus.MET
    privacy.restrict(actor=SETUP, member=members[0], reason="本人申请删除", retain_until=datetime.date(2026, 12, 31))
    on_the_roll = Member.objects.filter(organization=branch).current().count()
    at_least, at_most = now_verdict(branch, "ORG-01"), now_verdict(branch, "ORG-02")
    assert on_the_roll == 2
    assert at_least.status == VerdictStatus.MISSED
    assert at_least.explanation.startswith(f"现有正式党员{on_the_roll}人，少于3人")
    assert at_most.explanation == f"现有党员{on_the_roll}人"


def test_mtg03_judges_each_recorded_vote_again_on_the_attendance_as_corrected(tree):
    members = [make_member(tree.a2, joined_on=datetime.date(2010, 7, 1)) for _ in range(9)]
    held_at = datetime.datetime(2026, 3, 12, 9, tzinfo=timezone.get_current_timezone())
    meeting = activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a2,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="支部党员大会",
        planned_at=held_at,
        agenda=["[干部任免]推荐支部委员人选", "接收预备党员"],
    )
    meeting = activity_services.record_held(actor=SETUP, activity=meeting, held_at=held_at)

    def attend(present):
        entries = {
            row.member_id: ("present" if row.member_id in present else "absent", "", "")
            for row in Attendance.objects.filter(activity=meeting)
        }
        activity_services.record_attendance(actor=SETUP, activity=meeting, entries=entries)

    attend({member.pk for member in members[:7]})  # 7 of 9: more than half
    cadre_item = meeting.agenda.get(position=1)
    activity_services.record_vote(
        actor=SETUP, activity=meeting, subject="推荐支部委员人选", yes=5, no=0, abstain=0, agenda_item=cadre_item
    )
    activity_services.record_vote(actor=SETUP, activity=meeting, subject="接收预备党员", yes=6, no=1, abstain=0)
    march = Verdict.objects.get(organization=tree.a2, rule_id="MTG-03", period_key="2026-03")
    assert march.status == VerdictStatus.MET
    attend({member.pk for member in members[:5]})  # corrected: 5 of 9 is still more than half
    march.refresh_from_db()
    # a branch general meeting needs no two thirds for 干部任免 (that is the 党组's rule, MTG-17)
    assert march.explanation == "2026年3月12日支部党员大会表决“接收预备党员”投票合计7票，多于实到有表决权的5人"


def test_mem02_names_a_full_member_imported_after_the_probation_was_extended(tree, personas):
    joined = datetime.date(2025, 3, 1)
    member = make_member(tree.a2, name="延长预备期", category=Category.PROBATIONARY, joined_on=joined)
    member_services.record_event(
        actor=SETUP,
        member=member,
        kind=EventKind.EXTEND_PROBATION,
        happened_on=datetime.date(2026, 2, 20),
        extension_months=6,
    )
    assert now_verdict(tree.a2, "MEM-02").status == VerdictStatus.MET
    # An export of another system, made before the extension was recorded, says the member became full on time.
    sheet = Workbook()
    sheet.active.append([column.header for column in COLUMNS])
    sheet.active.append(
        import_row(tree.a2, name="延长预备期", id_number=member.id_number, joined_on=joined, category=Category.FULL)
    )
    content = io.BytesIO()
    sheet.save(content)
    result = import_members(
        actor=personas["党委管理员A"], upload=SimpleUploadedFile("members.xlsx", content.getvalue())
    )
    assert result.committed and result.updated == 1
    missed = now_verdict(tree.a2, "MEM-02")
    assert missed.status == VerdictStatus.MISSED
    assert missed.explanation == (
        "转正日期不一致：延长预备期（转正日期2026年3月1日，按入党满1年并延长预备期6个月应为2026年9月1日）"
    )
