"""Login rules (等保 level 3): 5 consecutive failures lock the account for 30 minutes, a per-IP throttle, and every
attempt in the audit log. While locked, even the right password is refused."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhibu.accounts.models import User
from zhibu.accounts.roles import Role
from zhibu.core import audit
from zhibu.core.audit_models import AuditEvent
from zhibu.core.formatting import cn_time


def find_user(username: str) -> User | None:
    return User.objects.filter(username__iexact=(username or "").strip()).first()


def ip_throttled(ip: str | None) -> bool:
    if not ip:
        return False
    since = timezone.now() - datetime.timedelta(minutes=settings.IP_THROTTLE_MINUTES)
    failures = AuditEvent.objects.filter(event="auth.login_failed", source_ip=ip, occurred_at__gte=since).count()
    return failures >= settings.IP_THROTTLE_FAILURES


def locked_message(user: User) -> str | None:
    if user.locked_until and user.locked_until > timezone.now():
        return f"账号因连续{settings.LOCKOUT_THRESHOLD}次登录失败已被锁定，请于{cn_time(user.locked_until)}后重试，或联系安全管理员解锁"
    return None


@transaction.atomic
def record_failure(username: str, user: User | None) -> None:
    audit.record(
        actor=user or f"anonymous:{username[:100]}",
        event="auth.login_failed",
        outcome="failure",
        extra={"username": username[:100]},
    )
    if user is None:
        return
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins", "locked_until"])
    if user.failed_logins >= settings.LOCKOUT_THRESHOLD:
        user.locked_until = timezone.now() + datetime.timedelta(minutes=settings.LOCKOUT_MINUTES)
        user.failed_logins = 0
        user.save(update_fields=["locked_until", "failed_logins"])
        audit.record(
            actor=user,
            event="auth.lockout",
            outcome="denied",
            extra={"locked_until": user.locked_until.isoformat(), "alert": "security_admin"},
        )


def record_success(user: User) -> None:
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    audit.record(actor=user, event="auth.login")


@transaction.atomic
def unlock(*, actor, user: User) -> None:
    """Only the security administrator (三员之一) unlocks accounts before the lock expires."""
    if not (actor.is_superuser or Role.SECURITY_ADMIN in actor.roles):
        raise PermissionDenied("只有安全管理员可以解锁账号")
    before = {"locked_until": user.locked_until.isoformat() if user.locked_until else None}
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    audit.record(actor=actor, event="auth.unlocked", obj=user, before=before, after={"locked_until": None})
