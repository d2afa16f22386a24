"""Risk points whose periodic review is due within a week or overdue, in the 待办 inbox of those who keep the
organisation's records. Recording the review moves the date on, and the task leaves by itself."""

import datetime

from django.urls import reverse

from zhibu.core.formatting import cn_date
from zhibu.core.inbox import SOON_DAYS, Task, TaskSource, urgency_of
from zhibu.core.scoping import CHANGE
from zhibu.integrity.models import RiskPoint


def reviews_due(user, scope, today: datetime.date) -> list[Task]:
    risks = (
        RiskPoint.objects.visible_to(user, CHANGE)
        .filter(active=True, next_review_on__lte=today + datetime.timedelta(days=SOON_DAYS))
        .select_related("organization")
    )
    if scope is not None:
        risks = risks.filter(organization__path__startswith=scope.path)
    tasks = []
    for risk in risks:
        late = "，已逾期" if risk.next_review_on < today else ""
        tasks.append(
            Task(
                source="integrity.review",
                title=f"廉政风险点复查（{risk.get_level_display()}）：{risk}；应于{cn_date(risk.next_review_on)}前复查{late}",
                organization=risk.organization,
                url=reverse("integrity:review_create", args=[risk.pk]),
                action="去复查",
                due=risk.next_review_on,
                urgency=urgency_of(risk.next_review_on, today),
            )
        )
    return tasks


SOURCES = (TaskSource("integrity.review", "廉政风险点复查", reviews_due, order=62),)
