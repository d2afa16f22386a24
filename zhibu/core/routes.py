"""Every page route says what it opens and with which right, and that declaration is what loads the record.

A route is one of:

- ``@scoped(Model, action)`` on a function view whose URL names one record: the decorator loads it from
  ``Model.objects.visible_to(user, …)`` (out of scope → 404, in scope without the right → 403) and passes it to the view
  in place of the id, so a view cannot forget the check;
- a class view from ``zhibu/core/generic.py``, whose ``model`` and ``action`` are the declaration and whose queryset is
  always ``visible_to``;
- ``@collection(Model, action)`` on a function view over many records (a list, a create form, a report), which must
  start from ``visible_to`` itself;
- ``@unscoped("why")`` for a route that opens no organisation's record (login, one's own settings, a public check-in).

``zhibu/core/tests/test_routes.py`` walks the URL configuration, fails on a route without a declaration and derives
the scoping matrix from the declarations.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from zhibu.core.scoping import ACTIONS, VIEW, require, visible_or_404

ROUTE_SCOPE = "route_scope"
V = TypeVar("V")


@dataclass(frozen=True)
class RouteScope:
    """What a route opens: a record (``kwarg`` names its id in the URL), a collection, or nothing with a reason."""

    model: type[Model] | None
    action: str | None
    kwarg: str | None = None
    reason: str = ""

    @property
    def is_object(self) -> bool:
        return self.kwarg is not None


def _declare(view: V, scope: RouteScope) -> V:
    setattr(view, ROUTE_SCOPE, scope)
    return view


def scoped(
    model: type[Model],
    action: str = VIEW,
    *,
    kwarg: str = "pk",
    name: str | None = None,
    queryset: Callable[[], QuerySet[Any]] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Load the record whose id is the URL's ``kwarg`` as the user may see it, check ``action`` on it, and call the
    view with the record as keyword ``name`` (default: the model's name in lower case) instead of the id.

    ``queryset`` adds ``select_related`` and the like; the scope is applied to it, never replaced by it."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    argument = name or model._meta.model_name or "record"

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            base = queryset() if queryset is not None else model._default_manager.all()
            record = visible_or_404(base, request.user, pk=kwargs.pop(kwarg))
            if action != VIEW:
                require(request.user, action, record)
            kwargs[argument] = record
            return view(request, *args, **kwargs)

        return _declare(wrapper, RouteScope(model=model, action=action, kwarg=kwarg))

    return decorate


def collection(model: type[Model], action: str = VIEW) -> Callable[[V], V]:
    """Declare a route over many records of ``model`` (a list, a report, a create form choosing among them); the view
    (a function or an API view class) starts from ``model.objects.visible_to(user, action)``."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")

    def decorate(view: V) -> V:
        return _declare(view, RouteScope(model=model, action=action))

    return decorate


def unscoped(reason: str) -> Callable[[Any], Any]:
    """Declare a route that opens no organisation's records, with the reason (login, one's own settings, …). It
    decorates a function view or a view class."""
    if not reason.strip():
        raise ValueError("an unscoped route says why")

    def decorate(view: Any) -> Any:
        return _declare(view, RouteScope(model=None, action=None, reason=reason))

    return decorate


def route_scope(callback: Callable[..., Any]) -> RouteScope | None:
    """The declaration of a URL pattern's callback: a decorated function's, or a class view's ``route_scope()``."""
    # Django's class views keep their class as ``view_class``, DRF's as ``cls``.
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None and hasattr(view_class, "declared_scope"):
        declared: RouteScope = view_class.declared_scope()
        return declared
    found = getattr(callback, ROUTE_SCOPE, None) or getattr(view_class, ROUTE_SCOPE, None)
    return found if isinstance(found, RouteScope) else None
