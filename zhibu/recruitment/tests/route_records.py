"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

import datetime

from django.utils import timezone

from zhibu.recruitment.tests.paths import new_recruit


def _recruits(tree, personas):
    applied = timezone.localdate() - datetime.timedelta(days=30)
    return {key: new_recruit(getattr(tree, key), applied_on=applied, name=f"申请人{key}") for key in ("a1", "b1")}


def _steps(tree, personas):
    return {key: recruit.steps.get(code="application") for key, recruit in _recruits(tree, personas).items()}


RECORD_BUILDERS = {"recruitment.recruit": _recruits, "recruitment.recruitstep": _steps}

# The API's evidence upload names the recruit and one of its steps: the recruit's application.
EXTRA_KWARGS = {"recruit-evidence": lambda recruit: {"step_id": recruit.steps.get(code="application").pk}}
