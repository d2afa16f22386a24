"""The one scoping method: which rows a user may see or act on.

A role grant is (user, organisation, role) and covers the organisation's whole subtree, matched with one
indexed prefix test on the materialised path per grant. Everything (views, forms, exports, API,
dashboards) starts from ``Model.objects.visible_to(user, action)``; out of scope is a 404.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

VIEW = "view"
CHANGE = "change"
EXPORT = "export"
MANAGE_ROLES = "manage_roles"
ACTIONS = (VIEW, CHANGE, EXPORT, MANAGE_ROLES)

NOTHING = Q(pk__in=[])


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = VIEW):
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        model = self.model
        path_field = getattr(model, "scope_path", None)
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
            condition |= model.member_scope_q(user, member_paths)
        owners = getattr(model, "member_fields", ())
        if not owners:
            return self.filter(condition)
        # Nullable references (a vacant post) stay visible; only a restricted member hides the row.
        unrestricted = Q()
        for owner in owners:
            unrestricted &= Q(**{f"{owner}__isnull": True}) | Q(**{f"{owner}__restricted_at__isnull": True})
        visible = self.filter(condition).filter(unrestricted)
        archive_paths = user.archive_paths() if action == VIEW and hasattr(user, "archive_paths") else []
        if not archive_paths:
            return visible
        archived = NOTHING
        for path in archive_paths:
            archived |= Q(**{f"{owners[0]}__organization__path__startswith": path})
        return visible | self.filter(archived, **{f"{owners[0]}__restricted_at__isnull": False})


def require(actor, action: str, obj) -> None:
    """Out of scope → Http404 (never reveal it exists); in scope but not allowed → PermissionDenied.

    The action is checked first: every role that may act on a subtree may also view it (ROLE_ACTIONS), so an allowed
    action costs one query, and the view scope is asked only to tell a refusal (403) from an unknown record (404)."""
    manager = type(obj)._default_manager
    if manager.visible_to(actor, action).filter(pk=obj.pk).exists():
        return
    if action == VIEW or not manager.visible_to(actor, VIEW).filter(pk=obj.pk).exists():
        raise Http404("记录不存在或不在您的权限范围内")
    raise PermissionDenied("您没有执行此操作的权限")


def visible_or_404(queryset, user, action: str = VIEW, **lookup):
    try:
        return queryset.visible_to(user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("记录不存在或不在您的权限范围内") from None


def collapse_paths(paths) -> list[str]:
    """Drop paths covered by an ancestor path in the same list, so each subtree is matched once."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(ancestor) for ancestor in kept):
            kept.append(path)
    return kept


def can(user, action: str, path: str) -> bool:
    """Whether the user's grants allow the action on the organisation with this path (no query)."""
    return any(path.startswith(prefix) for prefix in user.scope_paths(action)[0])
