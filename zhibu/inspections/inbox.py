"""What 督查整改 asks of a person: rectification items they are responsible for or whose organisation they keep, and
items reported done that they, as an inspector of the plan, must accept or return."""

import datetime

from django.db.models import Q
from django.utils import timezone

from zhibu.core.inbox import Task, TaskSource, urgency_of
from zhibu.core.scoping import CHANGE, can
from zhibu.inspections.models import RectificationItem
from zhibu.organizations.models import Organization
from zhibu.workdays.calendar import WorkingCalendar

REVIEW_WITHIN = datetime.timedelta(days=7)  # a reported item is accepted or returned within a week


def _in_scope(queryset, scope):
    return queryset if scope is None else queryset.filter(organization__path__startswith=scope.path)


def items_to_rectify(user, scope, today: datetime.date):
    mine = RectificationItem.objects.visible_to(user).filter(owner__user=user)
    kept = _in_scope(RectificationItem.objects.visible_to(user, CHANGE), scope)
    items = (
        (mine | kept)
        .filter(status=RectificationItem.Status.OPEN)
        .distinct()
        .select_related("organization", "owner", "finding")
    )
    return [
        Task(
            source="rectification",
            title=f"整改：{item.task[:40]}（{item.owner}负责）",
            organization=item.organization,
            url=item.get_absolute_url(),
            action="报告整改" if can(user, CHANGE, item.organization.path) else "查看整改要求",
            due=item.deadline,
            urgency=urgency_of(item.deadline, today),
            personal=item.owner.user_id == user.pk,
        )
        for item in items
    ]


def items_to_accept(user, scope, today: datetime.date):
    """Reported items of plans the person inspects (or whose inspecting organisation they keep)."""
    inspecting = Q(finding__plan__inspectors=user) | Q(finding__plan__organization__in=_organizations_kept(user, scope))
    items = (
        RectificationItem.objects.visible_to(user)
        .filter(status=RectificationItem.Status.REPORTED)
        .filter(inspecting)
        .distinct()
        .select_related("organization", "finding__plan")
    )
    if scope is not None:
        items = items.filter(
            Q(organization__path__startswith=scope.path) | Q(finding__plan__organization__path__startswith=scope.path)
        )
    tasks, calendar = [], WorkingCalendar.lenient()
    for item in items:
        reported_on = timezone.localtime(item.reported_at).date() if item.reported_at else None
        due = calendar.deadline(reported_on + REVIEW_WITHIN) if reported_on else None
        tasks.append(
            Task(
                source="rectification.review",
                title=f"验收：{item.organization.name} {item.task[:30]}",
                organization=item.organization,
                url=item.get_absolute_url(),
                action="去验收",
                due=due,
                urgency=urgency_of(due, today, soon_days=3),
            )
        )
    return tasks


def _organizations_kept(user, scope):
    organizations = Organization.objects.visible_to(user, CHANGE)
    return organizations if scope is None else organizations.filter(path__startswith=scope.path)


SOURCES = (
    TaskSource("rectification", "待整改的问题", items_to_rectify, order=30),
    TaskSource("rectification.review", "待验收的整改", items_to_accept, order=31),
)
