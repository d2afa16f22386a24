"""The daily reminders (run by the ``send_reminders`` command): resolutions that passed their deadline yesterday,
and meeting kinds a branch has not held with three days of the period left."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhibu.accounts.models import RoleGrant
from zhibu.accounts.roles import Role
from zhibu.activities import digest
from zhibu.activities.models import Resolution
from zhibu.core import audit
from zhibu.core.actors import CommandActor
from zhibu.core.audit_catalogue import Event
from zhibu.core.notify import notify
from zhibu.organizations.models import Organization

LAST_DAYS = 3


def secretaries(organization) -> list:
    return [
        grant.user
        for grant in RoleGrant.objects.filter(
            organization=organization, role__in=[Role.SECRETARY, Role.PARTY_WORKER]
        ).select_related("user")
    ]


@transaction.atomic
def send(today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    actor = CommandActor("send_reminders")
    sent = {"overdue": 0, "not_held": 0}
    late = Resolution.objects.filter(
        status=Resolution.Status.OPEN, deadline=today - datetime.timedelta(days=1)
    ).select_related("activity__organization", "owner_member__user")
    for resolution in late:
        users = secretaries(resolution.activity.organization)
        if resolution.owner_member is not None and resolution.owner_member.user_id:
            users.append(resolution.owner_member.user)
        sent["overdue"] += notify(
            users,
            f"决议已逾期：{resolution.text}（{resolution.activity.organization}）",
            reverse("activities:resolutions") + "?status=overdue",
            actor=actor,
            task=f"resolution:{resolution.pk}",
        )
    for root in Organization.objects.filter(parent__isnull=True):
        for branch, kind, period, left in digest.build(actor, root, today, limit=None).not_held:
            if left <= LAST_DAYS:
                sent["not_held"] += notify(
                    secretaries(branch),
                    f"{period.label}尚未召开{kind}，剩余{left}天",
                    reverse("activities:plan"),
                    actor=actor,
                )
    audit.record(actor=actor, event=Event.REMINDERS_SENT, extra=sent)
    return sent
