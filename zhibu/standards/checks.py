"""System checks of the standards catalogue against the code: run by ``manage.py check`` and at every start, so a rule
naming an evaluator that does not exist stops a deployment instead of being skipped."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import Error, register

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
