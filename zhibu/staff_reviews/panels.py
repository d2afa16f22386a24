"""The 党务工作者考核 grades on the organisation's page: the people reviewed for their post in the organisation or
below it, from scored rounds only, each linked to their arithmetic."""

from django.urls import reverse

from zhibu.organizations.panels import RESULTS_TEMPLATE, Panel
from zhibu.staff_reviews.models import Status, Subject


def _organization_staff_grades(request, organization):
    subjects = list(
        Subject.objects.visible_to(request.user)
        .filter(organization__path__startswith=organization.path, round__status=Status.SCORED)
        .exclude(grade="")
        .select_related("round", "member", "organization")
        .order_by("-round__year", "organization__path", "pk")[:20]
    )
    if not subjects:
        return None
    rows = [
        (
            f"{s.round.year}年度 {s.member.name}（{s.organization.name}{s.role}）：{s.get_grade_display()}（{s.score}分）",
            s.get_absolute_url(),
        )
        for s in subjects
    ]
    return {"rows": rows, "more_url": reverse("staff_reviews:rounds"), "more_label": "全部考核"}


STAFF_GRADE_PANEL = Panel("staff_reviews", "党务工作者考核", RESULTS_TEMPLATE, _organization_staff_grades, order=83)
