"""Where a rectification item came from besides its inspection: an app above inspections (a complaint that opened or
was linked to the item) registers a function in its ``apps.py`` ``ready()`` that names the records the user may open;
the item's page lists them. Inspections imports none of those apps."""

from collections.abc import Callable
from typing import Any

# (item, user) -> [(label, url), ...] of the records tied to the item that the user may see
ItemSource = Callable[[Any, Any], list[tuple[str, str]]]
_SOURCES: list[ItemSource] = []


def register_item_source(source: ItemSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def item_sources(item: Any, user: Any) -> list[tuple[str, str]]:
    return [link for source in _SOURCES for link in source(item, user)]
