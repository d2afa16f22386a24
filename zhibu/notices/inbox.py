"""Unread notices in the 待办 inbox of the member they are addressed to: each published notice in its period that the
member (the user's own record) has not opened yet. Opening it on the member's side takes it away."""

import datetime

from django.urls import reverse

from zhibu.core.inbox import Task, TaskSource, Urgency
from zhibu.notices.models import Notice, NoticeRead
from zhibu.notices.services import addressed_to


def unread_notices(user, today: datetime.date) -> list[Notice]:
    """The published notices in period addressed to the user's own member record that they have not read."""
    read = NoticeRead.objects.filter(member__user=user).values("notice_id") if hasattr(user, "_meta") else []
    return list(addressed_to(user, today).exclude(pk__in=read))


def unread(user, scope, today: datetime.date) -> list[Task]:
    return [
        Task(
            source="notices.unread",
            title=f"请阅读党务公开：{notice.title}",
            organization=notice.organization,
            url=reverse("mine:notice", args=[notice.pk]),
            action="去阅读",
            due=notice.publish_until,
            urgency=Urgency.OPEN,
            personal=True,
        )
        for notice in unread_notices(user, today)
    ]


SOURCES = (TaskSource("notices.unread", "未阅读的党务公开", unread, order=90),)
