"""Sections of a member's page contributed by apps built on members (awards: the member's honours).

Members know none of those apps; each registers a section in its ``ready()``: a callable ``(request, member) ->
(title, template, context) | None``, rendered after the member's own panels."""

from collections.abc import Callable
from typing import Any

Section = Callable[[Any, Any], tuple[str, str, dict[str, Any]] | None]
_sections: dict[str, Section] = {}


def register_section(key: str, build: Section) -> None:
    _sections[key] = build


def sections_for(request: Any, member: Any) -> list[tuple[str, str, dict[str, Any]]]:
    built = (build(request, member) for _, build in sorted(_sections.items()))
    return [section for section in built if section is not None]
