from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from zhibu.organizations.models import Organization
from zhibu.organizations.panels import Panel
from zhibu.standards.catalogue import by_id
from zhibu.standards.models import Verdict, VerdictStatus

ATTENTION = (VerdictStatus.MISSED, VerdictStatus.IN_PROGRESS)


def _standards(request: HttpRequest, organization: Organization) -> dict[str, Any] | None:
    """What needs attention now: today's state and the latest period of each rule, not the whole year."""
    today = timezone.localdate()
    verdicts = Verdict.objects.visible_to(request.user).filter(organization=organization)
    current = verdicts.filter(period_start__lte=today, period_end__gte=today) | verdicts.filter(period_key="now")
    recent_missed = verdicts.filter(status=VerdictStatus.MISSED, period_end__lt=today, period_end__year=today.year)
    rules = by_id()
    items = [
        (verdict, rules.get(verdict.rule_id))
        for verdict in (current.filter(status__in=ATTENTION) | recent_missed).order_by(
            "status", "rule_id", "-period_start"
        )
    ]
    if not verdicts.exists():
        return None
    return {"items": items[:30], "more": max(len(items) - 30, 0), "year": today.year}


STANDARDS_PANEL = Panel("standards", "标准体系检查", "standards/_panel.html", _standards, order=10)
