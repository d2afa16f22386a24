"""The organisation page: the 四强 titles of the organisation (and, for those above, of the branches below) and the
applications under way."""

from zhibu.branding.models import CLOSED_STAGES, FourStrongApplication, Stage
from zhibu.organizations.panels import Panel


def _four_strong(request, organization):
    rows = (
        FourStrongApplication.objects.visible_to(request.user)
        .filter(organization__path__startswith=organization.path)
        .exclude(stage__in=CLOSED_STAGES)
        .select_related("organization", "reviewer")
    )
    named = [a for a in rows if a.stage == Stage.NAMED][:20]
    in_progress = sum(1 for a in rows if a.stage != Stage.NAMED)
    if not named and not in_progress:
        return None
    return {"named": named, "in_progress": in_progress}


FOUR_STRONG_PANEL = Panel("four_strong", "“四强”党支部", "branding/_four_strong_panel.html", _four_strong, order=81)
