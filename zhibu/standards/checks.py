"""System checks of the standards catalogue against the code: run by ``manage.py check`` and at every start, so a rule
naming an evaluator that does not exist stops a deployment instead of being skipped."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from zhibu.standards.catalogue import PENDING, catalogue
from zhibu.standards.registry import registered


@register()
def catalogue_engines_exist(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[Error]:
    known = registered()
    return [
        Error(
            f"标准目录中规则{rule.id}的评估器“{rule.engine}”不存在",
            hint="核对 zhibu/standards/catalogue.yaml 的 engine 字段，或用 @evaluator 注册该评估器",
            id="standards.E001",
        )
        for rule in catalogue()
        if rule.engine != PENDING and rule.engine not in known
    ]


@register()
def recruitment_rules_exist(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[Error]:
    """The recruitment path (zhibu/recruitment/steps.yaml) names its rules by the ids of this catalogue."""
    from zhibu.recruitment.catalogue import catalogue as recruitment_catalogue

    known = {rule.id for rule in catalogue()}
    try:
        named = recruitment_catalogue().rule_ids()
    except ImproperlyConfigured:
        return []  # recruitment.E001 reports the broken file
    return [
        Error(
            f"发展党员步骤目录引用的规则{rule_id}不在标准目录中",
            hint="核对 zhibu/recruitment/steps.yaml 与 zhibu/standards/catalogue.yaml",
            id="standards.E002",
        )
        for rule_id in sorted(named - known)
    ]
