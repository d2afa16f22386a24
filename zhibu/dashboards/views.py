from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from zhibu.committees.terms import DUE_3, DUE_6, OVERDUE, status_for, with_current_term
from zhibu.core.generic import organization_in_scope
from zhibu.core.routes import collection
from zhibu.core.scoping import VIEW
from zhibu.inbox.services import collect
from zhibu.leadership.duties import leader_duties
from zhibu.members.models import Transfer
from zhibu.members.panels import member_counts
from zhibu.mine.services import member_summary
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind
from zhibu.reporting.panels import burden_figures
from zhibu.standards.catalogue import by_id
from zhibu.standards.engine import parameters_for
from zhibu.worklog.panels import card_counts

HOME_TASKS = 8


def duty_thresholds(agency):
    """AGY-04's visits and AGY-05's days and reports for the agency, as the standards engine applies them."""
    rules = by_id()
    visits = parameters_for(rules["AGY-04"], agency)
    research = parameters_for(rules["AGY-05"], agency)
    return {
        "visits": visits.get("at_least", 2),
        "days": research.get("days", 30),
        "reports": research.get("reports", 1),
    }


@login_required
@collection(Organization)
def home(request):
    """The work bench: the person's 待办 first (each with its button), then the few figures that matter for the role,
    every count a link."""
    scope = organization_in_scope(request)
    today = timezone.localdate()
    inbox = collect(request.user, scope, today)
    context = {"today": today, "inbox": inbox, "home_tasks": inbox.tasks[:HOME_TASKS]}
    oversees = scope is not None and bool(request.user.scope_paths(VIEW)[0])  # an ordinary member oversees nothing
    if oversees:
        organizations = Organization.objects.visible_to(request.user).filter(
            path__startswith=scope.path, status=Organization.Status.ACTIVE
        )
        statuses = [
            status_for(org.term_planned_end_on, today)
            for org in with_current_term(organizations.exclude(kind=OrganizationKind.GROUP))
        ]
        context.update(
            scope=scope,
            organization_count=organizations.count(),
            branch_count=organizations.filter(kind__in=BRANCH_KINDS).count(),
            counts=member_counts(scope, request.user),
            terms_overdue=sum(1 for status in statuses if status == OVERDUE),
            terms_due=sum(1 for status in statuses if status in (DUE_3, DUE_6)),
            worklog_cards=card_counts(scope, request.user, today),
            reporting_burden=burden_figures(scope, request.user, today),
            pending_transfers=Transfer.objects.visible_to(request.user).filter(status=Transfer.Status.PENDING).count(),
        )
    context["mine"] = member_summary(request.user)
    context["duties"] = leader_duties(request.user, today, duty_thresholds)
    return render(request, "dashboards/home.html", context)
