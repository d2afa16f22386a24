"""Complaints not yet 办结 in the 待办 inbox of the officials who may handle them (those who may change records of the
complaint's organisation and the organisations above): the next step to record and the deadline. Once 办结 recorded,
the task leaves by itself. A return visit (回访) owed appears from the day it falls owed until it is recorded."""

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


def return_visits_owed(user, scope, today: datetime.date) -> list[Task]:
    """A closed complaint owed its 回访, from the day it is owed (``due.visit_owed_on``): in the inbox of the intake
    point's 单位负责人 when they may record it (the 一把手 answers for it), else of the organisation's keepers."""
    complaints = due.awaiting_visit(Complaint.objects.visible_to(user, CHANGE)).select_related(
        "organization", "kind", "intake_point__unit_head"
    )
    if scope is not None:
        complaints = complaints.filter(organization__path__startswith=scope.path)
    tasks = []
    for complaint in complaints.filter(closed_on__lte=today):
        owed = due.visit_owed_on(complaint, complaint.closed_on)
        if owed > today:
            continue
        head = complaint.intake_point.unit_head
        if head is not None and head.pk != user.pk and can(head, CHANGE, complaint.organization.path):
            continue
        by = due.visit_due_by(owed)
        tasks.append(
            Task(
                source="complaints.return_visit",
                title=(
                    f"投诉回访（{complaint.kind.name}，{complaint.intake_point}，编号{complaint.pk}）："
                    f"{cn_date(complaint.closed_on)}办结，应于{cn_date(by)}前回访"
                ),
                organization=complaint.organization,
                url=reverse("complaints:return_visit_create", args=[complaint.pk]),
                action="去回访",
                due=by,
                urgency=urgency_of(by, today),
            )
        )
    return tasks


SOURCES = (
    TaskSource("complaints.open", "群众效能投诉", open_complaints, order=47),
    TaskSource("complaints.refusal_review", "待复核的投诉说“不”", refusals_to_review, order=48),
    TaskSource("complaints.refusal_decide", "下级报来的投诉说“不”", refusals_to_decide, order=49),
    TaskSource("complaints.return_visit", "待回访的群众投诉", return_visits_owed, order=49),
)
