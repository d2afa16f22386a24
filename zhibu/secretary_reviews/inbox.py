"""An invited rater's 待办: while a 述职评议 round is being rated, the reports still awaiting their ballot. Computed
from the votes, so the last ballot takes the task away."""

import datetime

from django.urls import reverse

from zhibu.core.inbox import Task, TaskSource, Urgency
from zhibu.secretary_reviews.models import Rater, Report, Status, Vote


def ballots_owed(user, scope, today: datetime.date) -> list[Task]:
    if not getattr(user, "pk", None):
        return []
    raters = Rater.objects.filter(user=user, round__status=Status.RATING).select_related("round__organization")
    if scope is not None:
        raters = raters.filter(round__organization__path__startswith=scope.path)
    tasks = []
    for rater in raters:
        voted = Vote.objects.filter(rater=rater).values("report_id")
        waiting = Report.objects.filter(round=rater.round).exclude(pk__in=voted).count()
        if waiting:
            tasks.append(
                Task(
                    source="secretary_reviews.ballot",
                    title=f"{rater.round.title}：还有{waiting}份述职待您评议",
                    organization=rater.round.organization,
                    url=reverse("secretary_reviews:ballots"),
                    action="去评议",
                    due=None,
                    urgency=Urgency.OPEN,
                    personal=True,
                )
            )
    return tasks


SOURCES = (TaskSource("secretary_reviews.ballot", "待评议的述职", ballots_owed, order=85),)
