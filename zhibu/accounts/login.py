"""Login rules (等保 level 3): 5 consecutive failures lock the account for 30 minutes, a per-IP throttle, and every
attempt in the audit log. While locked, even the right password is refused."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhibu.accounts import separation
from zhibu.accounts.models import User
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.core.formatting import cn_time


def find_user(username: str) -> User | None:
    return User.objects.filter(username__iexact=(username or "").strip()).first()


def ip_throttled(ip: str | None) -> bool:
    if not ip:
        return False
    since = timezone.now() - datetime.timedelta(minutes=settings.IP_THROTTLE_MINUTES)
    failures = AuditEvent.objects.filter(event=Event.AUTH_LOGIN_FAILED, source_ip=ip, occurred_at__gte=since).count()
    return failures >= settings.IP_THROTTLE_FAILURES


def locked_until(username: str, user: User | None) -> datetime.datetime | None:
    """When the lock on this name ends, or None. A name without an account locks like one with an account (5 failures
    within the lock period), so the answer never tells whether an account exists."""
    now = timezone.now()
    if user is not None:
        return user.locked_until if user.locked_until and user.locked_until > now else None
    window = datetime.timedelta(minutes=settings.LOCKOUT_MINUTES)
    failures = list(
        AuditEvent.objects.filter(
            event=Event.AUTH_LOGIN_FAILED,
            outcome="failure",  # attempts refused while locked do not extend the lock, as for an account
            actor_name=anonymous(username),
            occurred_at__gt=now - window,
        )
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)[: settings.LOCKOUT_THRESHOLD]
    )
    if len(failures) < settings.LOCKOUT_THRESHOLD:
        return None
    return failures[-1] + window


def locked_message(until: datetime.datetime) -> str:
    return f"账号因连续{settings.LOCKOUT_THRESHOLD}次登录失败已被锁定，请于{cn_time(until)}后重试，或联系安全管理员解锁"


def anonymous(username: str) -> str:
    return f"anonymous:{(username or '').strip().lower()[:100]}"


def claim_attempt(user: User) -> bool:
    """Count an attempt as a failure before the password is checked, in one conditional UPDATE: concurrent guesses can
    then never check more passwords than the lockout threshold. A successful login clears the count."""
    now = timezone.now()
    claimed = (
        User.objects.filter(pk=user.pk, failed_logins__lt=settings.LOCKOUT_THRESHOLD)
        .exclude(locked_until__gt=now)
        .update(failed_logins=F("failed_logins") + 1)
    )
    return bool(claimed)


@transaction.atomic
def record_failure(username: str, user: User | None) -> None:
    """The attempt was already counted by ``claim_attempt``; the one that reaches the threshold locks the account."""
    audit.record(
        actor=user or anonymous(username),
        event=Event.AUTH_LOGIN_FAILED,
        outcome="failure",
        extra={"username": username[:100]},
    )
    if user is not None:
        lock_if_exhausted(user)


def lock_if_exhausted(user: User) -> datetime.datetime | None:
    """Lock an account whose attempts are used up, once (a conditional UPDATE), and say until when it is locked. Also
    called when an attempt finds no attempt left but no lock either (the attempt that used the last one is still
    checking its password, or never finished): such an account locks rather than refusing without end."""
    now = timezone.now()
    lock = User.objects.filter(pk=user.pk, failed_logins__gte=settings.LOCKOUT_THRESHOLD).exclude(locked_until__gt=now)
    until = now + datetime.timedelta(minutes=settings.LOCKOUT_MINUTES)
    if lock.update(locked_until=until, failed_logins=0):
        audit.record(
            actor=user,
            event=Event.AUTH_LOCKOUT,
            outcome="denied",
            extra={"locked_until": until.isoformat(), "alert": "security_admin"},
        )
        return until
    return User.objects.filter(pk=user.pk, locked_until__gt=now).values_list("locked_until", flat=True).first()


def record_success(user: User) -> None:
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    audit.record(actor=user, event=Event.AUTH_LOGIN)


def unlock(*, actor, user: User) -> None:
    """Only the security administrator (三员之一) unlocks accounts before the lock expires, never its own."""
    separation.check_account(actor, user, separation.UNLOCK)
    _unlock(actor=actor, user=user)


@transaction.atomic
def _unlock(*, actor, user: User) -> None:
    before = {"locked_until": user.locked_until.isoformat() if user.locked_until else None}
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    audit.record(actor=actor, event=Event.AUTH_UNLOCKED, obj=user, before=before, after={"locked_until": None})
