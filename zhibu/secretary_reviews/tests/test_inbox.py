"""An invited rater finds the round in their 待办 while it is being rated and reports await their ballot; the last
ballot takes the task away; a round still in 述职 owes nothing yet."""

from zhibu.inbox.services import collect
from zhibu.secretary_reviews import services
from zhibu.secretary_reviews.tests.helpers import raters, rating, report, review_round


def _owed(user):
    return [task for task in collect(user).tasks if task.source == "secretary_reviews.ballot"]


def test_a_rater_owes_ballots_while_the_round_is_rated(tree, personas, client_as):
    waiting = review_round(tree.b)
    report(waiting, tree.b1)
    raters(waiting, personas, {"工委管理员": "superior"})
    assert _owed(personas["工委管理员"]) == []  # still 述职中
    rated, made_report = rating(tree, personas)
    [task] = _owed(personas["工委管理员"])
    assert "还有1份述职待您评议" in task.title and task.url == "/secretary-reviews/ballots/"
    assert "还有1份述职待您评议" in client_as(personas["工委管理员"]).get("/inbox/").content.decode()
    assert _owed(personas["支部书记B1"]) == []
    services.cast_ballot(actor=personas["工委管理员"], report=made_report, choice="good")
    assert _owed(personas["工委管理员"]) == []
