"""Term (届) arithmetic and the term status of many organisations at once (docs/rules.md ELE-01, ELE-02)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from zhibu.committees.models import Term, TermDelay
from zhibu.members.validation import add_months, add_years
from zhibu.organizations.models import COMMITTEE_KINDS


@dataclass(frozen=True)
class TermStatus:
    code: str
    label: str
    css: str
    rank: int  # for sorting: most urgent first


MAX_DELAY_YEARS = 1  # a 换届 may be put off by at most a year, with the approval of the organisation above (ELE-02)

NO_TERM = TermStatus("none", "无届次信息", "grey", 1)
OVERDUE = TermStatus("overdue", "已超期", "red", 0)
DUE_3 = TermStatus("due_3", "3个月内到期", "orange", 2)
DUE_6 = TermStatus("due_6", "6个月内到期", "blue", 3)
NORMAL = TermStatus("normal", "正常", "green", 4)
ALL_STATUSES = (OVERDUE, NO_TERM, DUE_3, DUE_6, NORMAL)


def term_years(kind: str) -> int:
    return settings.TERM_YEARS_COMMITTEE if kind in COMMITTEE_KINDS else settings.TERM_YEARS_BRANCH


def default_planned_end(kind: str, started_on: datetime.date) -> datetime.date:
    return add_years(started_on, term_years(kind))


def status_for(planned_end_on: datetime.date | None, today: datetime.date) -> TermStatus:
    if planned_end_on is None:
        return NO_TERM
    if planned_end_on < today:
        return OVERDUE
    if planned_end_on <= add_months(today, 3):
        return DUE_3
    if planned_end_on <= add_months(today, 6):
        return DUE_6
    return NORMAL


def latest_delay(term: Term) -> TermDelay | None:
    """The delay approval in force: the last one approved."""
    return term.delays.select_related("approving_organization").order_by("approved_on", "id").last()


def due_on(term: Term | None) -> datetime.date | None:
    """When the term must be renewed: its planned end, or the end of the delay approved by the organisation above."""
    if term is None:
        return None
    delay = latest_delay(term)
    return delay.delayed_to if delay is not None else term.planned_end_on


def with_current_term(organizations):
    """Annotate each organisation with its open term's number and planned end, in the same query. The planned end is
    the one in force: after an approved delay, the end it was delayed to (``term_delayed_to`` is then set too)."""
    current = Term.objects.filter(organization=OuterRef("pk"), ended_on__isnull=True)
    delay = TermDelay.objects.filter(term=OuterRef("pk")).order_by("-approved_on", "-id")
    current_delayed_to = current.annotate(delayed_to=Subquery(delay.values("delayed_to")[:1]))
    return organizations.annotate(
        term_number=Subquery(current.values("number")[:1]),
        term_started_on=Subquery(current.values("started_on")[:1]),
        term_delayed_to=Subquery(current_delayed_to.values("delayed_to")[:1]),
        term_planned_end_on=Coalesce(F("term_delayed_to"), Subquery(current.values("planned_end_on")[:1])),
    )
