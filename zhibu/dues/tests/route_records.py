"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

import datetime
import uuid

from django.utils import timezone

from zhibu.dues import services
from zhibu.testing import make_member

SECRETARIES = {"a1": "支部书记A1", "b1": "支部书记B1"}


def _assessments(tree, personas):
    year = timezone.localdate().year
    return {
        key: services.set_assessment(
            actor=personas[secretary],
            member=make_member(getattr(tree, key), joined_on=datetime.date(2010, 7, 1)),
            year=year,
            category="salaried",
            base="5400",
        )
        for key, secretary in SECRETARIES.items()
    }


def _payments(tree, personas):
    month = timezone.localdate().replace(day=1)
    made = {}
    for key, assessment in _assessments(tree, personas).items():
        made[key], _ = services.record_payment(
            actor=personas[SECRETARIES[key]],
            member=assessment.member,
            month=month,
            method="cash",
            key=uuid.uuid4().hex,
        )
    return made


RECORD_BUILDERS = {
    "dues.assessment": _assessments,
    "dues.payment": _payments,
}
