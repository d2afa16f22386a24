"""AGY-04 (leaders visit their contact point at least N times a year) and AGY-05 (research days and reports a year),
judged from the records through the live refresh, at the threshold's edge; the verdict names the leader, the branch
and the visits counted with their dates."""

import datetime

import pytest

from zhibu.leadership.tests.helpers import contact, research, visit
from zhibu.standards import services as standards_services
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, make_member

pytestmark = pytest.mark.usefixtures("live_verdicts")
IN_YEAR = pytest.mark.clock("2026-11-16T10:00")
NEXT_YEAR = pytest.mark.clock("2027-01-10T10:00")


def verdict(org, rule_id, key="2026"):
    return Verdict.objects.get(organization=org, rule_id=rule_id, period_key=key)


@IN_YEAR
def test_agy_04_exactly_two_visits_is_met_and_names_leader_branch_and_dates(tree):
    made = contact(tree.a, tree.a1, name="王局长")
    visit(made, datetime.date(2026, 3, 5))
    visit(made, datetime.date(2026, 6, 10), kind="lecture")
    found = verdict(tree.a, "AGY-04")
    assert found.status == VerdictStatus.MET
    assert "王局长（支部A1，2次：3月5日、6月10日）" in found.explanation
    assert found.evidence[0]["url"] == made.get_absolute_url()


@IN_YEAR
def test_agy_04_one_visit_short_while_the_year_runs_is_in_progress(tree):
    made = contact(tree.a, tree.a1, name="王局长")
    visit(made, datetime.date(2026, 3, 5))
    other = contact(tree.a, tree.a2, name="李处长")
    visit(other, datetime.date(2026, 4, 1))
    visit(other, datetime.date(2026, 9, 1))
    found = verdict(tree.a, "AGY-04")
    assert found.status == VerdictStatus.IN_PROGRESS
    assert "王局长（支部A1，1次：3月5日，差1次）" in found.explanation
    assert "李处长" not in found.explanation and "距年末还有" in found.explanation


@NEXT_YEAR
def test_agy_04_one_visit_short_after_the_year_is_missed_and_a_visit_outside_the_year_does_not_count(tree):
    made = contact(tree.a, tree.a1, name="王局长", since=datetime.date(2025, 6, 1))
    visit(made, datetime.date(2025, 12, 20))
    visit(made, datetime.date(2026, 5, 8))
    visit(made, datetime.date(2027, 1, 5))
    standards_services.recompute(actor=SETUP, year=2026)
    found = verdict(tree.a, "AGY-04")
    assert found.status == VerdictStatus.MISSED
    assert "王局长（支部A1，1次：5月8日，差1次）" in found.explanation


@IN_YEAR
def test_agy_04_without_contact_points_is_not_applicable_and_a_threshold_override_applies(tree, personas):
    assert verdict(tree.a, "AGY-04").status == VerdictStatus.NOT_APPLICABLE
    made = contact(tree.a, tree.a1, name="王局长")
    visit(made, datetime.date(2026, 3, 5))
    standards_services.save_override(
        actor=personas["工委管理员"],
        organization=tree.gongwei,
        rule_id="AGY-04",
        key="at_least",
        value_text="1",
        reason="本地文件规定每年1次",
    )
    assert verdict(tree.a, "AGY-04").status == VerdictStatus.MET


@IN_YEAR
def test_agy_05_days_and_reports_at_the_edge(tree):
    person = make_member(tree.a1, name="赵书记")
    research(tree.a, person, datetime.date(2026, 3, 1), days=20)
    research(tree.a, person, datetime.date(2026, 5, 1), days=9, report="")
    found = verdict(tree.a, "AGY-05")
    assert found.status == VerdictStatus.IN_PROGRESS
    assert "赵书记（调研29天，报告1篇，差1天）" in found.explanation
    research(tree.a, person, datetime.date(2026, 6, 1), days=1, report="")
    found = verdict(tree.a, "AGY-05")
    assert found.status == VerdictStatus.MET and "赵书记（调研30天，报告1篇）" in found.explanation
    assert len(found.evidence) == 3


@NEXT_YEAR
def test_agy_05_a_contact_leader_without_research_is_missed_after_the_year(tree):
    contact(tree.a, tree.a1, name="钱主任", since=datetime.date(2026, 1, 1))
    standards_services.recompute(actor=SETUP, year=2026)
    found = verdict(tree.a, "AGY-05")
    assert found.status == VerdictStatus.MISSED
    assert "钱主任（调研0天，报告0篇，差30天，差1篇报告）" in found.explanation
