"""What the standards ask of a person: items missed that still need a 情况说明, items in progress before their period
ends, and the 情况说明 of the organisations below waiting for their review."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from zhibu.core.inbox import Task, TaskSource, urgency_of
from zhibu.core.periods import key_label
from zhibu.core.scoping import CHANGE
from zhibu.organizations.models import Organization
from zhibu.standards.labels import rule_label
from zhibu.standards.models import ExplanationNote, Verdict, VerdictStatus
from zhibu.workdays.calendar import WorkingCalendar

EXPLAIN_WITHIN = datetime.timedelta(days=30)  # a miss is explained within a month of its period's end
REVIEW_WITHIN = datetime.timedelta(days=14)


def _verdicts(user: Any, scope: Any, today: datetime.date, status: str) -> QuerySet[Verdict]:
    verdicts = Verdict.objects.visible_to(user, CHANGE).filter(
        status=status,
        period_end__gte=datetime.date(today.year - 1, 1, 1),
        organization__status=Organization.Status.ACTIVE,
    )
    if scope is not None:
        verdicts = verdicts.filter(organization__path__startswith=scope.path)
    return verdicts.select_related("organization")


def misses_to_explain(user: Any, scope: Any, today: datetime.date) -> list[Task]:
    live_note = ExplanationNote.objects.filter(
        organization=OuterRef("organization"), rule_id=OuterRef("rule_id"), period_key=OuterRef("period_key")
    ).exclude(status=ExplanationNote.Status.RETURNED)
    verdicts = _verdicts(user, scope, today, VerdictStatus.MISSED).exclude(Exists(live_note))
    tasks, calendar = [], WorkingCalendar.lenient()
    for verdict in verdicts:
        due = calendar.deadline(verdict.period_end + EXPLAIN_WITHIN)
        tasks.append(
            Task(
                source="verdict.missed",
                title=f"未达标：{rule_label(verdict.rule_id)}（{key_label(verdict.period_key)}）",
                organization=verdict.organization,
                url=reverse("standards:verdict", args=[verdict.pk]),
                action="写情况说明",
                due=due,
                urgency=urgency_of(due, today),
            )
        )
    return tasks


def items_in_progress(user: Any, scope: Any, today: datetime.date) -> list[Task]:
    return [
        Task(
            source="verdict.in_progress",
            title=f"进行中：{rule_label(verdict.rule_id)}（{key_label(verdict.period_key)}）",
            organization=verdict.organization,
            url=reverse("standards:verdict", args=[verdict.pk]),
            action="查看要求",
            due=verdict.period_end,
            urgency=urgency_of(verdict.period_end, today, soon_days=14),
        )
        for verdict in _verdicts(user, scope, today, VerdictStatus.IN_PROGRESS)
    ]


def notes_to_review(user: Any, scope: Any, today: datetime.date) -> list[Task]:
    """情况说明 submitted by organisations whose parent's records this person keeps."""
    parents = Organization.objects.visible_to(user, CHANGE)
    notes = (
        ExplanationNote.objects.visible_to(user)
        .filter(status=ExplanationNote.Status.SUBMITTED, organization__parent__in=parents)
        .select_related("organization")
    )
    if scope is not None:
        notes = notes.filter(organization__path__startswith=scope.path)
    tasks, calendar = [], WorkingCalendar.lenient()
    for note in notes:
        due = calendar.deadline(note.created_at.date() + REVIEW_WITHIN)
        tasks.append(
            Task(
                source="note.review",
                title=f"审核情况说明：{rule_label(note.rule_id)}（{key_label(note.period_key)}）",
                organization=note.organization,
                url=f"{reverse('standards:notes')}?status=submitted#note-{note.pk}",
                action="去审核",
                due=due,
                urgency=urgency_of(due, today, soon_days=3),
            )
        )
    return tasks


SOURCES = (
    TaskSource("verdict.missed", "未达标、待写情况说明", misses_to_explain, order=20),
    TaskSource("verdict.in_progress", "进行中的达标项", items_in_progress, order=21),
    TaskSource("note.review", "待审核的情况说明", notes_to_review, order=22),
)
