"""The one scoping method: which rows a user may see or act on.

A role grant is (user, organisation, role) and covers the organisation's whole subtree, matched with one
indexed prefix test on the materialised path per grant. Everything (views, forms, exports, API,
dashboards) starts from ``Model.objects.visible_to(user, action)``; out of scope is a 404.
"""

from collections.abc import Iterable
from typing import Any, Protocol, Self, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from zhibu.core.contracts import MemberScopedModel, ScopedRecord, ScopePath, ScopingActor, Viewer

VIEW = "view"
CHANGE = "change"
EXPORT = "export"
MANAGE_ROLES = "manage_roles"
ACTIONS = (VIEW, CHANGE, EXPORT, MANAGE_ROLES)

NOTHING = Q(pk__in=[])


_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    def visible_to(self, user: Viewer, action: str = VIEW) -> Self:
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        # AnonymousUser is never authenticated; naming it lets the type checker see that only actors remain.
        if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
            return self.none()
        model = self.model
        path_field: ScopePath | None = model.scope_path if isinstance(model, ScopedRecord) else None
        subtree_paths, member_paths = user.scope_paths(action)
        if path_field is None:
            # Reference data (position kinds, …): readable by every user, changed by platform administrators.
            return self.all() if action in (VIEW, EXPORT) or user.is_platform_admin else self.none()
        fields = (path_field,) if isinstance(path_field, str) else path_field
        condition = NOTHING
        for path in subtree_paths:
            for field in fields:
                condition |= Q(**{f"{field}__startswith": path})
        if member_paths:
            # Only models whose rows ordinary members may read define it; any other model fails here, as it should.
            condition |= cast(MemberScopedModel, model).member_scope_q(user, member_paths)
        owners: tuple[str, ...] = getattr(model, "member_fields", ())
        if not owners:
            return self.filter(condition)
        # Nullable references (a vacant post) stay visible; only a restricted member hides the row.
        unrestricted = Q()
        for owner in owners:
            unrestricted &= Q(**{f"{owner}__isnull": True}) | Q(**{f"{owner}__restricted_at__isnull": True})
        visible = self.filter(condition).filter(unrestricted)
        archive_paths: list[str] = user.archive_paths() if action == VIEW and hasattr(user, "archive_paths") else []
        if not archive_paths:
            return visible
        archived = NOTHING
        for path in archive_paths:
            archived |= Q(**{f"{owners[0]}__organization__path__startswith": path})
        return visible | self.filter(archived, **{f"{owners[0]}__restricted_at__isnull": False})


class ScopedManager(Protocol):
    """The default manager of every model a view opens: built from a ``ScopedQuerySet``."""

    def visible_to(self, user: Viewer, action: str = VIEW) -> models.QuerySet[Any]: ...


def require(actor: Viewer, action: str, obj: models.Model) -> None:
    """Out of scope → Http404 (never reveal it exists); in scope but not allowed → PermissionDenied.

    The action is checked first: every role that may act on a subtree may also view it (ROLE_ACTIONS), so an allowed
    action costs one query, and the view scope is asked only to tell a refusal (403) from an unknown record (404)."""
    manager = cast(ScopedManager, type(obj)._default_manager)
    if manager.visible_to(actor, action).filter(pk=obj.pk).exists():
        return
    if action == VIEW or not manager.visible_to(actor, VIEW).filter(pk=obj.pk).exists():
        raise Http404("记录不存在或不在您的权限范围内")
    raise PermissionDenied("您没有执行此操作的权限")


def visible_or_404(queryset: models.QuerySet[_M], user: Viewer, action: str = VIEW, **lookup: Any) -> _M:
    """The record ``lookup`` names among those the user may see with ``action``, or Http404. The queryset is one of a
    scoped model (its manager built from ``ScopedQuerySet``), however the caller's model is typed."""
    try:
        return cast(ScopedQuerySet[_M], queryset).visible_to(user, action).get(**lookup)
    # The model's DoesNotExist is an ObjectDoesNotExist; .get on this one queryset raises no other.
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("记录不存在或不在您的权限范围内") from None


def collapse_paths(paths: Iterable[str]) -> list[str]:
    """Drop paths covered by an ancestor path in the same list, so each subtree is matched once."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(ancestor) for ancestor in kept):
            kept.append(path)
    return kept


def can(user: ScopingActor, action: str, path: str) -> bool:
    """Whether the user's grants allow the action on the organisation with this path (no query)."""
    return any(path.startswith(prefix) for prefix in user.scope_paths(action)[0])
