"""Terms due for 换届: an organisation whose term ends within six months, is overdue, or was never recorded. The task is
in the inbox of whoever keeps the organisation or the one above it, until the new term is recorded."""

import datetime

from django.urls import reverse

from zhibu.committees.terms import DUE_3, DUE_6, NO_TERM, OVERDUE, status_for, with_current_term
from zhibu.core.formatting import cn_date
from zhibu.core.inbox import Task, TaskSource, Urgency
from zhibu.core.scoping import CHANGE
from zhibu.organizations.models import Organization, OrganizationKind

URGENCY = {OVERDUE.code: Urgency.OVERDUE, DUE_3.code: Urgency.DUE_SOON, DUE_6.code: Urgency.OPEN}


def terms_to_renew(user, scope, today: datetime.date):
    organizations = (
        Organization.objects.visible_to(user, CHANGE)
        .filter(status=Organization.Status.ACTIVE)
        .exclude(kind=OrganizationKind.GROUP)
    )
    if scope is not None:
        organizations = organizations.filter(path__startswith=scope.path)
    tasks = []
    for organization in with_current_term(organizations):
        status = status_for(organization.term_planned_end_on, today)
        if status not in (OVERDUE, DUE_3, DUE_6, NO_TERM):
            continue
        if status == NO_TERM:
            title, urgency = "尚未登记届次，请补录当前一届", Urgency.OPEN
        else:
            title = f"第{organization.term_number}届{status.label}（{cn_date(organization.term_planned_end_on)}届满），请按期换届"
            urgency = URGENCY[status.code]
        tasks.append(
            Task(
                source="term.renew",
                title=title,
                organization=organization,
                url=reverse("committees:term_create", args=[organization.pk]),
                action="登记换届" if status != NO_TERM else "登记届次",
                due=organization.term_planned_end_on,
                urgency=urgency,
            )
        )
    return tasks


SOURCES = (TaskSource("term.renew", "应换届的组织", terms_to_renew, order=50),)
