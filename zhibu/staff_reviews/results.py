"""党务工作者考核 grades fed back to the member's page and the 党员花名册 (``zhibu/members/results.py``): only a
scored round."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from zhibu.members.results import Result, ResultSource
from zhibu.staff_reviews.models import Status, Subject


def staff_grades(user: Any, action: str, members: Sequence[Any], year: int | None) -> dict[int, list[Result]]:
    rows = (
        Subject.objects.visible_to(user, action)
        .filter(member__in=members, round__status=Status.SCORED)
        .exclude(grade="")
        .select_related("round", "organization")
    )
    if year is not None:
        rows = rows.filter(round__year=year)
    found: dict[int, list[Result]] = defaultdict(list)
    for subject in rows.order_by("-round__year", "pk"):
        text = f"{subject.get_grade_display()}（{subject.organization.name}{subject.role}）"
        found[subject.member_id].append(Result(subject.round.year, "党务工作者考核", text, subject.get_absolute_url()))
    return found


STAFF_SOURCE = ResultSource("staff_reviews.grade", "考核等次", "post_reviews", staff_grades, order=40)
