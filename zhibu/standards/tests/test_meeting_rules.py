"""Meeting verdicts at their edges: committee rules without a committee (MTG-04, MTG-05), meetings nobody attended
(MTG-01, MTG-09, MTG-10), the relatively fixed day of the 主题党日 (MTG-09)."""

import datetime

import pytest

from zhibu.organizations.models import OrganizationKind
from zhibu.standards.models import VerdictStatus
from zhibu.standards.tests.test_engine import IN_YEAR, YEAR, at, branch, hold, recompute, verdict
from zhibu.testing import make_member, make_org, seat_committee

pytestmark = [pytest.mark.usefixtures("live_verdicts"), IN_YEAR]
__all__ = ["branch"]  # the fixture


def test_committee_rules_do_not_apply_to_a_branch_without_a_committee_and_org03_says_whether_it_should(tree, branch):
    big = make_org(tree.a, "大支部", OrganizationKind.BRANCH, founded_on=datetime.date(2020, 1, 1))
    for _ in range(7):
        make_member(big, joined_on=datetime.date(2010, 7, 1))
    recompute()
    small = verdict(branch, "MTG-04", f"{YEAR}-03")
    assert small.status == VerdictStatus.NOT_APPLICABLE
    assert (
        small.explanation
        == f"{YEAR}年3月本支部未设支部委员会，支部委员会会议不作考核（正式党员4人，不足7人，可不设支部委员会）"
    )
    assert verdict(branch, "MTG-05", f"{YEAR}-03").status == VerdictStatus.NOT_APPLICABLE
    should = verdict(big, "MTG-04", f"{YEAR}-03")
    assert should.status == VerdictStatus.NOT_APPLICABLE and "正式党员7人，应当设立支部委员会" in should.explanation
    assert verdict(big, "ORG-03", "now").status == VerdictStatus.MISSED  # the missing committee is judged there

    members = [make_member(branch, joined_on=datetime.date(2010, 7, 1)) for _ in range(3)]
    seat_committee(branch, members, since=datetime.date(YEAR, 6, 10))
    recompute()
    assert verdict(branch, "MTG-04", f"{YEAR}-05").status == VerdictStatus.NOT_APPLICABLE
    assert verdict(branch, "MTG-04", f"{YEAR}-06").status == VerdictStatus.MISSED  # seated on 10 June
    assert verdict(branch, "MTG-04", f"{YEAR}-07").status == VerdictStatus.MISSED


def test_a_meeting_nobody_attended_is_not_held(branch):
    hold(branch, "theme_day", at(3, 5), present=set())
    hold(branch, "general_meeting", at(2, 5), present=set())
    hold(branch, "life_meeting", at(12, 5, year=YEAR - 1), present=set())
    recompute()
    recompute(YEAR - 1)
    assert verdict(branch, "MTG-09", f"{YEAR}-03").status == VerdictStatus.MISSED
    assert verdict(branch, "MTG-01", f"{YEAR}-Q1").status == VerdictStatus.MISSED
    assert verdict(branch, "MTG-10", str(YEAR - 1)).status == VerdictStatus.MISSED
    someone = set(branch.members.values_list("pk", flat=True)[:1])
    hold(branch, "theme_day", at(4, 5), present=someone)
    assert verdict(branch, "MTG-09", f"{YEAR}-04").status == VerdictStatus.MET


def test_the_theme_day_is_held_on_a_relatively_fixed_day(branch):
    for month in range(1, 7):
        hold(branch, "theme_day", at(month, 5))
    hold(branch, "theme_day", at(7, 9))  # four days after the usual 5th
    hold(branch, "theme_day", at(8, 8))  # three days after: within
    july, august = verdict(branch, "MTG-09", f"{YEAR}-07"), verdict(branch, "MTG-09", f"{YEAR}-08")
    assert july.status == VerdictStatus.MISSED
    assert july.explanation == f"{YEAR}年7月于{YEAR}年7月9日召开，不在本年相对固定的每月5日前后3天内"
    assert august.status == VerdictStatus.MET and "在本年相对固定的每月5日前后3天内" in august.explanation
    assert verdict(branch, "MTG-09", f"{YEAR}-01").status == VerdictStatus.MET
    assert "召开主题党日1次" in verdict(branch, "MTG-09", f"{YEAR}-01").explanation


def test_a_group_meets_monthly(tree, branch):
    for _ in range(2):
        make_member(tree.a1, joined_on=datetime.date(2010, 7, 1), party_group=tree.a1_group)
    hold(tree.a1_group, "group_meeting", at(3, 3))
    recompute()
    assert verdict(tree.a1_group, "MTG-06", f"{YEAR}-03").status == VerdictStatus.MET
    assert verdict(tree.a1_group, "MTG-06", f"{YEAR}-04").status == VerdictStatus.MISSED


def test_the_appraisal_is_held_once_a_year_by_a_meeting_somebody_attended(branch):
    hold(branch, "appraisal", at(12, 3, year=YEAR - 2), present=set())
    hold(branch, "appraisal", at(12, 3, year=YEAR - 1))
    recompute(YEAR - 2)
    recompute(YEAR - 1)
    assert verdict(branch, "MTG-11", str(YEAR - 2)).status == VerdictStatus.MISSED
    assert verdict(branch, "MTG-11", str(YEAR - 1)).status == VerdictStatus.MET


def test_the_democratic_life_meeting_needs_two_thirds_present(tree, branch):
    leaders = [make_member(branch, joined_on=datetime.date(2010, 7, 1)) for _ in range(3)]
    seat_committee(tree.a, leaders, since=datetime.date(YEAR - 3, 1, 5))
    hold(tree.a, "democratic_life", at(12, 3, year=YEAR - 2), present={leaders[0].pk})
    hold(tree.a, "democratic_life", at(12, 3, year=YEAR - 1), present={leaders[0].pk, leaders[1].pk})
    recompute(YEAR - 2)
    recompute(YEAR - 1)
    short = verdict(tree.a, "MTG-16", str(YEAR - 2))
    assert short.status == VerdictStatus.MISSED and "不足应到3人的三分之二" in short.explanation
    assert verdict(tree.a, "MTG-16", str(YEAR - 1)).status == VerdictStatus.MET  # two of three is two thirds
