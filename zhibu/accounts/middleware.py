"""Session rules: idle timeout (15 min by default, at most 30), absolute limit (12 h), forced password change
(first login, expiry after 90 days) and the second factor for staff roles."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event

LAST_SEEN = "zhibu_last_seen"
LOGIN_AT = "zhibu_login_at"
EXEMPT_PREFIXES = ("/static/", "/accounts/logout/", "/accounts/password/", "/accounts/otp/")


def password_expired(user) -> bool:
    days = user.password_days_left
    return days is not None and days < 0


def otp_required(user) -> bool:
    return settings.REQUIRE_OTP and user.is_staff_role


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session") and request.session.session_key:
            expired = self._expired(request)
            if expired:
                audit.record(actor=user, event=Event.AUTH_LOGOUT, extra={"reason": expired})
                logout(request)
                messages.info(request, "长时间未操作或登录已超过12小时，已自动退出，请重新登录")
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            if not request.path.startswith(EXEMPT_PREFIXES):
                detour = self._detour(request, user)
                if detour:
                    return detour
        return self.get_response(request)

    def _expired(self, request) -> str | None:
        now = time.time()
        session = request.session
        session.setdefault(LOGIN_AT, now)
        if now - session[LOGIN_AT] > settings.SESSION_ABSOLUTE_HOURS * 3600:
            return "absolute"
        last_seen = session.get(LAST_SEEN, now)
        if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
            return "idle"
        session[LAST_SEEN] = now
        return None

    def _detour(self, request, user):
        api = request.path.startswith("/api/")
        if user.must_change_password or password_expired(user):
            if api:
                return JsonResponse({"detail": "请先在网页上修改密码后再使用接口"}, status=403)
            return redirect("accounts:password_change")
        if otp_required(user) and not user.is_verified():
            if api:
                return JsonResponse({"detail": "请先在网页上完成动态口令验证"}, status=403)
            return redirect("accounts:otp_verify")
        return None
