from django.utils import timezone

from zhibu.committees.models import Position, Term
from zhibu.committees.services import may_approve_delay
from zhibu.committees.terms import DUE_3, DUE_6, OVERDUE, due_on, status_for
from zhibu.core.scoping import CHANGE, can
from zhibu.members.models import Member
from zhibu.organizations.models import OrganizationKind
from zhibu.organizations.panels import Panel


def current_positions(organization):
    return (
        Position.objects.filter(term__organization=organization, term__ended_on__isnull=True, ended_on__isnull=True)
        .select_related("kind", "holder")
        .order_by("kind__sort_order", "started_on")
    )


def _committee(request, organization):
    if organization.kind == OrganizationKind.GROUP:
        return None
    terms = list(Term.objects.visible_to(request.user).filter(organization=organization).order_by("-number"))
    current = next((term for term in terms if term.ended_on is None), None)
    status = status_for(due_on(current), timezone.localdate())
    positions = list(current_positions(organization)) if current else []
    holders = [p.holder_id for p in positions if p.holder_id]
    return {
        "current": current,
        "status": status,
        "delays": list(current.delays.select_related("approving_organization")) if current else [],
        "may_approve_delay": current is not None
        and status in (OVERDUE, DUE_3, DUE_6)
        and may_approve_delay(request.user, current),
        "positions": positions,
        # Every member may see who holds a post; only the records the user may open are linked.
        "linked": set(Member.objects.visible_to(request.user).filter(pk__in=holders).values_list("pk", flat=True)),
        "past_terms": [term for term in terms if term.ended_on is not None],
        "can_change": can(request.user, CHANGE, organization.path),
    }


COMMITTEE_PANEL = Panel("committee", "班子与届次", "committees/_committee_panel.html", _committee, order=20)
