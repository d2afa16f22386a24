"""Reminders of the recruitment path in the 待办 inbox of whoever may record the recruit's steps (the branch's
keepers and the 党委 above): what ``due.dues`` says falls due within a month, or is overdue. Done work leaves by itself:
once the step is recorded it is no longer due."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse

from zhibu.core.formatting import cn_date
from zhibu.core.inbox import Task, TaskSource, urgency_of
from zhibu.core.scoping import CHANGE
from zhibu.recruitment import due
from zhibu.recruitment.models import OPEN_STAGES, Recruit

AHEAD_DAYS = 30  # a reminder enters the inbox a month before its date


def recruitment_reminders(user, scope, today: datetime.date) -> list[Task]:
    recruits = (
        Recruit.objects.visible_to(user, CHANGE)
        .filter(stage__in=OPEN_STAGES)
        .select_related("organization")
        .prefetch_related("steps")
    )
    if scope is not None:
        recruits = recruits.filter(organization__path__startswith=scope.path)
    horizon = today + datetime.timedelta(days=AHEAD_DAYS)
    tasks = []
    for recruit in recruits:
        for item in due.dues(recruit.stage, due.past_steps(recruit)):
            if item.on > horizon:
                continue
            url = reverse("recruitment:step_create", args=[recruit.pk]) + "?" + urlencode({"step": item.step.code})
            tasks.append(
                Task(
                    source="recruitment.due",
                    title=f"{recruit.name}：{item.title}；{item.since}，应于{cn_date(item.on)}前办理",
                    organization=recruit.organization,
                    url=url,
                    action=f"登记{item.step.name}",
                    due=item.on,
                    urgency=urgency_of(item.on, today),
                )
            )
    return tasks


SOURCES = (TaskSource("recruitment.due", "发展党员到期事项", recruitment_reminders, order=45),)
