"""The step catalogue loads, and a broken one stops the start (system checks)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhibu.recruitment import catalogue as steps
from zhibu.recruitment.checks import steps_catalogue_loads
from zhibu.standards.checks import recruitment_rules_exist

GOOD = """
stages: [{code: application, name: 申请入党}]
actors: {person: 本人, branch_committee: 党支部委员会}
steps:
  - {code: application, name: 递交入党申请书, stage: application, acts: person, done: 递交入党申请书}
  - code: application_talk
    name: 谈话
    stage: application
    acts: branch_committee
    done: 谈话
    requires: [application]
    time: [{rule: DEV-02, after: application, max: {months: 1}, severity: error, text: 1个月内谈话, source: 细则}]
    reminders: [{rule: DEV-06, after: application, every: {months: 3}, severity: warning, text: 每季度}]
"""


def test_the_shipped_catalogue_has_the_25_steps_in_order():
    catalogue = steps.catalogue()
    path = [step.code for step in catalogue.steps if not step.is_outcome and step.code not in ("thought_report",)]
    assert path[:3] == ["application", "application_talk", "activist"]
    assert {"admission_vote", "admission_approval", "full_approval", "archived", "extension_vote"} <= set(path)
    assert catalogue.step("activist_assessment").repeats and catalogue.step("thought_report").repeats
    assert [stage.name for stage in catalogue.stages][0] == "申请入党" and len(catalogue.stages) == 5
    candidate = catalogue.step("candidate")
    assert candidate.time[0].rule == "DEV-07" and candidate.time[0].min == steps.Gap("years", 1)


def test_a_good_file_parses():
    parsed = steps.parse(GOOD)
    assert parsed.step("application_talk").time[0].max == steps.Gap("months", 1)
    assert parsed.step("application_talk").reminders[0].every == steps.Gap("months", 3)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("after: application,", "after: applicaton,"), "引用了不存在的步骤 applicaton"),
        (("requires: [application]", "requires: [talk]"), "引用了不存在的步骤 talk"),
        (("max: {months: 1}", "max: {weeks: 1}"), "时限单位应为"),
        (("severity: error", "severity: fatal"), "severity 应为 error 或 warning"),
        (("acts: branch_committee", "acts: mayor"), "办理主体“mayor”不存在"),
        (("after: application, every", "after: applicaton, every"), "引用了不存在的步骤 applicaton"),
        (("every: {months: 3}", "every: {months: 3}, at: probation_end"), "提醒须有 after 和 every，或 at 之一"),
        (("after: application, every: {months: 3}", "at: birthday"), "提醒日期 at 应为probation_end之一"),
        (("every: {months: 3}", "every: {fortnights: 3}"), "时限单位应为"),
    ],
)
def test_a_broken_file_is_refused(change, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        steps.parse(GOOD.replace(*change))


def test_system_checks_refuse_a_broken_file_and_an_unknown_rule(monkeypatch):
    assert steps_catalogue_loads() == [] and recruitment_rules_exist() == []
    unknown_rule = steps.parse(GOOD.replace("DEV-02", "DEV-99"))
    monkeypatch.setattr(steps, "catalogue", lambda: unknown_rule)
    errors = recruitment_rules_exist()
    assert [error.id for error in errors] == ["standards.E002"] and "DEV-99" in errors[0].msg

    def broken():
        raise ImproperlyConfigured("发展党员步骤 x：缺少 name")

    monkeypatch.setattr("zhibu.recruitment.checks.catalogue", broken)
    assert [error.id for error in steps_catalogue_loads()] == ["recruitment.E001"]
