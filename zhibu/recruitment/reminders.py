"""Notifications of what falls due on the recruitment path (the same dates as the board and the 待办 inbox,
``due.dues``): a week before the last day, and once a month while it is overdue. They go to whoever keeps the branch's
records and, for a step the 党委 above takes (filing, pre-review, approval), to that 党委's keepers too. Run daily by
``send_recruitment_reminders``; each reminder is sent once (its notification task names the recruit, the step, the
date and the stage), so a missed day is caught up the next."""

import datetime
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhibu.accounts.models import record_keepers
from zhibu.core import audit
from zhibu.core.actors import CommandActor
from zhibu.core.audit_catalogue import Event
from zhibu.core.formatting import cn_date
from zhibu.core.models import Notification
from zhibu.core.notify import notify
from zhibu.recruitment import due, rules
from zhibu.recruitment.models import OPEN_STAGES, Recruit

AHEAD_DAYS = 7
COMMITTEE_ACTS = ("higher_committee", "approving_committee", "department_above")


def stage(on: datetime.date, today: datetime.date) -> str | None:
    """Which reminder is due today: "soon" within a week of the last day, "overdue-YYYY-MM" each month after, or None."""
    if on < today:
        return f"overdue-{today:%Y-%m}"
    if on <= today + datetime.timedelta(days=AHEAD_DAYS):
        return "soon"
    return None


@transaction.atomic
def send(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    actor = CommandActor("send_recruitment_reminders")
    recruits = Recruit.objects.filter(stage__in=OPEN_STAGES).select_related("organization").prefetch_related("steps")
    sent = 0
    for recruit in recruits.order_by("pk"):
        for item in due.dues(recruit.stage, due.past_steps(recruit)):
            reached = stage(item.on, today)
            if reached is None:
                continue
            task = f"recruit:{recruit.pk}:{item.step.code}:{item.on:%Y%m%d}:{reached}"[:64]
            if Notification.objects.filter(task=task).exists():
                continue
            when = "已逾期" if reached != "soon" else "即将到期"
            text = f"{recruit.name}：{item.step.name}{when}，应于{cn_date(item.on)}前办理（{item.rule}）"
            url = reverse("recruitment:step_create", args=[recruit.pk]) + "?" + urlencode({"step": item.step.code})
            people = record_keepers(recruit.organization)
            if item.step.acts in COMMITTEE_ACTS:
                committee = rules.nearest_committee(recruit.organization)
                people += record_keepers(committee) if committee is not None else []
            sent += notify(people, text, url, actor=actor, task=task)
    audit.record(actor=actor, event=Event.RECRUIT_REMINDERS_SENT, extra={"sent": sent})
    return sent
