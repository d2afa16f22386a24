"""An invited rater's 待办: while a round is being rated, the people of it still awaiting their ballot (nobody rates
themself)."""

import datetime

from django.urls import reverse

from zhibu.core.inbox import Task, TaskSource
from zhibu.core.rated_rounds import owed_ballot_tasks
from zhibu.staff_reviews.models import Rater, Status, Subject, Vote


def ballots_owed(user, scope, today: datetime.date) -> list[Task]:
    if not getattr(user, "pk", None):
        return []
    raters = Rater.objects.filter(user=user, round__status=Status.RATING).select_related("round__organization")
    if scope is not None:
        raters = raters.filter(round__organization__path__startswith=scope.path)

    def waiting(rater: Rater) -> int:
        voted = Vote.objects.filter(rater=rater).values("subject_id")
        return Subject.objects.filter(round=rater.round).exclude(pk__in=voted).exclude(member__user=user).count()

    return owed_ballot_tasks(
        raters, waiting, source="staff_reviews.ballot", noun="人", url=reverse("staff_reviews:ballots")
    )


SOURCES = (TaskSource("staff_reviews.ballot", "待评议的党务工作者考核", ballots_owed, order=85),)
