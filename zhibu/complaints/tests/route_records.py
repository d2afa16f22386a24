"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

from django.utils import timezone

from zhibu.complaints import services
from zhibu.complaints.tests.helpers import complaint, cover_years_around, intake_point, kind
from zhibu.testing import SETUP


def _points(tree, personas):
    return {key: intake_point(getattr(tree, key), unit_name=f"单位{key}") for key in ("a1", "b1")}


def _complaints(tree, personas):
    return {key: complaint(point) for key, point in _points(tree, personas).items()}


def _steps(tree, personas):
    today = timezone.localdate()
    return {
        key: services.record_step(
            actor=SETUP, complaint=made, kind="accept", happened_on=today, official="王科长", note=""
        )
        for key, made in _complaints(tree, personas).items()
    }


def _refusals(tree, personas):
    today = timezone.localdate()
    cover_years_around(today)
    return {
        key: services.record_refusal(
            actor=SETUP, complaint=made, decided_on=today, official="王科长", reason="超出本单位职权范围"
        )
        for key, made in _complaints(tree, personas).items()
    }


def _return_visits(tree, personas):
    today = timezone.localdate()
    visits = {}
    for key, made in _complaints(tree, personas).items():
        made.contact = "13912345678"
        made.save(update_fields=["contact"])
        for step in ("accept", "assign", "answer", "close"):
            services.record_step(actor=SETUP, complaint=made, kind=step, happened_on=today, official="王", note="已办")
        visits[key] = services.record_return_visit(
            actor=SETUP,
            complaint=made,
            visited_on=today,
            way="phone",
            visitor="王科长",
            feedback="满意",
            satisfied=True,
        )
    return visits


def _kinds(tree, personas):
    return {"a1": kind("路由类别甲", 5), "b1": kind("路由类别乙", 7)}


RECORD_BUILDERS = {
    "complaints.intakepoint": _points,
    "complaints.complaint": _complaints,
    "complaints.complaintstep": _steps,
    "complaints.complaintkind": _kinds,
    "complaints.refusal": _refusals,
    "complaints.returnvisit": _return_visits,
}
