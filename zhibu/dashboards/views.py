from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from zhibu.activities import digest
from zhibu.committees.terms import DUE_3, DUE_6, OVERDUE, status_for, with_current_term
from zhibu.core.generic import organization_in_scope
from zhibu.core.masking import mask_id_number, mask_phone
from zhibu.core.routes import collection
from zhibu.core.scoping import CHANGE
from zhibu.members.models import Member, Transfer
from zhibu.members.panels import member_counts
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind


@login_required
@collection(Organization)
def home(request):
    """The work bench: what is in scope and what needs attention today."""
    scope = organization_in_scope(request)
    today = timezone.localdate()
    context = {"today": today}
    if scope is not None:
        organizations = Organization.objects.visible_to(request.user).filter(
            path__startswith=scope.path, status=Organization.Status.ACTIVE
        )
        term_rows = [
            (org, status_for(org.term_planned_end_on, today))
            for org in with_current_term(organizations.exclude(kind=OrganizationKind.GROUP))
        ]
        statuses = [status for _, status in term_rows]
        urgent = sorted(
            (row for row in term_rows if row[1] in (OVERDUE, DUE_3, DUE_6)),
            key=lambda row: (row[1].rank, row[0].term_planned_end_on),
        )
        context.update(
            urgent_terms=urgent[:8],
            incoming_transfers=Transfer.objects.visible_to(request.user, CHANGE)
            .filter(status=Transfer.Status.PENDING, to_organization__path__startswith=scope.path)
            .select_related("member", "from_organization")[:8],
            scope=scope,
            organization_count=organizations.count(),
            branch_count=organizations.filter(kind__in=BRANCH_KINDS).count(),
            counts=member_counts(scope, request.user),
            terms_overdue=sum(1 for status in statuses if status == OVERDUE),
            terms_due=sum(1 for status in statuses if status in (DUE_3, DUE_6)),
            pending_transfers=Transfer.objects.visible_to(request.user).filter(status=Transfer.Status.PENDING).count(),
        )
        context["digest_count"] = digest.build(request.user, scope, today).count
    own = Member.objects.filter(user=request.user).select_related("organization").first()
    if own is not None:
        context["own"] = own
        context["own_masked"] = {"id_number": mask_id_number(own.id_number), "mobile": mask_phone(own.mobile)}
    return render(request, "dashboards/home.html", context)
