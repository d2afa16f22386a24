"""``{% volunteer_hours member %}`` on the member's page: the members app shows it without importing this app."""

from typing import Any

from django import template

from zhibu.service.models import Registration, ServiceRecord
from zhibu.service.services import volunteer_hours as total_hours

register = template.Library()


@register.inclusion_tag("service/_member_hours.html")
def volunteer_hours(member: Any) -> dict[str, Any]:
    return {
        "hours": total_hours(member),
        "registrations": Registration.objects.filter(member=member).select_related("community"),
        "records": ServiceRecord.objects.filter(member=member).select_related("community")[:10],
    }
