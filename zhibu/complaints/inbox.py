"""Complaints not yet 办结 in the 待办 inbox of the officials who may handle them (those who may change records of the
complaint's organisation and the organisations above): the next step to record and the deadline. Once 办结 recorded,
the task leaves by itself."""

import datetime

from django.urls import reverse

from zhibu.complaints import due, services
from zhibu.complaints.models import Complaint, Refusal, Status, escalated_q
from zhibu.core.formatting import cn_date
from zhibu.core.inbox import Task, TaskSource, urgency_of
from zhibu.core.scoping import CHANGE, can


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
        badge = due.label(complaint, today)
        overdue = f"，{badge}" if badge else ""
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


def refusals_to_review(user, scope, today: datetime.date) -> list[Task]:
    """A 说“不” the unit has not reviewed yet, before it goes up by itself on ``report_by``."""
    refusals = (
        Refusal.objects.visible_to(user, CHANGE)
        .filter(reviewed_on__isnull=True, report_by__gt=today)
        .select_related("complaint__organization", "complaint__kind")
    )
    if scope is not None:
        refusals = refusals.filter(complaint__organization__path__startswith=scope.path)
    return [
        Task(
            source="complaints.refusal_review",
            title=(
                f"投诉说“不”待复核（{refusal.complaint.kind.name}，编号{refusal.complaint_id}）："
                f"本级未解决的，{cn_date(refusal.report_by)}起报{refusal.next_level}"
            ),
            organization=refusal.complaint.organization,
            url=reverse("complaints:refusal_review", args=[refusal.pk]),
            action="去复核",
            due=refusal.report_by,
            urgency=urgency_of(refusal.report_by, today),
        )
        for refusal in refusals
    ]


def refusals_to_decide(user, scope, today: datetime.date) -> list[Task]:
    """A 说“不” reported to the next level: the keepers of that level owe the closing decision (the unit's own
    officials do not, though they see the complaint)."""
    refusals = (
        Refusal.objects.visible_to(user, CHANGE)
        .filter(escalated_q(today), closed_on__isnull=True)
        .select_related("next_level", "complaint__organization", "complaint__kind")
    )
    if scope is not None:
        refusals = refusals.filter(next_level__path__startswith=scope.path)
    tasks = []
    for refusal in refusals:
        if not can(user, CHANGE, refusal.next_level.path):
            continue
        tasks.append(
            Task(
                source="complaints.refusal_decide",
                title=(
                    f"下级报来的投诉说“不”（{refusal.complaint.organization}，{refusal.complaint.kind.name}，"
                    f"编号{refusal.complaint_id}）：{cn_date(refusal.escalated_on(today))}报上级，待作出决定"
                ),
                organization=refusal.next_level,
                url=reverse("complaints:refusal_close", args=[refusal.pk]),
                action="作出决定",
                due=refusal.escalated_on(today),
                urgency=urgency_of(refusal.escalated_on(today), today),
            )
        )
    return tasks


SOURCES = (
    TaskSource("complaints.open", "群众效能投诉", open_complaints, order=47),
    TaskSource("complaints.refusal_review", "待复核的投诉说“不”", refusals_to_review, order=48),
    TaskSource("complaints.refusal_decide", "下级报来的投诉说“不”", refusals_to_decide, order=49),
)
