"""Where a complaint stands against its deadline on a day: overdue, and the yellow or red card once overdue past
``COMPLAINTS_YELLOW_CARD_DAYS`` / ``COMPLAINTS_RED_CARD_DAYS`` (the rule is shared with the work ledger,
``zhibu/core/cards.py``). The words are what the list's badge and the inbox show. Also when a closed complaint is
owed its return visit (回访)."""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from zhibu.complaints.models import Complaint, ComplaintStep, ReturnVisit, Status, StepKind
from zhibu.core.cards import card_for, card_label


def card(complaint: Complaint, today: datetime.date) -> str:
    if not complaint.is_overdue(today):
        return ""
    return card_for(
        (today - complaint.due_on).days, settings.COMPLAINTS_YELLOW_CARD_DAYS, settings.COMPLAINTS_RED_CARD_DAYS
    )


def label(complaint: Complaint, today: datetime.date) -> str:
    """红牌：逾期8天 / 黄牌：逾期3天 / 超期1天 / "" (not overdue, or 办结)."""
    if not complaint.is_overdue(today):
        return ""
    return card_label(card(complaint, today), (today - complaint.due_on).days)


# 回访 ------------------------------------------------------------------------------------------------------------------


def awaiting_visit(complaints: QuerySet[Complaint]) -> Any:  # annotated with closed_on, which mypy cannot follow
    """The closed complaints with a contact whose current handling round has no return visit yet, each with
    ``closed_on`` (the 办结 of that round) annotated."""
    closing = ComplaintStep.objects.filter(complaint=OuterRef("pk"), round=OuterRef("round"), kind=StepKind.CLOSE)
    visited = ReturnVisit.objects.filter(complaint=OuterRef("pk"), round=OuterRef("round"))
    return (
        complaints.filter(status=Status.CLOSED)
        .exclude(contact="")
        .exclude(Exists(visited))
        .annotate(closed_on=Subquery(closing.values("happened_on")[:1]))
    )


def visit_owed_on(complaint: Complaint, closed_on: datetime.date) -> datetime.date:
    """The day a return visit falls owed: the day the citizen rated this 办结, or the wait days after it unrated."""
    waited = closed_on + datetime.timedelta(days=settings.COMPLAINTS_RETURN_VISIT_WAIT_DAYS)
    rated = complaint.rated_on
    return rated if rated is not None and closed_on <= rated < waited else waited


def visit_due_by(owed_on: datetime.date) -> datetime.date:
    return owed_on + datetime.timedelta(days=settings.COMPLAINTS_RETURN_VISIT_WITHIN_DAYS)
