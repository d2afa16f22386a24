"""Every route declares what it opens (``zhibu/core/routes.py``), and the scoping matrix of the routes that open one
record is derived from those declarations: for each such route, each persona and a record in their own branch and in
a stranger's, the page answers 404 where ``visible_to(user, view)`` hides the record, 403 where the declared action
is not allowed on it, and opens otherwise. ``test_scoping_matrix.py`` holds ``visible_to`` itself against the tree;
this test holds every route to ``visible_to``."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from zhibu.core.routes import route_scope
from zhibu.core.scoping import VIEW
from zhibu.core.tests.route_records import EXTRA_KWARGS, FURTHER_REFUSALS, RECORD_BUILDERS

PERSONAS = ("支部书记A1", "党务干部A1", "纪检A", "党员A1", "支部书记B1", "党委管理员A", "无角色")
REFUSALS = {404, 403}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else "", prefix + str(entry.pattern), entry.callback


def _routes():
    routes, seen = [], set()
    for name, pattern, callback in _walk(get_resolver().url_patterns):
        if (name, pattern) in seen or pattern.startswith("^static") or "(?P<format>" in pattern:
            continue
        seen.add((name, pattern))
        routes.append(pytest.param(name, pattern, callback, id=name or pattern))
    return routes


ROUTES = _routes()


@pytest.mark.parametrize(("name", "pattern", "callback"), ROUTES)
def test_every_route_declares_what_it_opens(name, pattern, callback):
    declared = route_scope(callback)
    assert declared is not None, (
        f"{name or pattern}: declare what it opens — @scoped(Model, action) on one record, a view from "
        "zhibu/core/generic.py, @collection(Model, action) over many, or @unscoped('why')"
    )
    if declared.model is None:
        assert declared.reason.strip(), f"{name}: an unscoped route says why"


def _arguments(pattern: str) -> list[str]:
    """The URL's argument names, in a ``path()`` pattern (``<id:pk>``) or a router's regex (``(?P<pk>…)``)."""
    return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)]


OBJECT_ROUTES = [
    route
    for route in ROUTES
    if (scope := route_scope(route.values[2])) is not None
    and scope.model is not None
    and scope.kwarg is not None
    and scope.kwarg in _arguments(route.values[1])
]


def _expected(user, model, action, record) -> set[int] | None:
    """The answers the route may give: {404}, {403}, or None for 'it opens' (anything but 403 and 404)."""
    manager = model._default_manager
    if not manager.visible_to(user, VIEW).filter(pk=record.pk).exists():
        return {404}
    if action != VIEW and not manager.visible_to(user, action).filter(pk=record.pk).exists():
        return {403}
    return None


@pytest.mark.parametrize(("name", "pattern", "callback"), OBJECT_ROUTES)
def test_a_route_opens_a_record_exactly_as_its_declaration_says(name, pattern, callback, tree, personas):
    scope = route_scope(callback)
    label = scope.model._meta.label_lower
    assert label in RECORD_BUILDERS, f"{name}: add a builder for {label} to zhibu/core/tests/route_records.py"
    records = RECORD_BUILDERS[label](tree, personas)
    arguments = _arguments(pattern)
    extra = set(arguments) - {scope.kwarg}
    if extra:
        assert name in EXTRA_KWARGS, f"{name}: say how to fill {sorted(extra)} in route_records.EXTRA_KWARGS"
    is_api = pattern.startswith("api/")
    mismatches = []
    for persona in PERSONAS:
        user = personas[persona]
        client = APIClient() if is_api else Client()
        client.force_login(user)
        for key, record in records.items():
            kwargs = {scope.kwarg: record.pk, **(EXTRA_KWARGS[name](record) if extra else {})}
            url = reverse(name, kwargs=kwargs)
            wanted = _expected(user, scope.model, scope.action, record)
            if wanted is None and name in FURTHER_REFUSALS and FURTHER_REFUSALS[name](user, record):
                wanted = {403}
            got = client.get(url).status_code
            if got == 405:
                # A route that only takes POST is tried for its refusals only: an allowed POST would change records.
                if wanted is None:
                    continue
                got = client.post(url, {}).status_code
            if (wanted is not None and got not in wanted) or (wanted is None and got in REFUSALS):
                mismatches.append((persona, key, sorted(wanted) if wanted else "opens", got))
    assert mismatches == [], f"{name} ({scope.action}): {mismatches}"
