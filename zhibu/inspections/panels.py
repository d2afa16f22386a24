from django.utils import timezone

from zhibu.inspections.models import RectificationItem
from zhibu.organizations.panels import Panel


def _rectification(request, organization):
    """Open rectification items of this organisation and below, and those escalated to it."""
    items = RectificationItem.objects.visible_to(request.user).exclude(status=RectificationItem.Status.CLOSED)
    mine = items.filter(organization__path__startswith=organization.path) | items.filter(escalated_to=organization)
    rows = list(mine.select_related("organization", "owner", "escalated_to").order_by("deadline")[:20])
    if not rows:
        return None
    today = timezone.localdate()
    return {"items": rows, "today": today, "overdue": sum(1 for item in rows if item.is_overdue(today))}


RECTIFICATION_PANEL = Panel("rectification", "督查整改", "inspections/_panel.html", _rectification, order=12)
