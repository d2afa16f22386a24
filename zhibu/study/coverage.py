"""The issuer's view of a list: per branch under the issuer (those the reader may see), which topics were taken by
which meeting (with its date) and which not yet, read from the meetings' links."""

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from zhibu.core.scoping import VIEW
from zhibu.organizations.models import BRANCH_KINDS, Organization
from zhibu.study.models import StudyLink, StudyList, StudyTopic


@dataclass
class Cell:
    topic: StudyTopic
    meetings: list[Any] = field(default_factory=list)  # (activity, local date)


@dataclass
class BranchRow:
    branch: Organization
    cells: list[Cell]

    @property
    def taken(self) -> int:
        return sum(1 for cell in self.cells if cell.meetings)


def coverage(study_list: StudyList, user: Any) -> list[BranchRow]:
    topics = list(study_list.topics.all())
    branches = (
        Organization.objects.visible_to(user, VIEW)
        .filter(
            path__startswith=study_list.organization.path,
            kind__in=BRANCH_KINDS,
            status=Organization.Status.ACTIVE,
        )
        .order_by("path")
    )
    taken: dict[tuple[int, int], list[Any]] = {}
    links = (
        StudyLink.objects.visible_to(user, VIEW)
        .filter(topic__study_list=study_list)
        .select_related("activity__kind")
        .order_by("activity__planned_at", "pk")
    )
    for link in links:
        activity = link.activity
        when = timezone.localtime(activity.held_at or activity.planned_at).date()
        taken.setdefault((activity.organization_id, link.topic_id), []).append((activity, when))
    return [
        BranchRow(branch, [Cell(topic, taken.get((branch.pk, topic.pk), [])) for topic in topics])
        for branch in branches
    ]


def coverage_rows(study_list: StudyList, user: Any) -> list[list[Any]]:
    """The export's rows: one per branch and topic, with each meeting that took it, or 尚未学习."""
    rows = []
    for row in coverage(study_list, user):
        for cell in row.cells:
            if not cell.meetings:
                rows.append([row.branch.name, cell.topic.title, "尚未学习", "", None])
            for activity, when in cell.meetings:
                rows.append([row.branch.name, cell.topic.title, "已学习", str(activity), when])
    return rows
