"""民主评议 grades fed back to the member's page and the 党员花名册 (``zhibu/members/results.py``), and counted per
branch and year on the organisation's page: a grade is final once recorded, so every recorded one counts."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from zhibu.activities.models import Appraisal
from zhibu.members.results import Result, ResultSource
from zhibu.organizations.panels import RESULTS_TEMPLATE, Panel


def appraisal_grades(user: Any, action: str, members: Sequence[Any], year: int | None) -> dict[int, list[Result]]:
    rows = Appraisal.objects.visible_to(user, action).filter(member__in=members)
    if year is not None:
        rows = rows.filter(year=year)
    found: dict[int, list[Result]] = defaultdict(list)
    page = reverse("activities:appraisals")
    for appraisal in rows.order_by("-year", "pk"):
        query = urlencode({"organization": appraisal.organization_id, "year": appraisal.year})
        found[appraisal.member_id].append(
            Result(appraisal.year, "民主评议", appraisal.get_grade_display(), f"{page}?{query}")
        )
    return found


APPRAISAL_SOURCE = ResultSource("activities.appraisal", "年度民主评议等次", "appraisal", appraisal_grades, order=10)


def _organization_appraisals(request, organization):
    """Per branch and year (newest first, the latest 20): how many members were rated at each grade."""
    counted = (
        Appraisal.objects.visible_to(request.user)
        .filter(organization__path__startswith=organization.path)
        .values("year", "organization_id", "organization__name", "grade")
        .annotate(count=Count("pk"))
        .order_by("-year", "organization__path")
    )
    grades = dict(Appraisal.Grade.choices)
    order = list(grades)
    lines: dict[tuple[int, int], tuple[str, dict[str, int]]] = {}
    for row in counted:
        key = (row["year"], row["organization_id"])
        lines.setdefault(key, (row["organization__name"], {}))[1][row["grade"]] = row["count"]
    if not lines:
        return None
    page = reverse("activities:appraisals")
    rows = []
    for (year, organization_id), (name, counts) in list(lines.items())[:20]:
        told = "、".join(f"{grades[grade]}{counts[grade]}人" for grade in order if grade in counts)
        rows.append(
            (f"{year}年度 {name}：{told}", f"{page}?{urlencode({'organization': organization_id, 'year': year})}")
        )
    return {"rows": rows, "more_url": f"{page}?organization={organization.pk}", "more_label": "民主评议"}


APPRAISAL_PANEL = Panel("appraisals", "民主评议党员结果", RESULTS_TEMPLATE, _organization_appraisals, order=79)
