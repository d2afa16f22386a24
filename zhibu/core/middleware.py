import ipaddress
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers

from zhibu.core.audit import request_context
from zhibu.core.notify import mark_opened

GetResponse = Callable[[HttpRequest], HttpResponseBase]


def client_ip(request: HttpRequest) -> str | None:
    """The client address; X-Forwarded-For is believed only from the proxies named in ZHIBU_TRUSTED_PROXIES."""
    remote: str | None = request.META.get("REMOTE_ADDR")
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

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request.META.get("HTTP_X_REQUEST_ID", "")[:64] or uuid.uuid4().hex
        # Kept on the request for whatever handles it later; HttpRequest declares no such attribute.
        setattr(request, "request_id", request_id)  # noqa: B010
        token = request_context.set({"ip": client_ip(request), "request_id": request_id})
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class NotificationOpenedMiddleware:
    """Opening the page a notification links to reads that notification (the list, the bell and the page agree)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if request.method == "GET" and user is not None and user.is_authenticated:
            mark_opened(user, request.get_full_path(), request.path)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuses a body larger than the largest upload (REQUEST_MAX_BYTES) from its Content-Length, before anything
    reads it: Django's own limit counts form fields only, so a 200 MB body was read first and refused after.

    A body without Content-Length (chunked) is not read at all under WSGI: Django reads CONTENT_LENGTH bytes, zero
    when it is missing. The proxy's client_max_body_size remains the first line; this is the second."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            return self._refuse(request, 400, "请求头 Content-Length 不是有效的数字")
        if length > settings.REQUEST_MAX_BYTES:
            limit = settings.REQUEST_MAX_BYTES // (1024 * 1024)
            return self._refuse(request, 413, f"提交的内容过大（超过{limit}MB），请压缩文件或分批提交")
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
        else:
            response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
        return response


class NoStoreMiddleware:
    """Nothing a signed-in user receives is kept by the browser or a proxy cache: pages, exports, files and API
    answers carry personal data, and the back button on a shared office computer must not show them after logout.
    Static files (served outside this stack in production) are not touched."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF puts a token's user here as it authenticates
        if user is not None and user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
            response["Pragma"] = "no-cache"
        return response
