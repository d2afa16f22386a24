"""The 述职评议 grades on the organisation's page: its own secretary's grade for each year, and for a 党委/工委 the
grades of the organisations that reported to it."""

from zhibu.organizations.panels import Panel
from zhibu.secretary_reviews.models import Report


def _organization_grades(request, organization):
    reports = list(
        Report.objects.visible_to(request.user)
        .filter(organization__path__startswith=organization.path)
        .exclude(grade="")
        .select_related("round", "organization")
        .order_by("-round__year", "organization__path")[:20]
    )
    if not reports:
        return None
    return {"reports": reports}


GRADE_PANEL = Panel(
    "secretary_reviews", "书记述职评议", "secretary_reviews/_grade_panel.html", _organization_grades, order=81
)
