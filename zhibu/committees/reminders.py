"""换届提醒 (ELE-01, the reminder mechanism): the organisation and the one above it are told six, three and one month
before a term ends, and once a month while it is overdue. Run daily by ``send_term_reminders``; each reminder is sent
once (its notification task names the term and the stage), so a missed day is caught up the next."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhibu.accounts.models import RoleGrant
from zhibu.accounts.roles import ROLE_ACTIONS
from zhibu.committees.terms import with_current_term
from zhibu.core import audit
from zhibu.core.actors import CommandActor
from zhibu.core.audit_catalogue import Event
from zhibu.core.formatting import cn_date
from zhibu.core.models import Notification
from zhibu.core.notify import notify
from zhibu.core.scoping import CHANGE
from zhibu.members.validation import add_months
from zhibu.organizations.models import Organization, OrganizationKind

AHEAD_MONTHS = (6, 3, 1)
KEEPER_ROLES = [role for role, actions in ROLE_ACTIONS.items() if CHANGE in actions]


def stage(planned_end: datetime.date, today: datetime.date) -> str | None:
    """Which reminder is due today: "6", "3" or "1" (months ahead), "overdue-YYYY-MM" each month after, or None."""
    if planned_end < today:
        return f"overdue-{today:%Y-%m}"
    for months in sorted(AHEAD_MONTHS):
        if today >= add_months(planned_end, -months):
            return str(months)
    return None


def keepers(organization: Organization) -> list:
    """Who keeps the organisation's records, and who keeps the one above it."""
    organization_ids = [organization.pk] + ([organization.parent_id] if organization.parent_id else [])
    grants = RoleGrant.objects.filter(organization_id__in=organization_ids, role__in=KEEPER_ROLES)
    return [grant.user for grant in grants.select_related("user")]


@transaction.atomic
def send(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    actor = CommandActor("send_term_reminders")
    organizations = Organization.objects.filter(status=Organization.Status.ACTIVE).exclude(kind=OrganizationKind.GROUP)
    sent = 0
    for organization in with_current_term(organizations).filter(term_planned_end_on__isnull=False):
        planned_end = organization.term_planned_end_on
        reached = stage(planned_end, today)
        if reached is None:
            continue
        task = f"term.renew:{organization.pk}:{planned_end:%Y%m%d}:{reached}"
        if Notification.objects.filter(task=task).exists():
            continue
        if reached.startswith("overdue"):
            text = (
                f"{organization.name}第{organization.term_number}届已于{cn_date(planned_end)}届满，已超期，请尽快换届"
            )
        else:
            text = f"{organization.name}第{organization.term_number}届将于{cn_date(planned_end)}届满（还有不到{reached}个月），请做好换届准备"
        url = reverse("committees:term_create", args=[organization.pk])
        sent += notify(keepers(organization), text, url, actor=actor, task=task)
    audit.record(actor=actor, event=Event.TERM_REMINDERS_SENT, extra={"sent": sent})
    return sent
