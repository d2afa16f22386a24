"""An invited rater's 待办: while a 述职评议 round is being rated, the reports still awaiting their ballot."""

import datetime

from django.urls import reverse

from zhibu.core.inbox import Task, TaskSource
from zhibu.core.rated_rounds import owed_ballot_tasks
from zhibu.secretary_reviews.models import Rater, Report, Status, Vote


def ballots_owed(user, scope, today: datetime.date) -> list[Task]:
    if not getattr(user, "pk", None):
        return []
    raters = Rater.objects.filter(user=user, round__status=Status.RATING).select_related("round__organization")
    if scope is not None:
        raters = raters.filter(round__organization__path__startswith=scope.path)

    def waiting(rater: Rater) -> int:
        voted = Vote.objects.filter(rater=rater).values("report_id")
        return Report.objects.filter(round=rater.round).exclude(pk__in=voted).count()

    return owed_ballot_tasks(
        raters, waiting, source="secretary_reviews.ballot", noun="份述职", url=reverse("secretary_reviews:ballots")
    )


SOURCES = (TaskSource("secretary_reviews.ballot", "待评议的述职", ballots_owed, order=85),)
