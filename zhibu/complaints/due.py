"""Where a complaint stands against its deadline on a day: overdue, and the yellow or red card once overdue past
``COMPLAINTS_YELLOW_CARD_DAYS`` / ``COMPLAINTS_RED_CARD_DAYS`` (the rule is shared with the work ledger,
``zhibu/core/cards.py``). The words are what the list's badge and the inbox show."""

import datetime

from django.conf import settings

from zhibu.complaints.models import Complaint
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
