"""What a higher app adds to the meeting plan form: fields offered beside the agenda, how a pick changes the agenda,
and what is recorded once the meeting is planned (the study app proposes the 第一议题 library and the study-list
topics this way, so activities never imports it)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms


@dataclass(frozen=True)
class PlanExtra:
    # (user, the organisation the form is for or None, today) -> the fields to add, by name (none: nothing to offer)
    fields: Callable[[Any, Any, datetime.date], dict[str, forms.Field]]
    # (what was picked, agenda lines, first-topic flag) -> the agenda lines and flag to plan with
    agenda: Callable[[dict[str, Any], list[str], bool], tuple[list[str], bool]]
    # (actor, the planned meeting, what was picked): recorded through the app's own services, in the same transaction
    after: Callable[[Any, Any, dict[str, Any]], None]
    names: tuple[str, ...]


_EXTRAS: list[PlanExtra] = []


def register_plan_extra(extra: PlanExtra) -> None:
    if extra not in _EXTRAS:
        _EXTRAS.append(extra)


def registered() -> tuple[PlanExtra, ...]:
    return tuple(_EXTRAS)


def fields_for(user: Any, organization: Any, today: datetime.date) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for extra in _EXTRAS:
        fields.update(extra.fields(user, organization, today))
    return fields


@dataclass(frozen=True)
class MeetingNote:
    """A line a higher app shows in the meeting page's agenda panel, with a link to its own page."""

    text: str
    url: str = ""
    link_text: str = ""


_NOTES: list[Callable[[Any, Any], MeetingNote | None]] = []


def register_meeting_note(builder: Callable[[Any, Any], MeetingNote | None]) -> None:
    """``builder(request, activity)`` returns the note, or None to show nothing."""
    if builder not in _NOTES:
        _NOTES.append(builder)


def meeting_notes(request: Any, activity: Any) -> list[MeetingNote]:
    return [note for builder in _NOTES if (note := builder(request, activity)) is not None]
