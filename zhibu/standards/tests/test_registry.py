"""Evaluators are registered once, with their topics beside their code, and the catalogue is checked against them."""

import pytest
from django.core.checks import run_checks

from zhibu.core.derived import Topic
from zhibu.standards import catalogue as catalogue_module
from zhibu.standards import checks
from zhibu.standards.registry import evaluator, registered


def test_every_evaluated_rule_names_a_registered_evaluator():
    assert [error.msg for error in run_checks() if error.id == "standards.E001"] == []
    engines = {rule.engine for rule in catalogue_module.catalogue() if rule.evaluated}
    assert engines <= set(registered())


def test_a_rule_naming_an_unknown_evaluator_fails_the_system_check(monkeypatch):
    rule = next(rule for rule in catalogue_module.catalogue() if rule.evaluated)
    broken = rule.__class__(**{**rule.__dict__, "engine": "no_such_evaluator"})
    monkeypatch.setattr(checks, "catalogue", lambda: (broken,))
    (error,) = checks.catalogue_engines_exist()
    assert error.id == "standards.E001" and "no_such_evaluator" in error.msg and rule.id in error.msg


def test_a_misspelt_topic_or_a_second_registration_fails_at_import():
    with pytest.raises(ValueError):
        evaluator("typo_topic", topics=["member"])(lambda rule, ctx: [])
    name = next(iter(registered()))
    with pytest.raises(ValueError, match="registered twice"):
        evaluator(name, topics=[Topic.MEMBERS])(lambda rule, ctx: [])
    assert "typo_topic" not in registered()


def test_the_catalogue_module_imports_no_evaluator():
    source = catalogue_module.__file__
    with open(source, encoding="utf-8") as handle:
        assert "evaluators" not in handle.read()
