"""In-app notifications: services call ``notify`` with the users to tell; the top bar shows the unread count.

A notification that asks for something names its task (``task="activity.sign:12"``); when the task is done, the
service that did it calls ``task_done`` and the notification reads as read for everyone who was asked. A notification
also reads as read once its user opens the page it links to (``mark_opened``, called for every page view)."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from zhibu.core.contracts import AuditActor
from zhibu.core.models import Notification

if TYPE_CHECKING:  # a name for the type only: at run time core never imports an app
    from zhibu.accounts.models import User


def notify(users: "Iterable[User | None]", text: str, url: str = "", *, actor: AuditActor, task: str = "") -> int:
    """Tell each user once (duplicates, inactive accounts and the user who acted are skipped: nobody is told of their
    own action). Part of the caller's transaction."""
    seen, rows = {getattr(actor, "pk", None)}, []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, text=text[:200], url=url[:200], task=task[:64]))
    Notification.objects.bulk_create(rows)
    return len(rows)


def task_done(task: str) -> int:
    """What the notifications of this task asked for has been done: they are read, for everyone who was asked."""
    return Notification.objects.filter(task=task, read_at__isnull=True).update(read_at=timezone.now())


def mark_opened(user: "User", *paths: str) -> int:
    """The user opened a page a notification links to: that notification is read. Called for every page view, so it
    only reads unless there is something to mark (a write would take SQLite's write lock on every page)."""
    pending = Notification.objects.filter(user=user, read_at__isnull=True, url__in=paths)
    return pending.update(read_at=timezone.now()) if pending.exists() else 0


def unread_count(user: "User") -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@transaction.atomic
def mark_all_read(user: "User") -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def mark_read(user: "User", pk: int) -> int:
    return Notification.objects.filter(user=user, pk=pk, read_at__isnull=True).update(read_at=timezone.now())
