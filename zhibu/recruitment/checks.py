"""A broken ``steps.yaml`` stops a deployment: loading it here, at every start, raises on an unknown step, unit,
check or stage; the rule ids it names are checked against the standards catalogue in ``zhibu/standards/checks.py``."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from zhibu.recruitment.catalogue import catalogue


@register()
def steps_catalogue_loads(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[Error]:
    try:
        catalogue()
    except ImproperlyConfigured as error:
        return [Error(str(error), hint="核对 zhibu/recruitment/steps.yaml", id="recruitment.E001")]
    return []
