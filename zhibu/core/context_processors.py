from typing import Any

from django.http import HttpRequest

from zhibu.core.navigation import nav_sections
from zhibu.core.notify import unread_count


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_sections": nav_sections(user),
        "scope_org": getattr(request, "scope_org", None),
        "scope_choices": getattr(request, "scope_choices", []),
        "unread_notifications": unread_count(user),
    }
