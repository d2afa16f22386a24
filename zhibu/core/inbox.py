"""The 待办 inbox's parts: a ``Task`` is one thing a person owes, with its due date, its organisation and the URL of the
form that does it; a ``TaskSource`` is an app's query for the tasks of one kind.

Tasks are computed from the records every time, never stored: a task leaves the inbox when the work is done (the
meeting is held, the minutes signed, the term renewed), not when someone reads it. Core knows no domain app; each app
registers its sources in its ``ready()`` and the ``inbox`` app assembles them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any


class Urgency(IntEnum):
    """Most urgent first when sorted."""

    OVERDUE = 0
    DUE_SOON = 1
    OPEN = 2

    @property
    def label(self) -> str:
        return {Urgency.OVERDUE: "已逾期", Urgency.DUE_SOON: "即将到期", Urgency.OPEN: "待办"}[self]

    @property
    def css(self) -> str:
        return {Urgency.OVERDUE: "red", Urgency.DUE_SOON: "orange", Urgency.OPEN: "blue"}[self]


SOON_DAYS = 7


def urgency_of(due: datetime.date | None, today: datetime.date, soon_days: int = SOON_DAYS) -> Urgency:
    if due is None:
        return Urgency.OPEN
    if due < today:
        return Urgency.OVERDUE
    if (due - today).days <= soon_days:
        return Urgency.DUE_SOON
    return Urgency.OPEN


@dataclass(frozen=True)
class Task:
    source: str  # the TaskSource key
    title: str
    organization: Any  # the Organization the task belongs to (its pk, name and path are read)
    url: str  # the form that does the task
    action: str  # the button's text: 去签字, 录入考勤 …
    due: datetime.date | None
    urgency: Urgency
    personal: bool = False  # owed by this person themself (their resolution, their rectification item, their dues)

    @property
    def source_label(self) -> str:
        return source_label(self.source)

    @property
    def sort_key(self) -> tuple[int, datetime.date, str]:
        return (int(self.urgency), self.due or datetime.date.max, self.title)


TaskBuilder = Callable[[Any, Any, datetime.date], Iterable[Task]]  # (user, organisation in scope or None, today)


@dataclass(frozen=True)
class TaskSource:
    key: str
    label: str  # the kind of work, as a group heading: 待签字的会议记录
    build: TaskBuilder
    order: int = 100


_sources: dict[str, TaskSource] = {}


def register_source(source: TaskSource) -> None:
    _sources[source.key] = source


def task_sources() -> list[TaskSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))


def source_label(key: str) -> str:
    source = _sources.get(key)
    return source.label if source is not None else key
