"""The snapshot and yearly rules that had no edge test: committee size (ORG-04), terms (ELE-01, ELE-05), the agency's
share of Party workers (AGY-01), member records (MEM-01, MEM-03, MEM-04, MEM-07), appraisal quota (MTG-12) and talk
coverage (MTG-13). Records change through the services; the verdicts are read as stored, at each side of an edge."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from zhibu.activities import talks
from zhibu.committees import services as committee_services
from zhibu.committees.models import Term
from zhibu.members import services as member_services
from zhibu.members import transfers
from zhibu.members.choices import EventKind, LostContactReason
from zhibu.members.models import Transfer
from zhibu.organizations import services as organization_services
from zhibu.organizations.models import OrganizationKind
from zhibu.standards import services as standards_services
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, make_member, make_org, seat_committee

pytestmark = [pytest.mark.clock("2026-11-16T10:00"), pytest.mark.usefixtures("live_verdicts")]
TODAY = datetime.date(2026, 11, 16)


def verdict(org, rule_id, period_key="now"):
    return Verdict.objects.get(organization=org, rule_id=rule_id, period_key=period_key)


def judged_on(day: datetime.date, org, rule_id):
    """The snapshot verdict as a refresh on ``day`` would store it."""
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=False):
        standards_services.refresh(organizations=[org], topic=None, day=None)
        return verdict(org, rule_id)


@pytest.fixture
def branch(tree):
    return make_org(tree.a, "边界支部", OrganizationKind.BRANCH)


# ORG-04 支部委员会 3–7 人（一般 3–5 人）


@pytest.mark.parametrize(
    ("size", "status", "text"),
    [
        (2, VerdictStatus.NOT_APPLICABLE, "未设支部委员会"),
        (3, VerdictStatus.MET, "支部委员会现有委员3人"),
        (5, VerdictStatus.MET, "支部委员会现有委员5人"),
        (7, VerdictStatus.MET, "支部委员会现有委员7人（一般为3至5人）"),
        (8, VerdictStatus.MISSED, "支部委员会现有委员8人，超过7人上限"),
    ],
)
def test_org04_committee_size_at_each_edge(branch, size, status, text):
    seat_committee(branch, [make_member(branch) for _ in range(size)])
    found = verdict(branch, "ORG-04")
    assert (found.status, found.explanation) == (status, text)


def test_org04_counts_only_posts_still_held(branch):
    members = seat_committee(branch, [make_member(branch) for _ in range(8)])
    assert verdict(branch, "ORG-04").status == VerdictStatus.MISSED
    post = members[-1].positions.get(ended_on__isnull=True)
    committee_services.end_position(actor=SETUP, position=post, ended_on=datetime.date(2026, 10, 1), reason="调离")
    assert verdict(branch, "ORG-04").explanation == "支部委员会现有委员7人（一般为3至5人）"


# ELE-01 届满前 6 个月提示换届；ELE-05 选举结果报上级批复


def _term(branch, started_on, approval_document=""):
    return committee_services.create_term(
        actor=SETUP,
        organization=branch,
        number=1,
        elected_on=started_on,
        started_on=started_on,
        approval_document=approval_document,
    )


def test_ele01_without_a_term_is_missed_not_silent(branch):
    found = verdict(branch, "ELE-01")
    assert (found.status, found.explanation) == (VerdictStatus.MISSED, "未登记现任届次，无法提示换届")


def test_ele01_reminds_from_six_months_before_the_end_until_the_end(branch):
    term = _term(branch, datetime.date(2024, 6, 1))
    end = term.planned_end_on
    assert end == datetime.date(2027, 6, 1)  # three years for a branch
    before = judged_on(datetime.date(2026, 11, 30), branch, "ELE-01")
    assert (before.status, before.explanation) == (VerdictStatus.MET, "第1届任期至2027年6月1日届满")
    first_day = judged_on(datetime.date(2026, 12, 1), branch, "ELE-01")  # six months before 1 June
    assert first_day.status == VerdictStatus.IN_PROGRESS
    assert first_day.explanation == "第1届将于2027年6月1日届满（还有182天），请启动换届准备"
    last_day = judged_on(end, branch, "ELE-01")
    assert (last_day.status, last_day.explanation[-14:]) == (VerdictStatus.IN_PROGRESS, "（还有0天），请启动换届准备")
    late = judged_on(end + datetime.timedelta(days=1), branch, "ELE-01")
    assert (late.status, late.explanation) == (VerdictStatus.MISSED, "第1届已于2027年6月1日届满，尚未换届")


def test_ele05_needs_the_approval_number_of_the_current_term(branch):
    assert verdict(branch, "ELE-05").status == VerdictStatus.NOT_APPLICABLE
    term = _term(branch, datetime.date(2025, 3, 1))
    found = verdict(branch, "ELE-05")
    assert (found.status, found.explanation) == (VerdictStatus.MISSED, "第1届未登记上级批复文号")
    committee_services.update_term(actor=SETUP, term=term, approval_document="党委A〔2025〕3号")
    found = verdict(branch, "ELE-05")
    assert (found.status, found.explanation) == (VerdictStatus.MET, "第1届选举结果已报批（党委A〔2025〕3号）")


def test_ele05_judges_the_new_term_after_a_change_of_term(branch):
    _term(branch, datetime.date(2022, 3, 1), approval_document="党委A〔2022〕1号")
    assert verdict(branch, "ELE-05").status == VerdictStatus.MET
    committee_services.create_term(
        actor=SETUP,
        organization=branch,
        number=2,
        elected_on=datetime.date(2025, 3, 1),
        started_on=datetime.date(2025, 3, 1),
    )
    assert Term.objects.filter(organization=branch, ended_on__isnull=True).get().number == 2
    assert verdict(branch, "ELE-05").explanation == "第2届未登记上级批复文号"


# AGY-01 专职党务干部占机关在编人数 1%–2%


@pytest.mark.parametrize(
    ("staff", "party_staff", "status", "text"),
    [
        (200, 1, VerdictStatus.MISSED, "在编200人，专职党务干部1人（0.5%），低于1%"),
        (200, 2, VerdictStatus.MET, "在编200人，专职党务干部2人（1.0%）"),
        (200, 4, VerdictStatus.MET, "在编200人，专职党务干部4人（2.0%）"),
        (200, 5, VerdictStatus.MET, "在编200人，专职党务干部5人（2.5%），高于2%（一般为1%至2%）"),
    ],
)
def test_agy01_share_of_party_workers_at_each_edge(tree, staff, party_staff, status, text):
    unit = organization_services.create_unit(
        actor=SETUP, owner=tree.a, name="某厅", staff_headcount=staff - 50, party_staff=party_staff
    )
    second = organization_services.create_unit(actor=SETUP, owner=tree.a, name="某厅直属局", staff_headcount=50)
    organization_services.update_organization(actor=SETUP, organization=tree.a, units=[unit, second])
    found = verdict(tree.a, "AGY-01")
    assert (found.status, found.explanation) == (status, text)


def test_agy01_without_staff_figures_is_not_applicable(tree):
    found = verdict(tree.a, "AGY-01")
    assert (found.status, found.explanation) == (VerdictStatus.NOT_APPLICABLE, "未登记所属单位在编人数，无法计算")


# MEM-01 党员信息齐全


def test_mem01_names_each_missing_field_and_clears_when_filled(branch):
    member = make_member(branch, name="无电话党员")
    make_member(branch, name="信息齐全党员")
    assert verdict(branch, "MEM-01").status == VerdictStatus.MET
    member_services.update_member(actor=SETUP, member=member, mobile="", landline="")
    found = verdict(branch, "MEM-01")
    assert (found.status, found.explanation) == (VerdictStatus.MISSED, "党员信息不全：无电话党员（缺联系电话）")
    member_services.update_member(actor=SETUP, member=member, landline="0431-88886666")
    assert verdict(branch, "MEM-01").status == VerdictStatus.MET  # a landline is a telephone


# MEM-03 失联满 6 个月未作出停止党籍决定


def test_mem03_lost_contact_counts_from_six_months_and_ends_with_suspension(branch):
    member = make_member(branch, name="失联党员")
    member_services.update_member(
        actor=SETUP,
        member=member,
        is_lost_contact=True,
        lost_contact_on=datetime.date(2026, 5, 17),
        lost_contact_reason=LostContactReason.MOVED,
    )
    assert verdict(branch, "MEM-03").status == VerdictStatus.MET  # one day short of six months
    found = judged_on(datetime.date(2026, 11, 17), branch, "MEM-03")
    assert found.status == VerdictStatus.MISSED
    assert found.explanation == "失联6个月以上尚未作出停止党籍决定：失联党员（2026年5月17日起失联）"
    with time_machine.travel(datetime.datetime(2026, 11, 18, 10, tzinfo=timezone.get_current_timezone())):
        member_services.record_event(
            actor=SETUP, member=member, kind=EventKind.SUSPEND, happened_on=datetime.date(2026, 11, 18)
        )
    assert verdict(branch, "MEM-03").status == VerdictStatus.MET  # a decision was taken


# MEM-04 停止党籍满 2 年未处理


def test_mem04_suspension_is_overdue_on_its_second_anniversary(branch):
    member = make_member(branch, name="停止党籍党员")
    member_services.record_event(
        actor=SETUP, member=member, kind=EventKind.SUSPEND, happened_on=datetime.date(2024, 11, 17)
    )
    assert verdict(branch, "MEM-04").status == VerdictStatus.MET
    found = judged_on(datetime.date(2026, 11, 17), branch, "MEM-04")
    assert found.status == VerdictStatus.MISSED
    assert found.explanation == "停止党籍满2年仍未处理：停止党籍党员（2024年11月17日停止党籍）"
    member_services.record_event(
        actor=SETUP, member=member, kind=EventKind.RESTORE, happened_on=datetime.date(2026, 11, 16)
    )
    assert judged_on(datetime.date(2026, 11, 17), branch, "MEM-04").status == VerdictStatus.MET


# MEM-07 组织关系介绍信开具后 3 个月内报到


def test_mem07_a_letter_is_overdue_after_three_months_and_clears_on_arrival(tree, branch):
    member = make_member(branch, name="转出党员")
    transfer = transfers.start_transfer(
        actor=SETUP,
        member=member,
        kind=Transfer.Kind.INTERNAL,
        issued_on=datetime.date(2026, 8, 17),
        to_organization=tree.a2,
    )
    assert verdict(branch, "MEM-07").status == VerdictStatus.MET  # three months end tomorrow
    found = judged_on(datetime.date(2026, 11, 17), branch, "MEM-07")
    assert found.status == VerdictStatus.MISSED
    assert found.explanation == "介绍信开具超过3个月尚未报到：转出党员（2026年8月17日开具）"
    transfers.complete_transfer(actor=SETUP, transfer=transfer, received_on=datetime.date(2026, 11, 16))
    assert judged_on(datetime.date(2026, 11, 17), branch, "MEM-07").status == VerdictStatus.MET


# MTG-12 民主评议优秀等次不超过三分之一


@pytest.mark.parametrize(
    ("excellent", "status", "text"),
    [
        (2, VerdictStatus.MET, "2026年评定6人，优秀2人（占33%），未超过三分之一"),
        (3, VerdictStatus.MISSED, "2026年评定6人，优秀3人（占50%），超过三分之一"),
    ],
)
def test_mtg12_excellent_share_at_one_third(branch, excellent, status, text):
    members = [make_member(branch) for _ in range(6)]
    grades = {member.pk: ("excellent" if index < excellent else "qualified") for index, member in enumerate(members)}
    talks.save_appraisals(actor=SETUP, organization=branch, year=2026, grades=grades)
    found = verdict(branch, "MTG-12", "2026")
    assert (found.status, found.explanation) == (status, text)


def test_mtg12_before_any_grade_is_not_applicable(branch):
    make_member(branch)
    found = verdict(branch, "MTG-12", "2026")
    assert (found.status, found.explanation) == (VerdictStatus.NOT_APPLICABLE, "2026年尚未评定等次")


# MTG-13 谈心谈话覆盖：委员之间、委员与党员、党员之间


def test_mtg13_names_the_kinds_of_talk_still_missing(branch):
    committee = seat_committee(branch, [make_member(branch) for _ in range(3)])
    members = [make_member(branch) for _ in range(2)]
    day = datetime.date(2026, 10, 9)
    talks.record_talk(
        actor=SETUP, organization=branch, first=committee[0], second=members[0], talked_on=day, topic="谈思想"
    )
    found = verdict(branch, "MTG-13", "2026")
    assert found.status == VerdictStatus.IN_PROGRESS
    assert found.explanation.startswith("2026年尚无“班子成员之间”“党员之间”的谈话记录（已有班子成员与党员1次）")
    talks.record_talk(
        actor=SETUP, organization=branch, first=committee[0], second=committee[1], talked_on=day, topic="谈工作"
    )
    talks.record_talk(
        actor=SETUP, organization=branch, first=members[0], second=members[1], talked_on=day, topic="谈学习"
    )
    found = verdict(branch, "MTG-13", "2026")
    assert found.status == VerdictStatus.MET
    assert found.explanation.startswith("2026年谈心谈话：")
