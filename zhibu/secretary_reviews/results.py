"""述职评议 grades fed back to the secretary's member page and the 党员花名册 (``zhibu/members/results.py``): only a
round that is graded or closed. A report names its secretary as typed, not as a member record, so the grade goes to
the member of that name on the roll of the reporting organisation or below it."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from zhibu.members.results import Result, ResultSource
from zhibu.secretary_reviews.models import Report, Status

FINISHED = (Status.GRADED, Status.CLOSED)


def secretary_grades(user: Any, action: str, members: Sequence[Any], year: int | None) -> dict[int, list[Result]]:
    by_name: dict[str, list[Any]] = defaultdict(list)
    for member in members:
        by_name[member.name].append(member)
    rows = (
        Report.objects.visible_to(user, action)
        .filter(secretary__in=list(by_name), round__status__in=FINISHED)
        .exclude(grade="")
        .select_related("round", "organization")
    )
    if year is not None:
        rows = rows.filter(round__year=year)
    found: dict[int, list[Result]] = defaultdict(list)
    for report in rows.order_by("-round__year", "pk"):
        for member in by_name[report.secretary]:
            if member.organization.path.startswith(report.organization.path):
                text = f"{report.get_grade_display()}（{report.organization.name}书记）"
                found[member.pk].append(Result(report.round.year, "述职评议", text, report.get_absolute_url()))
    return found


SECRETARY_SOURCE = ResultSource("secretary_reviews.grade", "考核等次", "post_reviews", secretary_grades, order=30)
