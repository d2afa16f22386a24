"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``). Job runs belong to no organisation:
only the 系统管理员 (not among the route test's personas) sees them, so every persona gets 404 for both."""

from zhibu.ops.tests.helpers import a_run


def _runs(tree, personas):
    return {"a1": a_run("good"), "b1": a_run("bad", outcome="failure")}


RECORD_BUILDERS = {"ops.jobrun": _runs}
