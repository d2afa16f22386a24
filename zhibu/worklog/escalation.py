"""逾期上报: an open task (待认领 or 推进中) still not done ``WORKLOG_ESCALATION_GRACE_DAYS`` days after its deadline
goes one level up, once: the owner organisation's parent is named on the task (dated, audited) and its record keepers
are told. Run daily by ``manage.py escalate_worklog``; a missed day is caught up the next, and a task already escalated
is left alone, so running it twice changes nothing. A task waiting for review (待销号审核) has done its part and does
not escalate; one returned afterwards does, if it is still overdue."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhibu.accounts.models import record_keepers
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.formatting import cn_date
from zhibu.core.notify import notify
from zhibu.worklog.models import OPEN_STATUSES, Task


def notification_task(task: Task) -> str:
    """The notification's task name: marked done for everyone told once the task is closed (销号)."""
    return f"worklog.escalated:{task.pk}"


def escalation_day(task: Task) -> datetime.date:
    """The first day the task escalates if it is still open: deadline + grace days."""
    return task.deadline + datetime.timedelta(days=settings.WORKLOG_ESCALATION_GRACE_DAYS)


@transaction.atomic
def escalate_overdue(*, actor, today: datetime.date | None = None) -> int:
    """Escalate every open task whose escalation day has come and which has not been escalated; returns how many."""
    today = today or timezone.localdate()
    last_deadline = today - datetime.timedelta(days=settings.WORKLOG_ESCALATION_GRACE_DAYS)
    due = (
        Task.objects.select_for_update(of=("self",))
        .filter(status__in=OPEN_STATUSES, deadline__lte=last_deadline, escalated_to__isnull=True)
        .exclude(owner__parent__isnull=True)  # a root organisation has nobody above it to escalate to
        .select_related("owner__parent", "point")
    )
    moved = 0
    for task in due:
        parent = task.owner.parent
        before = audit.snapshot(task)
        task.escalated_to, task.escalated_on = parent, today
        task.save(update_fields=["escalated_to", "escalated_on", "updated_at"])
        audit.record(
            actor=actor, event=Event.WORKLOG_TASK_ESCALATED, obj=task, before=before, after=audit.snapshot(task)
        )
        late = (today - task.deadline).days
        notify(
            record_keepers(parent),
            f"工作任务逾期{late}天，已上报：{task.owner} 第{task.point.number}条 {task.deliverable}"
            f"（完成时限{cn_date(task.deadline)}）",
            task.get_absolute_url(),
            actor=actor,
            task=notification_task(task),
        )
        moved += 1
    return moved
