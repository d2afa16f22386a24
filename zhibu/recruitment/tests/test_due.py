"""What falls due and by when (``due.dues``), read by the board and the inbox: each date is the last day the rules
accept the step, so the rule refuses (or warns about) the step one day later."""

import datetime

import pytest

from zhibu.recruitment import catalogue as catalogue_module
from zhibu.recruitment import due, rules
from zhibu.recruitment.catalogue import catalogue

D = datetime.date


def path(*entries):
    return [rules.PastStep(code, day, *rest) for code, day, *rest in entries]


def owed(steps, stage="applicant"):
    return {(item.step.code, item.rule): item.on for item in due.dues(stage, steps)}


def refused_after(code, steps, day, steps_catalogue=None):
    """The time rules break on the day after ``day`` and not on ``day`` itself."""
    step = (steps_catalogue or catalogue()).step(code)
    assert not list(rules.time_breaches(step, steps, day))
    return {breach.rule for breach in rules.time_breaches(step, steps, day + datetime.timedelta(days=1))}


def test_the_talk_is_due_a_month_after_the_application_and_refused_a_day_later():
    steps = path(("application", D(2026, 3, 31)))
    on = owed(steps)[("application_talk", "DEV-02")]
    assert on == D(2026, 4, 30)  # month end falls back to the shorter month's last day
    assert refused_after("application_talk", steps, on) == {"DEV-02"}
    item = due.dues("applicant", steps)[0]
    assert not item.is_overdue(on) and item.is_overdue(on + datetime.timedelta(days=1))
    assert item.since == "2026年3月31日递交入党申请书"
    assert owed(steps + path(("application_talk", D(2026, 4, 2)))) == {}


def test_activists_are_assessed_every_half_year_until_they_become_candidates():
    steps = path(("application", D(2025, 1, 5)), ("application_talk", D(2025, 1, 20)), ("activist", D(2025, 9, 1)))
    assert owed(steps, "activist")[("activist_assessment", "DEV-06")] == D(2026, 3, 1)
    assessed = steps + path(("activist_assessment", D(2026, 2, 20)))
    assert owed(assessed, "activist")[("activist_assessment", "DEV-06")] == D(2026, 8, 20)
    candidate = assessed + path(("candidate", D(2026, 9, 1)))
    assert ("activist_assessment", "DEV-06") not in owed(candidate, "candidate")


def test_thought_reports_are_due_every_quarter_from_the_activist_on():
    steps = path(("application", D(2025, 1, 5)), ("application_talk", D(2025, 1, 20)))
    assert ("thought_report", "DEV-06") not in owed(steps)
    steps += path(("activist", D(2025, 11, 30)))
    assert owed(steps, "activist")[("thought_report", "DEV-06")] == D(2026, 2, 28)
    steps += path(("thought_report", D(2026, 2, 28)))
    assert owed(steps, "activist")[("thought_report", "DEV-06")] == D(2026, 5, 28)


def test_the_approval_is_due_within_three_months_and_refused_after_six():
    steps = path(("admission_vote", D(2026, 1, 31)))
    dues = [(item.on, item.severity) for item in due.dues("candidate", steps) if item.step.code == "admission_approval"]
    assert dues == [(D(2026, 4, 30), "warning"), (D(2026, 7, 31), "error")]
    step = catalogue().step("admission_approval")
    late = list(rules.time_breaches(step, steps, D(2026, 5, 1)))
    assert [(b.rule, b.severity) for b in late] == [("DEV-17", "warning")]
    assert [b.severity for b in rules.time_breaches(step, steps, D(2026, 8, 1))] == ["warning", "error"]


def test_probation_ends_a_year_after_the_admission_vote_plus_an_extension():
    steps = path(("admission_vote", D(2025, 6, 30)), ("admission_approval", D(2025, 8, 1)))
    assert owed(steps, "probationary")[("full_vote", "DEV-20")] == D(2026, 6, 30)
    extended = steps + path(("extension_vote", D(2026, 6, 30), 6), ("extension_approval", D(2026, 7, 10), 6))
    assert owed(extended, "probationary")[("full_vote", "DEV-20")] == D(2026, 12, 30)
    full_vote = extended + path(("full_application", D(2026, 12, 1)), ("full_vote", D(2026, 12, 30)))
    assert owed(full_vote, "probationary") == {("full_approval", "DEV-22"): D(2027, 3, 30)}


@pytest.mark.parametrize("stage", ["full", "stopped", "cancelled"])
def test_nothing_is_due_once_the_path_has_ended(stage):
    assert due.dues(stage, path(("application", D(2026, 3, 1)))) == []


def test_the_board_reads_the_step_reached_and_the_next_with_its_earliest_day():
    steps = path(
        ("application", D(2025, 1, 5)), ("application_talk", D(2025, 1, 20)), ("thought_report", D(2025, 2, 1))
    )
    assert due.current_step(steps).code == "application_talk"
    upcoming = due.next_step(steps)
    assert upcoming.code == "activist" and due.earliest(upcoming, steps) == D(2025, 7, 5)
    assert due.current_step([]) is None


WORKING_DAYS_MAX = """
stages: [{code: application, name: 申请入党}]
actors: {branch_committee: 党支部委员会}
steps:
  - {code: publicity, name: 公示, stage: application, acts: branch_committee, done: 开始公示}
  - code: report
    name: 报告
    stage: application
    acts: branch_committee
    done: 报告
    time: [{rule: DEV-14, after: publicity, max: {working_days: 5}, severity: error, text: 5个工作日内报告, source: 细则}]
"""


@pytest.mark.django_db
def test_working_day_limits_count_the_holiday_plan_and_ask_when_a_year_is_unknown(monkeypatch):
    parsed = catalogue_module.parse(WORKING_DAYS_MAX)
    monkeypatch.setattr(due, "catalogue", lambda: parsed)
    monkeypatch.setattr(rules, "catalogue", lambda: parsed)
    # 2026年9月30日 then the National Day holiday: the 5th working day after it is 2026年10月13日
    steps = path(("publicity", D(2026, 9, 30)))
    (item,) = due.dues("applicant", steps)
    assert item.on == D(2026, 10, 13)
    assert refused_after("report", steps, item.on, parsed) == {"DEV-14"} and item.severity == "error"
    unknown = path(("publicity", D(2031, 3, 3)))
    assert due.dues("applicant", unknown) == []  # no date rather than a wrong one
    (doubt,) = rules.time_breaches(parsed.step("report"), unknown, D(2031, 3, 20))
    assert doubt.severity == "warning" and "2031" in doubt.message


@pytest.mark.django_db  # the working-day calendar reads the days a 工委 entered
def test_the_earliest_vote_after_the_publicity_counts_working_days():
    steps = path(("publicity", D(2026, 6, 1)), ("form_filled", D(2026, 5, 30)))
    assert due.earliest(catalogue().step("admission_vote"), steps) == D(2026, 6, 8)
