"""The daily digest: what a branch should do next — meetings coming up, kinds not yet held this period with the
days left, minutes waiting for sign-off, resolutions past their deadline."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from zhibu.activities.models import Activity, ActivityKind, Resolution
from zhibu.committees.models import Position
from zhibu.core.periods import period_of
from zhibu.core.scoping import CHANGE
from zhibu.organizations.models import BRANCH_KINDS, Organization

DONE = (Activity.Status.HELD, Activity.Status.MINUTED, Activity.Status.SIGNED)
LISTED = 60


@dataclass
class Digest:
    upcoming: list = field(default_factory=list)
    not_held: list = field(default_factory=list)  # (organization, kind, period, days left)
    not_held_total: int = 0
    to_sign: list = field(default_factory=list)
    overdue: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.upcoming) + self.not_held_total + len(self.to_sign) + len(self.overdue)


def build(user, scope: Organization | None, today: datetime.date | None = None, limit: int | None = LISTED) -> Digest:
    today = today or timezone.localdate()
    digest = Digest()
    if scope is None:
        return digest
    activities = Activity.objects.visible_to(user, CHANGE).filter(organization__path__startswith=scope.path)
    now = timezone.now()
    digest.upcoming = list(
        activities.filter(
            status=Activity.Status.PLANNED, planned_at__gte=now, planned_at__lte=now + datetime.timedelta(days=7)
        )
        .select_related("kind", "organization")
        .order_by("planned_at")[:LISTED]
    )
    digest.to_sign = list(
        activities.filter(status=Activity.Status.MINUTED).select_related("kind", "organization", "host")[:LISTED]
    )
    digest.overdue = list(
        Resolution.objects.visible_to(user, CHANGE)
        .filter(activity__organization__path__startswith=scope.path, status=Resolution.Status.OPEN, deadline__lt=today)
        .select_related("activity", "owner_member")
        .order_by("deadline")[:LISTED]
    )
    branches = list(
        Organization.objects.visible_to(user, CHANGE).filter(
            path__startswith=scope.path, kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE, founded_on__lte=today
        )
    )
    kinds = [
        k
        for k in ActivityKind.objects.filter(for_committees=False, expected_period__in=["month", "quarter", "year"])
        if k.attendees != ActivityKind.Attendees.GROUP
    ]
    with_committee = set(
        Position.objects.filter(
            term__organization__in=branches, term__ended_on__isnull=True, ended_on__isnull=True, holder__isnull=False
        )
        .values("term__organization")
        .annotate(seats=Count("holder", distinct=True))
        .filter(seats__gte=3)
        .values_list("term__organization", flat=True)
    )
    year_start = datetime.date(today.year, 1, 1)
    held = set(
        Activity.objects.filter(organization__in=branches, status__in=DONE, held_at__date__gte=year_start).values_list(
            "organization_id", "kind_id", "held_at"
        )
    )
    held_in: dict[tuple[int, int], list[datetime.date]] = {}
    for organization_id, kind_id, held_at in held:
        held_in.setdefault((organization_id, kind_id), []).append(timezone.localtime(held_at).date())
    for branch in branches:
        for kind in kinds:
            if kind.attendees == ActivityKind.Attendees.COMMITTEE and branch.pk not in with_committee:
                continue  # a branch with fewer than 7 full members has a secretary, not a committee
            period = period_of(kind.expected_period, today)
            days = held_in.get((branch.pk, kind.pk), [])
            if not any(period.contains(day) for day in days):
                digest.not_held_total += 1
                if limit is None or len(digest.not_held) < limit:
                    digest.not_held.append((branch, kind, period, period.days_left(today)))
    digest.not_held.sort(key=lambda row: (row[3], row[0].path))
    return digest
