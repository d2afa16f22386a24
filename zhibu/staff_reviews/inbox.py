"""An invited rater's 待办: while a round is being rated, the people of it still awaiting their ballot (nobody rates
themself). Computed from the votes, so the last ballot takes the task away."""

import datetime

from django.urls import reverse

from zhibu.core.inbox import Task, TaskSource, Urgency
from zhibu.staff_reviews.models import Rater, Status, Subject, Vote


def ballots_owed(user, scope, today: datetime.date) -> list[Task]:
    if not getattr(user, "pk", None):
        return []
    raters = Rater.objects.filter(user=user, round__status=Status.RATING).select_related("round__organization")
    if scope is not None:
        raters = raters.filter(round__organization__path__startswith=scope.path)
    tasks = []
    for rater in raters:
        voted = Vote.objects.filter(rater=rater).values("subject_id")
        waiting = Subject.objects.filter(round=rater.round).exclude(pk__in=voted).exclude(member__user=user).count()
        if waiting:
            tasks.append(
                Task(
                    source="staff_reviews.ballot",
                    title=f"{rater.round.title}：还有{waiting}人待您评议",
                    organization=rater.round.organization,
                    url=reverse("staff_reviews:ballots"),
                    action="去评议",
                    due=None,
                    urgency=Urgency.OPEN,
                    personal=True,
                )
            )
    return tasks


SOURCES = (TaskSource("staff_reviews.ballot", "待评议的党务工作者考核", ballots_owed, order=85),)
