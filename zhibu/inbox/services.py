"""The 待办 inbox of one person: every registered task source asked for what this user owes in the organisation in
scope, most urgent first; for a committee over many organisations, grouped by the organisation one level down with
counts, so that a 工委 sees its 机关党委 and drills down rather than reading hundreds of lines."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from zhibu.core.inbox import Task, Urgency, task_sources
from zhibu.organizations.models import BRANCH_KINDS, Organization

FLAT_LIMIT = 25  # more tasks than this over several organisations are shown as groups


@dataclass
class Group:
    organization: Any
    tasks: list[Task] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for task in self.tasks if task.urgency == Urgency.OVERDUE)

    @property
    def due_soon(self) -> int:
        return sum(1 for task in self.tasks if task.urgency == Urgency.DUE_SOON)

    @property
    def by_source(self) -> list[tuple[str, int]]:
        labels = {source.key: source.label for source in task_sources()}
        counts = Counter(task.source for task in self.tasks)
        return [(labels.get(key, key), count) for key, count in counts.most_common()]

    @property
    def sort_key(self) -> tuple[int, int, datetime.date, str]:
        first = min(task.sort_key for task in self.tasks)
        return (first[0], -self.overdue, first[1], self.organization.path)


@dataclass
class Inbox:
    tasks: list[Task]
    within: Any  # the organisation the inbox is narrowed to, or None
    source: str = ""

    @property
    def personal(self) -> list[Task]:
        return [task for task in self.tasks if task.personal]

    @property
    def others(self) -> list[Task]:
        """The tasks of the organisations the person keeps, apart from their own (shown first, on their own)."""
        return [task for task in self.tasks if not task.personal]

    @property
    def overdue(self) -> int:
        return sum(1 for task in self.tasks if task.urgency == Urgency.OVERDUE)

    @property
    def by_source(self) -> list[tuple[str, str, int]]:
        counts = Counter(task.source for task in self.tasks)
        return [(source.key, source.label, counts[source.key]) for source in task_sources() if counts[source.key]]

    @property
    def groups(self) -> list[Group] | None:
        """The tasks by organisation one level below ``within``, or None when a flat list reads well."""
        organizations = {task.organization.pk for task in self.tasks}
        if len(self.tasks) <= FLAT_LIMIT or len(organizations) < 2:
            return None
        if self.within is not None and self.within.kind in BRANCH_KINDS:
            return None  # a branch and its 党小组 read best as one list
        groups: dict[str, Group] = {}
        units = _units(self.within, [task.organization for task in self.tasks])
        for task in self.tasks:
            unit = units[task.organization.path]
            groups.setdefault(unit.path, Group(unit)).tasks.append(task)
        if len(groups) < 2:
            return None
        return sorted(groups.values(), key=lambda group: group.sort_key)


def _units(within, organizations) -> dict[str, Any]:
    """Each task organisation's path → the organisation one level below ``within`` that contains it (or itself)."""
    base = within.path if within is not None else ""
    wanted = {}
    for organization in organizations:
        rest = organization.path[len(base) :] if organization.path.startswith(base) else organization.path
        head = rest.split(".", 1)[0]
        wanted[organization.path] = base + head + "." if head else organization.path
    found = {org.path: org for org in Organization.objects.filter(path__in=set(wanted.values()))}
    by_path = {organization.path: organization for organization in organizations}
    return {path: found.get(unit) or by_path[path] for path, unit in wanted.items()}


def collect(user, within=None, today: datetime.date | None = None, source: str = "") -> Inbox:
    """What ``user`` owes within the organisation ``within`` (or everywhere they act), optionally one kind only."""
    today = today or timezone.localdate()
    tasks: list[Task] = []
    for task_source in task_sources():
        if source and task_source.key != source:
            continue
        tasks.extend(task_source.build(user, within, today))
    unique = {(task.source, task.url): task for task in tasks}
    return Inbox(sorted(unique.values(), key=lambda task: task.sort_key), within, source)
