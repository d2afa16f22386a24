"""Honours on the organisation's page (its own and, for a 党委/工委, those of the organisations below) and on the
member's page: the honour is part of their record once approved."""

from zhibu.awards.models import Honour, Nomination, Stage
from zhibu.organizations.panels import Panel


def _organization_honours(request, organization):
    honours = list(
        Honour.objects.visible_to(request.user)
        .filter(organization__path__startswith=organization.path)
        .select_related("member", "organization", "awarded_by")[:20]
    )
    in_progress = (
        Nomination.objects.visible_to(request.user)
        .filter(organization__path__startswith=organization.path)
        .exclude(stage__in=(Stage.APPROVED, Stage.REJECTED))
        .count()
    )
    if not honours and not in_progress:
        return None
    return {"honours": honours, "in_progress": in_progress}


HONOUR_PANEL = Panel("awards", "荣誉与评选", "awards/_honour_panel.html", _organization_honours, order=80)


def member_honours(request, member):
    honours = list(
        Honour.objects.visible_to(request.user).filter(member=member).select_related("awarded_by").order_by("-year")
    )
    if not honours:
        return None
    return "荣誉", "awards/_member_honours.html", {"honours": honours}
