"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1 (its round set by
党委A), one in B1 (党委B)."""

from zhibu.staff_reviews.models import Subject
from zhibu.staff_reviews.tests.helpers import review_round, staff


def _subjects(tree, personas):
    made = {}
    for key in ("a1", "b1"):
        person = staff(getattr(tree, key), f"route_staff_{key}")
        review = review_round(getattr(tree, key[0]))
        made[key] = Subject.objects.get(round=review, member=person.member)
    return made


def _rounds(tree, personas):
    return {key: subject.round for key, subject in _subjects(tree, personas).items()}


RECORD_BUILDERS = {
    "staff_reviews.staffreviewround": _rounds,
    "staff_reviews.subject": _subjects,
}
