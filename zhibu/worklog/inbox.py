"""The work ledger in the 待办 inbox. For whoever keeps an owner organisation: tasks to take on, tasks due within
``WORKLOG_DUE_SOON_DAYS`` or overdue, and last month's progress not yet reported. For whoever keeps an issuing
organisation: closure requests waiting for review. For whoever keeps the organisation an overdue task was escalated
to, or one above it (逾期上报, ``escalation.py``): the task to follow up, until it is closed. Done work leaves by
itself (the task accepted, the report sent, the request decided)."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from zhibu.core.formatting import cn_date
from zhibu.core.inbox import Task as InboxTask
from zhibu.core.inbox import TaskSource, Urgency, urgency_of
from zhibu.core.scoping import CHANGE, can
from zhibu.organizations.models import Organization
from zhibu.worklog import due
from zhibu.worklog.models import OPEN_STATUSES, Closure, Decision, Plan, Status, Task


def _soon(day: datetime.date, today: datetime.date) -> Urgency:
    return urgency_of(day, today, soon_days=settings.WORKLOG_DUE_SOON_DAYS)


def owed_tasks(user, scope, today: datetime.date) -> list[InboxTask]:
    kept = Task.objects.visible_to(user, CHANGE).values("pk")
    tasks = (
        Task.objects.filter(Q(pk__in=kept) | Q(responsible__user_id=user.pk))
        .filter(status__in=OPEN_STATUSES)
        .select_related("owner", "point__section__plan", "responsible", "escalated_to")
        .prefetch_related("progress")
    )
    if scope is not None:
        tasks = tasks.filter(owner__path__startswith=scope.path)
    horizon = today + datetime.timedelta(days=settings.WORKLOG_DUE_SOON_DAYS)
    found = []
    for task in tasks:
        personal = task.responsible is not None and task.responsible.user_id == user.pk
        if task.escalated_to is not None and can(user, CHANGE, task.escalated_to.path):
            continue  # the level above follows it up through worklog.escalated, once
        standing = due.standing(task, today)
        name = f"第{task.point.number}条 {task.deliverable}"
        if not can(user, CHANGE, task.owner.path):
            # Named as the person responsible, without the right to report: reminded, pointed at the task.
            title = f"{name}：{standing.label or '完成时限' + cn_date(task.deadline)}（{task.get_status_display()}）"
            found.append(_item(task, title, "worklog:task_detail", "查看任务", task.deadline, today, True))
            continue
        if task.status == Status.ISSUED:
            found.append(
                _item(task, f"认领任务：{name}", "worklog:task_accept", "去认领", task.deadline, today, personal)
            )
        elif task.deadline <= horizon:
            title = f"{name}：{standing.label or '即将到期'}（完成时限{cn_date(task.deadline)}）"
            found.append(_item(task, title, "worklog:closure_create", "申请销号", task.deadline, today, personal))
        owed = due.owed_report(task, {report.month for report in task.progress.all()}, today)
        if owed is not None:
            found.append(
                _item(task, f"{name}：{owed.title}", "worklog:progress_create", "报送进展", owed.due, today, personal)
            )
    return found


def _item(task, title, url_name, action, day, today, personal) -> InboxTask:
    return InboxTask(
        source="worklog.owed",
        title=title,
        organization=task.owner,
        url=reverse(url_name, args=[task.pk]),
        action=action,
        due=day,
        urgency=_soon(day, today),
        personal=personal,
    )


def closures_to_review(user, scope, today: datetime.date) -> list[InboxTask]:
    plans = Plan.objects.visible_to(user, CHANGE)
    kept = Organization.objects.visible_to(user, CHANGE)
    # A task's request goes to the plan's issuer; a sub-task's to the parent task's owner.
    mine = Q(task__parent__isnull=True, task__point__section__plan__in=plans) | Q(task__parent__owner__in=kept)
    closures = (
        Closure.objects.filter(mine, decision=Decision.PENDING)
        .select_related("task__owner", "task__point__section__plan__issuer", "task__parent__owner")
        .order_by("requested_on", "id")
    )
    if scope is not None:
        closures = closures.filter(
            Q(task__parent__isnull=True, task__point__section__plan__issuer__path__startswith=scope.path)
            | Q(task__parent__owner__path__startswith=scope.path)
        )
    found = []
    for closure in closures:
        task = closure.task
        found.append(
            InboxTask(
                source="worklog.review",
                title=f"{task.owner}申请销号：第{task.point.number}条 {task.deliverable}（{cn_date(closure.requested_on)}提交）",
                organization=task.reviewer,
                url=reverse("worklog:closure_review", args=[task.pk]),
                action="去审核",
                due=None,
                urgency=Urgency.OPEN,
            )
        )
    return found


def escalated_tasks(user, scope, today: datetime.date) -> list[InboxTask]:
    """Open tasks escalated to an organisation the user keeps: follow up with the owner until it is closed."""
    kept = Organization.objects.visible_to(user, CHANGE).values("pk")
    tasks = (
        Task.objects.filter(escalated_to__in=kept, status__in=OPEN_STATUSES)
        .select_related("owner", "point", "escalated_to")
        .order_by("deadline", "id")
    )
    if scope is not None:
        tasks = tasks.filter(escalated_to__path__startswith=scope.path)
    found = []
    for task in tasks:
        late = (today - task.deadline).days
        title = (
            f"逾期上报：{task.owner} 第{task.point.number}条 {task.deliverable}"
            f"（逾期{late}天，{cn_date(task.escalated_on)}上报{task.escalated_to}）"
        )
        found.append(
            InboxTask(
                source="worklog.escalated",
                title=title,
                organization=task.escalated_to,
                url=reverse("worklog:task_detail", args=[task.pk]),
                action="督促办理",
                due=task.deadline,
                urgency=_soon(task.deadline, today),
            )
        )
    return found


SOURCES = (
    TaskSource("worklog.owed", "工作任务", owed_tasks, order=50),
    TaskSource("worklog.review", "待审核的销号申请", closures_to_review, order=51),
    TaskSource("worklog.escalated", "逾期上报的工作任务", escalated_tasks, order=52),
)
