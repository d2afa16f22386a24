"""An invited rater finds the round in their 待办 while people await their ballot; their own line is not counted,
and the last ballot takes the task away. Others' inboxes do not show it."""

from zhibu.inbox.services import collect
from zhibu.staff_reviews import services
from zhibu.staff_reviews.models import Subject
from zhibu.staff_reviews.tests.helpers import rated_round


def _owed(user):
    return [task for task in collect(user).tasks if task.source == "staff_reviews.ballot"]


def test_a_rater_owes_ballots_until_the_last_is_cast(tree, personas, client_as):
    review, secretary, worker = rated_round(tree, personas)
    rater = personas["工委管理员"]
    [task] = _owed(rater)
    assert "还有2人待您评议" in task.title and task.url == "/staff-reviews/ballots/"
    assert "还有2人待您评议" in client_as(rater).get("/inbox/").content.decode()
    assert _owed(personas["支部书记B1"]) == []
    # nobody rates themself: the secretary, were they invited, would owe one ballot, not two
    services.invite_rater(actor=rater, round=review, user=secretary, group="peer")
    assert "还有1人待您评议" in _owed(secretary)[0].title
    for subject in Subject.objects.filter(round=review):
        services.cast_ballot(actor=rater, subject=subject, choice="competent")
    assert _owed(rater) == []
