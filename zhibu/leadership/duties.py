"""A leader's own duties as they stand today: the contact points they keep, whether each has had a visit this quarter
and how many this year (AGY-04), and their research days and reports of the year (AGY-05). The home page shows them
to the leader (``leader_duties``); the 待办 inbox reminds the leader, and those who keep the agency's records, in a
quarter's last month that a contact point has had no visit in it (``quarter_visits``).

A leader's rows are read as theirs (``leader__user``), like any member's own records: a leader need hold no role. The
yearly thresholds are the rules' (a 工委 may override them), handed in by the page that knows the standards."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse

from zhibu.core.formatting import cn_date
from zhibu.core.inbox import Task, TaskSource, urgency_of
from zhibu.core.periods import Period, period_of
from zhibu.core.scoping import CHANGE
from zhibu.leadership.models import ContactPoint, ContactVisit, ResearchRecord

REMINDER_DAYS = 31  # the quarter's last month: early enough to arrange a visit, late enough not to nag
DEFAULT_VISITS, DEFAULT_DAYS, DEFAULT_REPORTS = 2, 30, 1  # the catalogue's defaults (AGY-04, AGY-05)


@dataclass
class ContactDuty:
    contact: ContactPoint
    visits_this_year: int = 0
    visits_this_quarter: int = 0
    last_visit: datetime.date | None = None
    visits_short: int = 0

    @property
    def quarter_done(self) -> bool:
        return self.visits_this_quarter > 0


@dataclass
class LeaderDuties:
    year: int
    quarter: Period
    contacts: list[ContactDuty] = field(default_factory=list)
    visits_needed: int = DEFAULT_VISITS
    research_days: int = 0
    research_reports: int = 0
    days_needed: int = DEFAULT_DAYS
    reports_needed: int = DEFAULT_REPORTS

    @property
    def quarter_label(self) -> str:
        return self.quarter.label

    @property
    def days_short(self) -> int:
        return max(self.days_needed - self.research_days, 0)

    @property
    def reports_short(self) -> int:
        return max(self.reports_needed - self.research_reports, 0)

    @property
    def contacts_without_visit(self) -> list[ContactDuty]:
        return [duty for duty in self.contacts if not duty.quarter_done]


def _open_on(day: datetime.date) -> Q:
    return Q(since__lte=day) & (Q(until__isnull=True) | Q(until__gte=day))


def _duties(contacts: list[ContactPoint], today: datetime.date) -> list[ContactDuty]:
    """Each contact point with its visits of the year and of the quarter, in one query."""
    year, quarter = period_of("year", today), period_of("quarter", today)
    duties = {contact.pk: ContactDuty(contact) for contact in contacts}
    visits = ContactVisit.objects.filter(contact__in=list(duties), visited_on__range=(year.start, today))
    for contact_id, day in visits.values_list("contact_id", "visited_on"):
        duty = duties[contact_id]
        duty.visits_this_year += 1
        duty.visits_this_quarter += quarter.contains(day)
        duty.last_visit = max(duty.last_visit or day, day)
    return list(duties.values())


def leader_duties(user: Any, today: datetime.date, thresholds: Any = None) -> LeaderDuties | None:
    """The user's duties as a leader, or None when they keep no contact point and did no research this year.
    ``thresholds(organization)`` gives the agency's effective {"visits", "days", "reports"}."""
    if not getattr(user, "is_authenticated", False):
        return None
    mine = Q(leader__user=user, leader__restricted_at__isnull=True)
    contacts = list(
        ContactPoint.objects.filter(mine, _open_on(today))
        .select_related("organization", "branch")
        .order_by("since", "pk")
    )
    year = period_of("year", today)
    research = list(
        ResearchRecord.objects.filter(mine, started_on__range=(year.start, today)).select_related("organization")
    )
    if not contacts and not research:
        return None
    duties = LeaderDuties(year=today.year, quarter=period_of("quarter", today), contacts=_duties(contacts, today))
    duties.research_days = sum(record.days for record in research)
    duties.research_reports = sum(1 for record in research if record.report_title)
    agency = contacts[0].organization if contacts else research[0].organization
    if thresholds is not None:
        wanted = thresholds(agency)
        duties.visits_needed = int(wanted.get("visits", DEFAULT_VISITS))
        duties.days_needed = int(wanted.get("days", DEFAULT_DAYS))
        duties.reports_needed = int(wanted.get("reports", DEFAULT_REPORTS))
    for duty in duties.contacts:
        duty.visits_short = max(duties.visits_needed - duty.visits_this_year, 0)
    return duties


def _quarter_ending(today: datetime.date) -> Period | None:
    quarter = period_of("quarter", today)
    return quarter if quarter.days_left(today) <= REMINDER_DAYS else None


def quarter_visits(user: Any, scope: Any, today: datetime.date) -> list[Task]:
    """In a quarter's last month, each open contact point without a visit in the quarter: the leader's own task (to
    go there) and the keepers' (to arrange and record it). Done when the visit is recorded."""
    quarter = _quarter_ending(today)
    if quarter is None or not getattr(user, "is_authenticated", False):
        return []
    kept = ContactPoint.objects.visible_to(user, CHANGE).filter(_open_on(today))
    if scope is not None:
        kept = kept.filter(Q(organization__path__startswith=scope.path) | Q(branch__path__startswith=scope.path))
    own = ContactPoint.objects.filter(_open_on(today), leader__user=user, leader__restricted_at__isnull=True)
    candidates = (kept | own).distinct().exclude(visits__visited_on__range=(quarter.start, quarter.end))
    candidates = candidates.select_related("organization", "branch", "leader").order_by("organization__path", "pk")
    tasks: list[Task] = []
    urgency = urgency_of(quarter.end, today)
    for contact in candidates:
        personal = contact.leader.user_id == user.pk
        if personal:
            title = f"本季度尚未到党建联系点{contact.branch.name}（{cn_date(quarter.end)}前）"
            url, action = reverse("leadership:contact_detail", args=[contact.pk]), "查看联系点"
        else:
            title = f"{contact.leader.name}本季度尚未到联系点{contact.branch.name}（{cn_date(quarter.end)}前）"
            url, action = reverse("leadership:visit_create", args=[contact.pk]), "登记联系点活动"
        tasks.append(Task(SOURCE_KEY, title, contact.organization, url, action, quarter.end, urgency, personal))
    return tasks


SOURCE_KEY = "leadership.quarter_visits"
SOURCES = [TaskSource(SOURCE_KEY, "本季度尚未到党建联系点", quarter_visits, order=88)]
