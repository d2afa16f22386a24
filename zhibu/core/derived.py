"""Derived data (the BTX verdicts, later the ledgers) refreshed when the records they are derived from change.

A service that changes source records calls ``records_changed`` inside its own transaction, so the derived rows
change with the records or not at all. This is an explicit call, not a model signal: the service says what changed
(which organisation, which day, which kind of record) and core stays ignorant of who listens (apps register in
``ready()``), so the arrows still point down.
"""

import datetime
import enum
from collections.abc import Callable, Iterable
from typing import Any


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


Listener = Callable[..., None]
_listeners: list[Listener] = []


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
    for listener in _listeners:
        listener(organizations=touched, topic=topic, day=day, kind=kind)
