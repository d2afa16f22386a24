"""Derived data (the BTX verdicts, later the ledgers) refreshed when the records they are derived from change.

A service that changes source records calls ``records_changed`` inside its own transaction, so the derived rows
change with the records or not at all. This is an explicit call, not a model signal: the service says what changed
(which organisation, which day, which kind of record) and core stays ignorant of who listens (apps register in
``ready()``), so the arrows still point down.
"""

import contextlib
import datetime
import enum
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import transaction


class Topic(enum.StrEnum):
    """The kinds of record a change can be about; listeners subscribe by these, so a misspelt topic must fail."""

    ACTIVITIES = "activities"
    ATTENDANCE = "attendance"  # who came, nothing else
    MEMBERS = "members"
    COMMITTEES = "committees"
    TALKS = "talks"
    APPRAISALS = "appraisals"
    UNITS = "units"
    ORGANIZATIONS = "organizations"
    DUES = "dues"
    RECRUITMENT = "recruitment"  # a recruit's path (发展党员)
    TRAINING = "training"  # training classes, their attendance, external trainings, the hours of a meeting kind
    LEADERSHIP = "leadership"  # leaders' contact points and their visits, research records
    SECRETARY_REPORTS = "secretary_reports"  # 书记述职评议 (appraisals app): rounds and reports
    AWARDS = "awards"  # 评选表彰: award rounds and the honours approved in them


Listener = Callable[..., None]
_listeners: list[Listener] = []
_deferral = threading.local()


def on_records_changed(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def records_changed(
    *,
    organization: Any = None,
    organizations: Iterable[Any] = (),
    topic: Topic,
    day: datetime.date | None = None,
    kind: str = "",
) -> None:
    """``topic``: a ``Topic`` (anything else raises TypeError); ``kind`` narrows it when known (the code
    of the meeting kind), so listeners can skip what that kind cannot affect."""
    if not isinstance(topic, Topic):
        raise TypeError(f"topic {topic!r} is not a Topic of zhibu/core/derived.py")
    touched = [*organizations, *([organization] if organization is not None else [])]
    if not touched:
        return
    pending = getattr(_deferral, "pending", None)
    if pending is not None:
        pending.setdefault((topic, day, kind), {}).update({item.pk: item for item in touched})
        return
    _tell_listeners(organizations=touched, topic=topic, day=day, kind=kind)


def _tell_listeners(*, organizations: list[Any], topic: Topic, day: datetime.date | None, kind: str) -> None:
    for listener in _listeners:
        listener(organizations=organizations, topic=topic, day=day, kind=kind)


@contextlib.contextmanager
def changes_collected() -> Iterator[None]:
    """Within the block, changes are collected and the listeners hear them once at its end: one refresh per
    (topic, day, kind) for all the organisations it touched, instead of one per record. For a run of writes whose
    intermediate derived state nobody reads (building a test tree, loading a batch). The listeners then see the
    final records, so the derived rows end as they would after a refresh per change. Use it inside the transaction of
    the writes, so the refresh commits or rolls back with them."""
    if getattr(_deferral, "pending", None) is not None:  # nested: the outer block tells the listeners
        yield
        return
    _deferral.pending = {}
    try:
        yield
        pending = _deferral.pending
    finally:
        _deferral.pending = None
    if not pending:
        return
    with transaction.atomic():
        for (topic, day, kind), touched in pending.items():
            _tell_listeners(organizations=list(touched.values()), topic=topic, day=day, kind=kind)


@contextlib.contextmanager
def changes_told_at_once() -> Iterator[None]:
    """Inside an open ``changes_collected`` block, tell the listeners of each change at once again, as outside one: for
    a test fixture that writes derived rows itself after the records they derive from, which the refresh at the
    block's end would otherwise judge over."""
    pending = getattr(_deferral, "pending", None)
    _deferral.pending = None
    try:
        yield
    finally:
        _deferral.pending = pending
