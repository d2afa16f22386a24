"""Where a task stands against its deadline, on a given day: due soon, overdue, and the yellow or red card of an open
task overdue past the thresholds (settings ``WORKLOG_DUE_SOON_DAYS``, ``WORKLOG_YELLOW_CARD_DAYS``,
``WORKLOG_RED_CARD_DAYS``), and the monthly progress it still owes (by ``WORKLOG_PROGRESS_DUE_DAY``).

A task waiting for the issuer's review (待销号审核) or closed has done its part: no card, nothing owed."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from zhibu.core.cards import RED, YELLOW, card_for
from zhibu.core.formatting import cn_date
from zhibu.worklog.models import OPEN_STATUSES, Status, Task


@dataclass(frozen=True)
class Standing:
    days_left: int  # negative once overdue
    due_soon: bool
    overdue: bool
    card: str  # "", YELLOW or RED

    @property
    def label(self) -> str:
        if self.card == RED:
            return f"红牌：逾期{-self.days_left}天"
        if self.card == YELLOW:
            return f"黄牌：逾期{-self.days_left}天"
        if self.overdue:
            return f"已逾期{-self.days_left}天"
        if self.due_soon:
            return "今天到期" if self.days_left == 0 else f"{self.days_left}天后到期"
        return ""

    @property
    def css(self) -> str:
        if self.card:
            return self.card
        return "red" if self.overdue else ("orange" if self.due_soon else "")


NOTHING_DUE = Standing(days_left=0, due_soon=False, overdue=False, card="")


def standing(task: Task, today: datetime.date) -> Standing:
    if task.status not in OPEN_STATUSES:
        return NOTHING_DUE
    days_left = (task.deadline - today).days
    card = card_for(-days_left, settings.WORKLOG_YELLOW_CARD_DAYS, settings.WORKLOG_RED_CARD_DAYS)
    return Standing(
        days_left=days_left,
        due_soon=0 <= days_left <= settings.WORKLOG_DUE_SOON_DAYS,
        overdue=days_left < 0,
        card=card,
    )


def carded(tasks: QuerySet[Task], card: str, today: datetime.date) -> QuerySet[Task]:
    """The open tasks of ``tasks`` holding the yellow (not yet red) or the red card today, as ``standing`` judges."""
    red_by = today - datetime.timedelta(days=settings.WORKLOG_RED_CARD_DAYS)
    open_tasks = tasks.filter(status__in=OPEN_STATUSES)
    if card == RED:
        return open_tasks.filter(deadline__lte=red_by)
    yellow_by = today - datetime.timedelta(days=settings.WORKLOG_YELLOW_CARD_DAYS)
    return open_tasks.filter(deadline__lte=yellow_by, deadline__gt=red_by)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(day: datetime.date) -> datetime.date:
    return (month_start(day) - datetime.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class OwedReport:
    month: datetime.date  # the first of the month the report is for
    due: datetime.date

    @property
    def title(self) -> str:
        return f"{self.month.year}年{self.month.month}月进展，应于{cn_date(self.due)}前报送"


def owed_report(task: Task, reported_months: set[datetime.date], today: datetime.date) -> OwedReport | None:
    """Last month's report, when the task was already being worked on in that month and none was sent."""
    if task.status != Status.IN_PROGRESS or task.accepted_on is None:
        return None
    last = previous_month(today)
    if task.accepted_on >= month_start(today) or last in reported_months:
        return None
    return OwedReport(month=last, due=month_start(today).replace(day=settings.WORKLOG_PROGRESS_DUE_DAY))
