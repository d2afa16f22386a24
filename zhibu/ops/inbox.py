"""A scheduled job whose last run failed, in the 系统管理员's 待办 inbox until a later run of it succeeds."""

import datetime

from django.urls import reverse
from django.utils import timezone

from zhibu.core.inbox import Task, TaskSource, Urgency
from zhibu.ops import health
from zhibu.ops.models import is_system_admin


def failed_jobs(user, scope, today: datetime.date) -> list[Task]:
    if not is_system_admin(user):
        return []
    grant = user.role_grants.select_related("organization").order_by("pk").first()
    if grant is None:  # a superuser without a grant has the page, but no organisation to file the task under
        return []
    tasks = []
    for state in health.job_states():
        if state.failed and state.last is not None:
            tasks.append(
                Task(
                    source="ops.failed_job",
                    title=f"计划任务失败：{state.job.label}（{timezone.localtime(state.last.started_at):%Y-%m-%d %H:%M}）",
                    organization=grant.organization,
                    url=reverse("ops:run", args=[state.last.pk]),
                    action="查看输出",
                    due=timezone.localtime(state.last.started_at).date(),
                    urgency=Urgency.OVERDUE,
                    personal=True,
                )
            )
    return tasks


SOURCES = (TaskSource("ops.failed_job", "失败的计划任务", failed_jobs, order=98),)
