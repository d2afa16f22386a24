"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1. The
discipline records follow ``DisciplineQuerySet``: only 纪检A opens A1's; every other persona gets 404."""

from django.utils import timezone

from zhibu.integrity import services
from zhibu.integrity.tests.helpers import discipline, risk
from zhibu.testing import SETUP


def _risks(tree, personas):
    return {key: risk(getattr(tree, key)) for key in ("a1", "b1")}


def _reviews(tree, personas):
    return {
        key: services.review_risk(
            actor=SETUP,
            riskpoint=made,
            reviewed_on=timezone.localdate(),
            reviewer="纪检委员",
            finding="措施落实到位",
            level="medium",
        )
        for key, made in _risks(tree, personas).items()
    }


def _disciplines(tree, personas):
    # the route test runs at any clock: dated today, never in its future
    today = timezone.localdate()
    return {key: discipline(getattr(tree, key), name=f"处置{key}", happened_on=today) for key in ("a1", "b1")}


RECORD_BUILDERS = {
    "integrity.riskpoint": _risks,
    "integrity.riskreview": _reviews,
    "integrity.disciplinerecord": _disciplines,
}
