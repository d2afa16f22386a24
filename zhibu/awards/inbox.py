"""Nominations waiting on someone in the 待办 inbox: the branch's evaluation and study, the authority's 公示 and
approval (with unresolved objections to answer first), 纪检's opinion once the 公示 has ended."""

import datetime

from django.urls import reverse

from zhibu.awards import services
from zhibu.awards.models import Nomination, Stage, Step
from zhibu.core.formatting import cn_date
from zhibu.core.inbox import Task, TaskSource, urgency_of
from zhibu.core.scoping import CHANGE, VIEW, can


def nominations_to_move(user, scope, today: datetime.date) -> list[Task]:
    nominations = (
        Nomination.objects.visible_to(user, VIEW)
        .exclude(stage__in=(Stage.APPROVED, Stage.REJECTED))
        .select_related("round__organization", "member", "organization")
    )
    if scope is not None:
        nominations = nominations.filter(organization__path__startswith=scope.path)
    tasks = []
    for nomination in nominations:
        step = nomination.next_step
        if step is None:
            continue
        if step == Step.DISCIPLINE:
            assert nomination.publicity_until is not None
            mine = services.holds_discipline(user, nomination.organization)
            if not mine or today <= nomination.publicity_until:
                continue
        elif step in (Step.PUBLICISE, Step.DECIDE):
            if not can(user, CHANGE, nomination.round.organization.path):
                continue
        elif not can(user, CHANGE, nomination.organization.path):
            continue
        due = nomination.round.closes_on if step in (Step.EVALUATE, Step.STUDY) else None
        open_objections = services.unresolved(nomination) if step == Step.DECIDE else 0
        extra = f"（先处理{open_objections}条公示异议）" if open_objections else ""
        when = f"；推荐截止{cn_date(due)}" if due else ""
        tasks.append(
            Task(
                source="awards.steps",
                title=f"{nomination}：待{step.label}{extra}{when}",
                organization=nomination.organization,
                url=reverse("awards:detail", args=[nomination.pk]),
                action=f"去{step.label}",
                due=due,
                urgency=urgency_of(due, today),
            )
        )
    return tasks


SOURCES = (TaskSource("awards.steps", "评选表彰", nominations_to_move, order=48),)
