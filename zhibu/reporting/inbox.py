"""Requests not yet answered (or returned for another try) in the 待办 inbox of the recipient's keepers, with the
deadline; an overdue one is marked, a reminded one says so. The sender's answers to review are its tasks too.
Computed on every request, so a submitted answer leaves by itself."""

import datetime

from django.urls import reverse

from zhibu.core.formatting import cn_date
from zhibu.core.inbox import Task, TaskSource, Urgency, urgency_of
from zhibu.core.scoping import CHANGE
from zhibu.reporting.models import OPEN_STATUSES, AnswerStatus, ReportAnswer


def _answers(user, scope, **lookup):
    answers = (
        ReportAnswer.objects.visible_to(user, CHANGE)
        .filter(**lookup)
        .select_related("request__organization", "organization")
    )
    if scope is not None:
        answers = answers.filter(organization__path__startswith=scope.path)
    return answers.order_by("request__deadline", "organization__path")


def _covers(paths: list[str], path: str) -> bool:
    return any(path.startswith(prefix) for prefix in paths)


def answers_owed(user, scope, today: datetime.date) -> list[Task]:
    """The recipients' keepers owe the answer; the sender's keepers follow the laggards on the request's page."""
    paths = user.scope_paths(CHANGE)[0]
    tasks = []
    for answer in _answers(user, scope, status__in=OPEN_STATUSES):
        request = answer.request
        if _covers(paths, request.organization.path):
            continue
        notes = []
        if answer.status == AnswerStatus.RETURNED:
            notes.append(f"已退回：{answer.return_reason}")
        if answer.reminded_on:
            notes.append(f"上级已于{cn_date(answer.reminded_on)}催报")
        urgency = urgency_of(request.deadline, today)
        late = "（已逾期）" if urgency == Urgency.OVERDUE else ""
        tail = f"（{'；'.join(notes)}）" if notes else ""
        tasks.append(
            Task(
                source="reporting.answer",
                title=f"{request.organization}要求报送：{request.title}，{cn_date(request.deadline)}前{late}{tail}",
                organization=answer.organization,
                url=reverse("reporting:submit", args=[answer.pk]),
                action="去报送",
                due=request.deadline,
                urgency=urgency,
            )
        )
    return tasks


def answers_to_review(user, scope, today: datetime.date) -> list[Task]:
    paths = user.scope_paths(CHANGE)[0]
    tasks = []
    for answer in _answers(user, scope, status=AnswerStatus.SUBMITTED):
        if not _covers(paths, answer.request.organization.path):
            continue
        tasks.append(
            Task(
                source="reporting.review",
                title=f"{answer.organization}已报送：{answer.request.title}，请审核",
                organization=answer.organization,
                url=reverse("reporting:review", args=[answer.pk]),
                action="去审核",
                due=None,
                urgency=Urgency.OPEN,
            )
        )
    return tasks


SOURCES = (
    TaskSource("reporting.answer", "待报送的报送要求", answers_owed, order=62),
    TaskSource("reporting.review", "待审核的报送", answers_to_review, order=63),
)
