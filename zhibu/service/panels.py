"""The 为民服务 section of a member's page, registered with the members app's section registry."""

from typing import Any

from zhibu.service.models import Registration, ServiceRecord
from zhibu.service.services import volunteer_hours


def member_service(request: Any, member: Any) -> tuple[str, str, dict[str, Any]]:
    return (
        "为民服务",
        "service/_member_hours.html",
        {
            "hours": volunteer_hours(member),
            "registrations": Registration.objects.filter(member=member).select_related("community"),
            "records": ServiceRecord.objects.filter(member=member).select_related("community")[:10],
        },
    )
