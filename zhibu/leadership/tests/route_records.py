"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): contact points and research belong
to the agency (党委A, 党委B) over branch A1 / B1; a 书记项目 to branch A1 / B1 itself."""

from django.utils import timezone

from zhibu.leadership.tests.helpers import contact, project, research, visit, with_report
from zhibu.testing import make_member


def _contacts(tree, personas):
    return {"a1": contact(tree.a, tree.a1, name="领导A"), "b1": contact(tree.b, tree.b1, name="领导B")}


def _visits(tree, personas):
    return {key: visit(made, timezone.localdate()) for key, made in _contacts(tree, personas).items()}


def _research(tree, personas):
    return {
        key: with_report(research(agency, make_member(branch, name=f"调研{key}"), timezone.localdate()))
        for key, agency, branch in (("a1", tree.a, tree.a1), ("b1", tree.b, tree.b1))
    }


def _projects(tree, personas):
    return {
        key: project(getattr(tree, key), make_member(getattr(tree, key), name=f"书记{key}")) for key in ("a1", "b1")
    }


RECORD_BUILDERS = {
    "leadership.contactpoint": _contacts,
    "leadership.contactvisit": _visits,
    "leadership.researchrecord": _research,
    "leadership.secretaryproject": _projects,
}
EXTRA_KWARGS = {"leadership:research_report": lambda made: {"item": made.reports.get().pk}}
