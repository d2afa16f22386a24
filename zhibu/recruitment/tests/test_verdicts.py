"""DEV-01 … DEV-23 as verdicts: each recorded step judged again in its month, each deadline in the month it falls due,
a soft rule passed with a 情况说明 as 已说明. The verdicts follow each write (live refresh)."""

import datetime

import pytest

from zhibu.recruitment import services
from zhibu.recruitment.tests.paths import CLOCK, full_members, new_recruit, walk
from zhibu.standards import services as standards_services
from zhibu.standards.catalogue import by_id
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP

pytestmark = pytest.mark.clock(CLOCK)  # 2026-06-15
D = datetime.date


def verdict(branch, rule, year, month):
    return Verdict.objects.get(organization=branch, rule_id=rule, period_key=f"{year}-{month:02d}")


def months(branch, rule):
    return {v.period_key: v.status for v in Verdict.objects.filter(organization=branch, rule_id=rule)}


def test_a_path_kept_in_time_is_met_in_the_month_of_each_step(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "full_approval")
    one_year = verdict(tree.a1, "DEV-07", 2024, 9)
    assert one_year.status == VerdictStatus.MET
    assert "张晓明：2024年9月1日确定为发展对象，符合规定" in one_year.explanation
    assert one_year.evidence[0]["url"] == f"/recruitment/{recruit.pk}/"
    assert verdict(tree.a1, "DEV-15", 2024, 10).status == VerdictStatus.MET
    approval = verdict(tree.a1, "DEV-17", 2024, 12)
    assert approval.status == VerdictStatus.MET and "2024年10月25日支部大会讨论接收为预备党员" in approval.explanation
    assert verdict(tree.a1, "DEV-20", 2025, 10).status == VerdictStatus.MET
    assert verdict(tree.a1, "DEV-01", 2023, 3).status == VerdictStatus.MET
    # Months in which nothing of a rule happened have no verdict, not a 不适用 each.
    assert set(months(tree.a1, "DEV-07")) == {"2024-09"}


def test_thought_reports_missed_each_quarter_they_were_owed(tree):
    """The plan's path records no thought report: each quarter after becoming an activist is missed, on its day."""
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "activist")
    missed = verdict(tree.a1, "DEV-06", 2023, 12)
    assert missed.status == VerdictStatus.MISSED
    assert "应于2023年12月1日前提交思想汇报，至今未办理" in missed.explanation
    # A year between the step's and today's is judged when it is evaluated (or read: judge_closed_periods).
    standards_services.recompute(actor=SETUP, year=2024)
    assert months(tree.a1, "DEV-06")["2024-03"] == VerdictStatus.MISSED
    # This year's quarters too, up to the current month.
    assert months(tree.a1, "DEV-06")["2026-06"] == VerdictStatus.MISSED


def test_a_report_on_its_last_day_is_met_and_one_a_day_late_is_missed_in_the_month_it_was_due(tree):
    recruit = new_recruit(tree.a1, applied_on=D(2025, 1, 5))
    voters = full_members(tree.a1, 2)
    record = lambda code, day, **extra: services.record_step(  # noqa: E731
        actor=SETUP, recruit=recruit, code=code, happened_on=day, **extra
    )
    record("application_talk", D(2025, 1, 20), people={"talker": voters[:1]})
    record("activist", D(2025, 8, 31))
    record("thought_report", D(2025, 11, 30))  # due 2025-11-30: the last day
    record("thought_report", D(2026, 3, 1))  # due 2026-02-28: one day late
    assert verdict(tree.a1, "DEV-06", 2025, 11).status == VerdictStatus.MET
    late = verdict(tree.a1, "DEV-06", 2026, 2)
    assert late.status == VerdictStatus.MISSED
    assert "应于2026年2月28日前提交思想汇报，2026年3月1日才办理" in late.explanation
    # The next one is due 2026-06-01 and has not come.
    assert verdict(tree.a1, "DEV-06", 2026, 6).status == VerdictStatus.MISSED


def test_the_talk_owed_this_month_is_in_progress_and_one_owed_last_month_is_missed(tree):
    new_recruit(tree.a1, applied_on=D(2026, 5, 20))  # the talk is due by 2026-06-20
    pending = verdict(tree.a1, "DEV-02", 2026, 6)
    assert pending.status == VerdictStatus.IN_PROGRESS and "应于2026年6月20日前派人谈话" in pending.explanation
    new_recruit(
        tree.a2,
        applied_on=D(2026, 4, 30),
        name="李华",
        id_number="110101199505200031",
    )  # due by 2026-05-30
    missed = verdict(tree.a2, "DEV-02", 2026, 5)
    assert missed.status == VerdictStatus.MISSED
    assert "李华：收到入党申请书后1个月内应派人谈话：2026年4月30日递交入党申请书，应于2026年5月30日前派人谈话" in (
        missed.explanation
    )


