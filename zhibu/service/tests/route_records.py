"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

from zhibu.service import services
from zhibu.service.tests.helpers import DAY, community, member_record, wish
from zhibu.testing import SETUP, make_member


def _communities(tree, personas):
    return {key: community(getattr(tree, key)) for key in ("a1", "b1")}


def _wishes(tree, personas):
    return {key: wish(getattr(tree, key)) for key in ("a1", "b1")}


def _records(tree, personas):
    return {key: member_record(getattr(tree, key)) for key in ("a1", "b1")}


def _projects(tree, personas):
    return {
        key: services.save_project(
            actor=SETUP, organization=getattr(tree, key), title="加装楼道扶手", goals="老旧小区加装扶手", started_on=DAY
        )
        for key in ("a1", "b1")
    }


def _registrations(tree, personas):
    return {
        key: services.register_member(
            actor=SETUP,
            member=make_member(getattr(tree, key)),
            community=community(getattr(tree, key)),
            registered_on=DAY,
        )
        for key in ("a1", "b1")
    }


def _pairings(tree, personas):
    return {
        key: services.create_pairing(
            actor=SETUP, organization=getattr(tree, key), community=community(getattr(tree, key)), started_on=DAY
        )
        for key in ("a1", "b1")
    }


RECORD_BUILDERS = {
    "service.community": _communities,
    "service.wish": _wishes,
    "service.servicerecord": _records,
    "service.project": _projects,
    "service.registration": _registrations,
    "service.pairing": _pairings,
}
