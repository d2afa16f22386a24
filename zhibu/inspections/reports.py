"""Figures of rectification for an organisation's subtree: what is open, late, escalated and closed, by organisation."""

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q

from zhibu.inspections.models import RectificationItem
from zhibu.organizations.models import Organization

S = RectificationItem.Status


def figures(items, scope: Organization, today: datetime.date) -> dict:
    """``items`` is already scoped to the user; one grouped query, folded onto the scope's children."""
    rows = (
        items.filter(organization__path__startswith=scope.path)
        .values("organization__path", "status")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=Q(status=S.OPEN, deadline__lt=today)),
            escalated=Count("id", filter=Q(escalated_to__isnull=False) & ~Q(status=S.CLOSED)),
        )
        .order_by()
    )
    children = list(scope.children.filter(status=Organization.Status.ACTIVE).order_by("sort_order", "path"))
    totals: defaultdict[Any, int] = defaultdict(int)
    per_child: defaultdict[Any, defaultdict[Any, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        owner = next((child for child in children if row["organization__path"].startswith(child.path)), scope)
        for counts in (totals, per_child[owner.pk]):
            counts[row["status"]] += row["n"]
            counts["overdue"] += row["overdue"]
            counts["escalated"] += row["escalated"]
            counts["total"] += row["n"]
    by_org = [
        {"organization": org, **_summary(per_child[org.pk])} for org in [*children, scope] if per_child.get(org.pk)
    ]
    by_org.sort(key=lambda row: (-row["overdue"], -row["open"], str(row["organization"])))
    return {"summary": _summary(totals), "by_org": by_org}


def _summary(counts) -> dict:
    total = counts["total"]
    return {
        "total": total,
        "open": counts[S.OPEN],
        "reported": counts[S.REPORTED],
        "closed": counts[S.CLOSED],
        "overdue": counts["overdue"],
        "escalated": counts["escalated"],
        "closed_rate": round(counts[S.CLOSED] * 100 / total, 1) if total else None,
    }
