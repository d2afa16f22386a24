"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""


def _organizations(tree, personas):
    return {key: getattr(tree, key) for key in ("a1", "b1")}


RECORD_BUILDERS = {
    "organizations.organization": _organizations,
}
