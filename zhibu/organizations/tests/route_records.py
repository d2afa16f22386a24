"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

from zhibu.organizations import services
from zhibu.testing import SETUP


def _organizations(tree, personas):
    return {key: getattr(tree, key) for key in ("a1", "b1")}


def _units(tree, personas):
    return {
        key: services.create_unit(actor=SETUP, owner=getattr(tree, key), name=f"单位{key}", code=f"UNIT-{key}")
        for key in ("a1", "b1")
    }


RECORD_BUILDERS = {
    "organizations.organization": _organizations,
    "organizations.unit": _units,
}