def test_a_soft_rule_passed_with_an_explanation_is_explained_with_its_text(tree):
    recruit = new_recruit(tree.a1, applied_on=D(2026, 1, 5))
    voters = full_members(tree.a1, 2)
    services.record_step(
        actor=SETUP,
        recruit=recruit,
        code="application_talk",
        happened_on=D(2026, 1, 10),
        people={"talker": voters[:1]},
    )
    services.record_step(
        actor=SETUP,
        recruit=recruit,
        code="activist",
        happened_on=D(2026, 5, 10),
        explanation="该同志长期表现突出，经支委会研究提前确定",
    )
    explained = verdict(tree.a1, "DEV-03", 2026, 5)
    assert explained.status == VerdictStatus.EXPLAINED
    assert "仅4个月5天" in explained.explanation and "情况说明：该同志长期表现突出" in explained.explanation


def test_probation_not_discussed_within_a_month_of_its_end_is_missed_and_a_gongwei_may_allow_longer(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "oath")  # admitted by the vote of 2024-10-25: probation ended 2025-10-25
    missed = verdict(tree.a1, "DEV-20", 2025, 11)
    assert missed.status == VerdictStatus.MISSED
    assert "预备期于2025年10月25日期满，应在1个月内讨论能否转正，至今未讨论" in missed.explanation
    rule = by_id()["DEV-20"]
    assert standards_services.overridable(rule) == ["within_months"]
    assert standards_services.overridable(by_id()["DEV-07"]) == []


def test_stopping_a_recruit_ends_what_they_owe(tree):
    recruit = new_recruit(tree.a1, applied_on=D(2026, 5, 20))
    assert verdict(tree.a1, "DEV-02", 2026, 6).status == VerdictStatus.IN_PROGRESS
    services.stop_recruit(actor=SETUP, recruit=recruit, happened_on=D(2026, 6, 1), reason="本人申请撤回入党申请")
    assert not Verdict.objects.filter(organization=tree.a1, rule_id="DEV-02").exists()


# Each rule of the path walked in time (paths.PLAN, then the dossier filed) and the month its met verdict falls in.
KEPT = {
    "DEV-01": (2023, 3),
    "DEV-02": (2023, 3),
    "DEV-03": (2023, 9),
    "DEV-04": (2023, 9),
    "DEV-05": (2023, 9),
    "DEV-07": (2024, 9),
    "DEV-08": (2024, 9),
    "DEV-09": (2024, 9),
    "DEV-10": (2024, 9),
    "DEV-11": (2024, 9),
    "DEV-12": (2024, 10),
    "DEV-13": (2024, 10),
    "DEV-14": (2024, 10),
    "DEV-15": (2024, 10),
    "DEV-16": (2024, 12),
    "DEV-17": (2024, 12),
    "DEV-18": (2024, 12),
    "DEV-19": (2025, 1),
    "DEV-20": (2025, 10),
    "DEV-22": (2025, 12),
    "DEV-23": (2026, 1),
}


@pytest.fixture
def walked(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "full_approval")
    services.record_step(actor=SETUP, recruit=recruit, code="archived", happened_on=D(2026, 1, 10))
    for year in (2023, 2024, 2025, 2026):
        standards_services.recompute(actor=SETUP, year=year)
    return recruit


@pytest.mark.parametrize("rule", sorted(KEPT))
def test_each_rule_of_a_path_kept_in_time_is_met_in_its_month(tree, walked, rule):
    year, month = KEPT[rule]
    judged = verdict(tree.a1, rule, year, month)
    assert judged.status == VerdictStatus.MET, judged.explanation
    assert judged.explanation.startswith("张晓明：")


def test_an_extension_within_six_to_twelve_months_is_met_and_the_extended_probation_is_owed_its_discussion(tree):
    from zhibu.recruitment.tests.test_admission import extension_vote

    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "full_application")
    services.record_step(**extension_vote(tree, recruit, D(2025, 10, 27), 6))
    services.record_step(
        actor=SETUP, recruit=recruit, code="extension_approval", happened_on=D(2025, 11, 20), acting_organization=tree.a
    )
    assert verdict(tree.a1, "DEV-21", 2025, 10).status == VerdictStatus.MET
    assert verdict(tree.a1, "DEV-21", 2025, 11).status == VerdictStatus.MET
    assert verdict(tree.a1, "DEV-22", 2025, 11).status == VerdictStatus.MET
    # Extended to 2026-04-25; a month later nobody has discussed it.
    owed = verdict(tree.a1, "DEV-20", 2026, 5)
    assert owed.status == VerdictStatus.MISSED and "延长的预备期于2026年4月25日期满" in owed.explanation
