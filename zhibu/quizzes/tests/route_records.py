"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

from zhibu.quizzes import services
from zhibu.quizzes.tests.helpers import bank, contest, member_user, quiz, survey


def _banks(tree, personas):
    return {key: bank(getattr(tree, key), name=f"题库{key}") for key in ("a1", "b1")}


def _quizzes(tree, personas):
    return {key: quiz(getattr(tree, key), the_bank=made) for key, made in _banks(tree, personas).items()}


def _attempts(tree, personas):
    quizzes = _quizzes(tree, personas)
    return {
        key: services.start_attempt(actor=member_user(getattr(tree, key)), quiz=made) for key, made in quizzes.items()
    }


def _surveys(tree, personas):
    return {key: survey(getattr(tree, key)) for key in ("a1", "b1")}


def _contests(tree, personas):
    return {key: contest(getattr(tree, key), [getattr(tree, key)]) for key in ("a1", "b1")}


RECORD_BUILDERS = {
    "quizzes.contest": _contests,
    "quizzes.questionbank": _banks,
    "quizzes.quiz": _quizzes,
    "quizzes.attempt": _attempts,
    "quizzes.survey": _surveys,
}
# A sheet is read only by the member who answers it; organisers read results on the quiz's page.
FURTHER_REFUSALS = {"quizzes:take": lambda user, record: record.member.user_id != user.pk}
