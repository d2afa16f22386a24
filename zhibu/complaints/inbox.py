"""Complaints not yet 办结 in the 待办 inbox of the officials who may handle them (those who may change records of the
complaint's organisation and the organisations above): the next step to record and the deadline. Once 办结 recorded,
the task leaves by itself."""

import datetime

from django.urls import reverse

from zhibu.complaints import services
from zhibu.complaints.models import Complaint, Status
from zhibu.core.formatting import cn_date
from zhibu.core.inbox import Task, TaskSource, urgency_of
from zhibu.core.scoping import CHANGE


def open_complaints(user, scope, today: datetime.date) -> list[Task]:
    complaints = (
        Complaint.objects.visible_to(user, CHANGE)
        .exclude(status=Status.CLOSED)
        .select_related("organization", "kind", "intake_point")
        .prefetch_related("steps")
    )
    if scope is not None:
        complaints = complaints.filter(organization__path__startswith=scope.path)
    tasks = []
    for complaint in complaints:
        step = services.next_step(complaint)
        if step is None:
            continue
        overdue = "，已超期" if complaint.is_overdue(today) else ""
        tasks.append(
            Task(
                source="complaints.open",
                title=(
                    f"群众投诉（{complaint.kind.name}，{complaint.intake_point}）：待{step.label}；"
                    f"应于{cn_date(complaint.due_on)}前办结{overdue}"
                ),
                organization=complaint.organization,
                url=reverse("complaints:detail", args=[complaint.pk]),
                action=f"去{step.label}",
                due=complaint.due_on,
                urgency=urgency_of(complaint.due_on, today),
            )
        )
    return tasks


SOURCES = (TaskSource("complaints.open", "群众效能投诉", open_complaints, order=47),)
