import ipaddress
import uuid

from django.conf import settings

from zhibu.core.audit import request_context
from zhibu.core.notify import mark_opened


def client_ip(request) -> str | None:
    """The client address; X-Forwarded-For is believed only from the proxies named in ZHIBU_TRUSTED_PROXIES."""
    remote = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in settings.TRUSTED_PROXIES and forwarded:
        candidate = forwarded.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            return remote
    return remote


class AuditContextMiddleware:
    """Gives every audit row written during the request its source IP and request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.META.get("HTTP_X_REQUEST_ID", "")[:64] or uuid.uuid4().hex
        token = request_context.set({"ip": client_ip(request), "request_id": request.request_id})
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class NotificationOpenedMiddleware:
    """Opening the page a notification links to reads that notification (the list, the bell and the page agree)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method == "GET" and user is not None and user.is_authenticated:
            mark_opened(user, request.get_full_path(), request.path)
        return self.get_response(request)
