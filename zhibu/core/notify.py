"""In-app notifications: services call ``notify`` with the users to tell; the top bar shows the unread count."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from zhibu.core.models import Notification


def notify(users: Iterable, text: str, url: str = "") -> int:
    """Tell each user once (duplicates and inactive accounts are skipped). Part of the caller's transaction."""
    seen, rows = set(), []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, text=text[:200], url=url[:200]))
    Notification.objects.bulk_create(rows)
    return len(rows)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@transaction.atomic
def mark_all_read(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
