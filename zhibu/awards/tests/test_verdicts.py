"""AGY-06 (award quotas): the honours approved in a round are judged against the rule's caps through the live refresh.
Exactly 15 % of a branch's members is met, one more is not; the verdict follows an approval and a 工委's cap."""

import pytest
import time_machine

from zhibu.awards.tests.helpers import (
    CLEARED,
    DECIDED,
    EVALUATED,
    NOMINATED,
    PUBLICISED,
    STUDIED,
    at,
    award_round,
    fill,
    nominate,
    step,
)
from zhibu.standards import services as standards
from zhibu.standards.models import Verdict, VerdictStatus

pytestmark = [pytest.mark.django_db, pytest.mark.clock(NOMINATED), pytest.mark.usefixtures("live_verdicts")]


def verdict(org):
    return Verdict.objects.get(organization=org, rule_id="AGY-06", period_key="2026")


def approve_all(award, members=(), organizations=()):
    """Nominate each member (or organisation) and walk them all, step by step on the path's fixed dates, to the
    approval."""
    with time_machine.travel(at(EVALUATED, 9), tick=False) as traveller:
        nominations = [nominate(award, member=member) for member in members]
        nominations += [nominate(award, organization=organization) for organization in organizations]
        for name, day, note in (
            ("evaluate", EVALUATED, "参加评议党员20人，同意19人"),
            ("study", STUDIED, "支委会研究同意推荐"),
            ("publicise", PUBLICISED, "按程序公示"),
            ("discipline", CLEARED, "经查，未发现违规违纪问题"),
            ("decide", DECIDED, "同意"),
        ):
            traveller.move_to(at(day))
            nominations = [step(nomination, name, day, note) for nomination in nominations]
        return nominations


def test_agy_06_is_not_applicable_without_a_round_and_in_progress_until_an_honour_is_approved(tree):
    assert verdict(tree.a).status == VerdictStatus.NOT_APPLICABLE
    assert "未组织评选表彰" in verdict(tree.a).explanation
    award = award_round(tree.a)
    found = verdict(tree.a)
    assert found.status == VerdictStatus.IN_PROGRESS
    assert "尚无批准的荣誉" in found.explanation
    assert found.evidence == [{"label": award.title, "url": f"/awards/rounds/{award.pk}/"}]


def test_exactly_fifteen_percent_approved_is_met_and_the_refresh_follows_each_approval(tree):
    members = fill(tree.a1, 20)  # 20 × 15% = 3 exactly
    award = award_round(tree.a)
    assert verdict(tree.a).status == VerdictStatus.IN_PROGRESS
    approve_all(award, members[:3])
    found = verdict(tree.a)
    assert found.status == VerdictStatus.MET, found.explanation
    assert "支部A1优秀共产党员批准3人（党员20人，上限3人，15%，向下取整）" in found.explanation
    assert award.title in found.explanation and found.evidence[0]["label"] == award.title


def test_one_more_than_fifteen_percent_approved_is_missed_with_the_numbers(tree):
    members = fill(tree.a1, 20)
    # The round's own cap (20 %) lets a fourth through; the standard's 15 % does not.
    award = award_round(tree.a, member_cap_percent=20)
    approve_all(award, members[:4])
    found = verdict(tree.a)
    assert found.status == VerdictStatus.MISSED
    assert "支部A1优秀共产党员批准4人（党员20人，上限3人，15%，向下取整，超出1人）" in found.explanation


def test_a_gongwei_cap_is_applied_to_the_verdict(tree, personas):
    members = fill(tree.a1, 20)
    award = award_round(tree.a, member_cap_percent=20)
    approve_all(award, members[:4])
    assert verdict(tree.a).status == VerdictStatus.MISSED
    standards.save_override(
        actor=personas["工委管理员"],
        organization=tree.gongwei,
        rule_id="AGY-06",
        key="member_percent",
        value_text="20",
        reason="测试工委〔2026〕1号",
    )
    found = verdict(tree.a)
    assert found.status == VerdictStatus.MET, found.explanation
    assert "上限4人，20%" in found.explanation


def test_advanced_organisations_count_against_the_basic_organisations_below_the_round(tree):
    # Under 党委A: 支部A1, 支部A2, 党总支A3, 支部A3a = 4 basic organisations; 20 % of 4 is 0.8 → 0.
    award = award_round(tree.a, org_cap_percent=100)
    approve_all(award, organizations=[tree.a1])
    found = verdict(tree.a)
    assert found.status == VerdictStatus.MISSED
    assert "党委A先进基层党组织批准1个（所属基层党组织4个，上限0个，20%，向下取整，超出1个）" in found.explanation
