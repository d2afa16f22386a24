"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

import datetime

from django.utils import timezone

from zhibu.committees import services
from zhibu.committees.models import PositionKind
from zhibu.core.scoping import CHANGE
from zhibu.organizations.models import Organization
from zhibu.testing import SETUP, make_member


def _terms(tree, personas):
    started = timezone.localdate() - datetime.timedelta(days=400)
    return {
        key: services.create_term(
            actor=SETUP, organization=getattr(tree, key), number=1, elected_on=started, started_on=started
        )
        for key in ("a1", "b1")
    }


def _term_delays(tree, personas):
    return {
        key: services.approve_delay(
            actor=SETUP,
            term=term,
            approved_on=timezone.localdate() - datetime.timedelta(days=1),
            document_number=f"批复〔2026〕{index}号",
            delayed_to=term.planned_end_on + datetime.timedelta(days=90),
            reason="换届准备工作尚未完成",
        )
        for index, (key, term) in enumerate(_terms(tree, personas).items(), start=1)
    }


def _positions(tree, personas):
    kind = PositionKind.objects.get(code="secretary")
    return {
        key: services.assign_position(
            actor=SETUP,
            term=term,
            kind=kind,
            holder=make_member(term.organization, name=f"书记{key}"),
            started_on=term.started_on,
        )
        for key, term in _terms(tree, personas).items()
    }


def _position_kinds(tree, personas):
    # Reference data belongs to no branch: the two records are two posts of the installation.
    return {"a1": PositionKind.objects.get(code="secretary"), "b1": PositionKind.objects.get(code="member")}


RECORD_BUILDERS = {
    "committees.term": _terms,
    "committees.termdelay": _term_delays,
    "committees.position": _positions,
    "committees.positionkind": _position_kinds,
}


def _not_the_organisation_above(user, term):
    """ELE-02: a delay of the 换届 is approved by the organisation above the term's, so seeing (or even changing) the
    term does not open its delay page."""
    above = term.organization.parent_id
    return not Organization.objects.visible_to(user, CHANGE).filter(pk=above).exists()


FURTHER_REFUSALS = {
    "committees:term_delay": _not_the_organisation_above,
}
