"""Transfers waiting to be received by an organisation whose records the person keeps (not those they sent)."""

import datetime

from django.urls import reverse

from zhibu.core.inbox import Task, TaskSource, urgency_of
from zhibu.core.scoping import CHANGE
from zhibu.members.models import Transfer
from zhibu.organizations.models import Organization
from zhibu.workdays.calendar import WorkingCalendar

RECEIVE_WITHIN = datetime.timedelta(days=30)


def transfers_to_receive(user, scope, today: datetime.date):
    transfers = (
        Transfer.objects.visible_to(user, CHANGE)
        .filter(status=Transfer.Status.PENDING, to_organization__in=Organization.objects.visible_to(user, CHANGE))
        .select_related("member", "to_organization", "from_organization")
    )
    if scope is not None:
        transfers = transfers.filter(to_organization__path__startswith=scope.path)
    tasks, calendar = [], WorkingCalendar.lenient()
    for transfer in transfers:
        due = calendar.deadline(transfer.created_at.date() + RECEIVE_WITHIN)
        tasks.append(
            Task(
                source="transfer.receive",
                title=f"接收{transfer.member.name}的组织关系（自{transfer.from_organization or '外单位'}转入）",
                organization=transfer.to_organization,
                url=reverse("members:transfer_complete", args=[transfer.pk]),
                action="办理接收",
                due=due,
                urgency=urgency_of(due, today),
            )
        )
    return tasks


SOURCES = (TaskSource("transfer.receive", "待接收的组织关系转接", transfers_to_receive, order=40),)
