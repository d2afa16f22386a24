"""Sections of the organisation page contributed by the apps built on organisations (members, committees, …).

Organisations know none of those apps; each registers a panel in its ``ready()``. A panel is a callable
``(request, organization) -> dict | None``; the dict is the context of ``template``. A panel that is a list of linked
lines (a result of each year: grades, stars, brands) can use ``RESULTS_TEMPLATE``: ``rows`` of (text, url), and
``more_url`` / ``more_label`` for its list page.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    build: Callable
    order: int = 100


RESULTS_TEMPLATE = "organizations/_results_panel.html"
_panels: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(request, organization) -> list[tuple[Panel, dict]]:
    rendered = []
    for panel in sorted(_panels.values(), key=lambda item: item.order):
        context = panel.build(request, organization)
        if context is not None:
            rendered.append((panel, context))
    return rendered
