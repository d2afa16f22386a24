"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1 (its round set by
党委A), one in B1 (党委B)."""

from zhibu.secretary_reviews.tests.helpers import report, review_round


def _reports(tree, personas):
    return {key: report(review_round(getattr(tree, key[0])), getattr(tree, key)) for key in ("a1", "b1")}


def _rounds(tree, personas):
    return {key: made.round for key, made in _reports(tree, personas).items()}


RECORD_BUILDERS = {
    "secretary_reviews.appraisalround": _rounds,
    "secretary_reviews.report": _reports,
}
