from django.db.models import Count, Q

from zhibu.members.choices import Category, RecordStatus
from zhibu.members.models import Member
from zhibu.organizations.panels import Panel


def member_counts(organization, user) -> dict:
    """Headcount of the organisation's subtree by category, in one aggregate query."""
    return (
        Member.objects.visible_to(user)
        .in_subtree(organization)
        .current()
        .aggregate(
            total=Count("id"),
            full=Count("id", filter=Q(category=Category.FULL)),
            probationary=Count("id", filter=Q(category=Category.PROBATIONARY)),
            lost_contact=Count("id", filter=Q(is_lost_contact=True)),
            mobile=Count("id", filter=Q(is_mobile_member=True)),
        )
    )


def _build(request, organization):
    members = Member.objects.visible_to(request.user).filter(organization=organization).current().order_by("name")[:60]
    return {"counts": member_counts(organization, request.user), "members": members}


MEMBERS_PANEL = Panel("members", "党员", "members/_panel.html", _build, order=30)


def members_still_enrolled(organization) -> str | None:
    count = Member.objects.filter(organization=organization, record_status=RecordStatus.ACTIVE).count()
    return f"仍有{count}名在册党员，请先办理组织关系转接" if count else None
