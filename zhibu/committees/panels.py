from django.utils import timezone

from zhibu.committees.checks import current_positions, organization_findings
from zhibu.committees.models import Term
from zhibu.committees.terms import status_for
from zhibu.core.scoping import CHANGE, can
from zhibu.organizations.models import OrganizationKind
from zhibu.organizations.panels import Panel


def _warnings(request, organization):
    findings = organization_findings(organization, timezone.localdate())
    return {"findings": findings} if findings else None


def _committee(request, organization):
    if organization.kind == OrganizationKind.GROUP:
        return None
    terms = list(Term.objects.visible_to(request.user).filter(organization=organization).order_by("-number"))
    current = next((term for term in terms if term.ended_on is None), None)
    return {
        "current": current,
        "status": status_for(current.planned_end_on if current else None, timezone.localdate()),
        "positions": current_positions(organization) if current else [],
        "past_terms": [term for term in terms if term.ended_on is not None],
        "can_change": can(request.user, CHANGE, organization.path),
    }


WARNINGS_PANEL = Panel("org_warnings", "设置提示", "committees/_warnings_panel.html", _warnings, order=10)
COMMITTEE_PANEL = Panel("committee", "班子与届次", "committees/_committee_panel.html", _committee, order=20)
