"""报送负担 on a committee's page (the 工委's or 机关党委's dashboard of its subtree) and on its home page: how many
requests each branch below received this year, how many it answered, the fields typed and how many answers the
system generated, with a link to the full burden page."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from zhibu.organizations.models import COMMITTEE_KINDS, Organization
from zhibu.organizations.panels import Panel
from zhibu.reporting.burden import burden, totals

PANEL_ROWS = 10  # the branches most asked; the burden page lists them all


def burden_url(organization: Organization, year: int) -> str:
    return f"{reverse('reporting:burden')}?organization={organization.pk}&year={year}"


def burden_figures(organization: Organization, user: Any, today: datetime.date) -> dict[str, Any]:
    rows = burden(user, organization, today.year)
    busiest = sorted(rows, key=lambda row: (-row.received, row.organization.path))[:PANEL_ROWS]
    return {
        "year": today.year,
        "rows": busiest,
        "more": len(rows) - len(busiest),
        "totals": totals(rows),
        "url": burden_url(organization, today.year),
    }


def _burden_panel(request: Any, organization: Organization) -> dict[str, Any] | None:
    if organization.kind not in COMMITTEE_KINDS:
        return None
    figures = burden_figures(organization, request.user, timezone.localdate())
    return figures if figures["rows"] else None


BURDEN_PANEL = Panel("reporting_burden", "报送负担", "reporting/_burden_panel.html", _burden_panel, order=14)
