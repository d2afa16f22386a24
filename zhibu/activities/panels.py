from django.utils import timezone

from zhibu.activities.models import Activity, Resolution
from zhibu.organizations.models import OrganizationKind
from zhibu.organizations.panels import Panel


def _life(request, organization):
    if organization.kind == OrganizationKind.GROUP and not Activity.objects.filter(organization=organization).exists():
        return None
    today = timezone.localdate()
    recent = Activity.objects.visible_to(request.user).filter(organization=organization).select_related("kind")[:8]
    resolutions = (
        Resolution.objects.visible_to(request.user)
        .filter(activity__organization=organization, status=Resolution.Status.OPEN)
        .select_related("owner_member")
    )
    return {
        "recent": recent,
        "open": resolutions[:20],
        "overdue": [r for r in resolutions if r.is_overdue(today)],
        "today": today,
    }


LIFE_PANEL = Panel("organisation_life", "组织生活", "activities/_panel.html", _life, order=25)
