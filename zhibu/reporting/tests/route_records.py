"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1. A
request belongs to its sender (党委A or 党委B, picking the branch); an answer to the recipient branch."""

from zhibu.core.scoping import CHANGE, can
from zhibu.reporting.tests.helpers import month_request


def _requests(tree, personas):
    return {
        key: month_request(getattr(tree, parent), reach="picked", picked=[getattr(tree, key)])
        for key, parent in (("a1", "a"), ("b1", "b"))
    }


def _answers(tree, personas):
    return {key: request.answers.get() for key, request in _requests(tree, personas).items()}


def _review_refused(user, answer):
    """Only the sender's keepers review an answer; the recipient's own keepers may not (403)."""
    return not can(user, CHANGE, answer.request.organization.path)


RECORD_BUILDERS = {"reporting.reportrequest": _requests, "reporting.reportanswer": _answers}
FURTHER_REFUSALS = {"reporting:review": _review_refused}
