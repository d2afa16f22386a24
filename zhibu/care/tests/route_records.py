"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

from django.utils import timezone

from zhibu.care.tests.helpers import case, visit


def _cases(tree, personas):
    return {key: case(getattr(tree, key), name=f"关怀{key}") for key in ("a1", "b1")}


def _visits(tree, personas):
    return {key: visit(made, timezone.localdate()) for key, made in _cases(tree, personas).items()}


RECORD_BUILDERS = {"care.carecase": _cases, "care.carevisit": _visits}
