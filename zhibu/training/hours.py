"""A person's 学时 for a year, added up from the records (never typed): meetings attended (the kind's hours from
``KindHours``, and a 补学 of one they missed), training-class sessions attended, and external trainings. The EDU rules,
the person's page, the member's phone page and the 学时台账 all read this one function."""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from zhibu.activities.models import Activity, Attendance, MakeUp
from zhibu.committees.models import Position
from zhibu.training.models import ExternalTraining, KindHours, SessionAttendance

HELD = (Activity.Status.HELD, Activity.Status.MINUTED, Activity.Status.SIGNED)
MEMBER_HOURS = Decimal(32)  # EDU-01's default; the rule's threshold (a 工委 may override it) is what is judged
COMMITTEE_HOURS = Decimal(56)  # EDU-02's default


class Source:
    MEETING = "组织生活"
    MAKEUP = "补学"
    CLASS = "培训班"
    EXTERNAL = "外部培训"
    THEORY_GROUP = "中心组学习"  # recorded by the study app, which registers its collector below
    ALL = (MEETING, MAKEUP, CLASS, EXTERNAL, THEORY_GROUP)


@dataclass(frozen=True)
class Entry:
    source: str
    label: str
    day: datetime.date
    hours: Decimal
    concentrated: bool = False
    course: str = ""  # the class or external training it belongs to: a concentrated one counts once


@dataclass
class Hours:
    member_id: int
    entries: list[Entry] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((entry.hours for entry in self.entries), Decimal(0))

    @property
    def concentrated(self) -> int:
        """Concentrated trainings taken: each class or external training counted once, however many sessions."""
        return len({entry.course for entry in self.entries if entry.concentrated})

    def by_source(self) -> dict[str, Decimal]:
        sums: dict[str, Decimal] = defaultdict(Decimal)
        for entry in self.entries:
            sums[entry.source] += entry.hours
        return dict(sums)

    def short_of(self, needed: Decimal) -> Decimal:
        return max(Decimal(0), needed - self.total)


# (member ids, first day, last day) -> (member id, entry) pairs: hours recorded by an app above this one.
Collector = Callable[[list[int], datetime.date, datetime.date], Iterable[tuple[int, "Entry"]]]
_collectors: list[Collector] = []


def register_hours_source(collect: Collector) -> None:
    """An app above training whose records count as 学时 (the study app's 理论学习中心组) adds them here, so the EDU
    rules, the person's page and the 学时台账 read them through ``hours_for`` like every other source."""
    if collect not in _collectors:
        _collectors.append(collect)


def _local(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _span(
    year: int, until: datetime.date | None
) -> tuple[datetime.date, datetime.date, datetime.datetime, datetime.datetime]:
    """The year's first and last counted day (up to ``until``), and the local moments bounding meetings held in it."""
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), until) if until else datetime.date(year, 12, 31)
    zone = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    finish = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end, begin, finish


def hours_for(member_ids: Iterable[int], year: int, until: datetime.date | None = None) -> dict[int, Hours]:
    """member id → their hours of ``year`` (up to ``until`` when given), in four queries (and one per registered
    source) whatever the number."""
    ids = list(member_ids)
    found = {pk: Hours(pk) for pk in ids}
    start, end, begin, finish = _span(year, until)
    worth = dict(KindHours.objects.values_list("kind_id", "hours"))
    present = Attendance.objects.filter(
        member_id__in=ids,
        status=Attendance.Status.PRESENT,
        activity__status__in=HELD,
        activity__held_at__gte=begin,
        activity__held_at__lt=finish,
    ).values_list("member_id", "activity__kind_id", "activity__kind__name", "activity__title", "activity__held_at")
    for member_id, kind_id, kind_name, title, held_at in present:
        if worth.get(kind_id):
            found[member_id].entries.append(
                Entry(Source.MEETING, f"{kind_name}：{title}", _local(held_at), worth[kind_id])
            )
    makeups = MakeUp.objects.filter(attendance__member_id__in=ids, done_on__gte=start, done_on__lte=end).values_list(
        "attendance__member_id", "attendance__activity__kind_id", "attendance__activity__title", "done_on"
    )
    for member_id, kind_id, title, done_on in makeups:
        if worth.get(kind_id):
            found[member_id].entries.append(Entry(Source.MAKEUP, f"补学：{title}", done_on, worth[kind_id]))
    sessions = SessionAttendance.objects.filter(
        member_id__in=ids, session__held_on__gte=start, session__held_on__lte=end
    ).values_list(
        "member_id",
        "session__training_class__name",
        "session__topic",
        "session__held_on",
        "session__hours",
        "session__training_class__concentrated",
        "session__training_class_id",
    )
    for member_id, class_name, topic, held_on, hours, concentrated, class_id in sessions:
        found[member_id].entries.append(
            Entry(Source.CLASS, f"{class_name}：{topic}", held_on, hours, concentrated, f"class:{class_id}")
        )
    external = ExternalTraining.objects.filter(member_id__in=ids, ended_on__gte=start, ended_on__lte=end).values_list(
        "member_id", "title", "organizer", "ended_on", "hours", "concentrated", "pk"
    )
    for member_id, title, organizer, ended_on, hours, concentrated, pk in external:
        found[member_id].entries.append(
            Entry(Source.EXTERNAL, f"{title}（{organizer}）", ended_on, hours, concentrated, f"external:{pk}")
        )
    for collect in _collectors:
        for member_id, entry in collect(ids, start, end):
            found[member_id].entries.append(entry)
    for hours_of in found.values():
        hours_of.entries.sort(key=lambda entry: (entry.day, entry.label))
    return found


@dataclass
class Totals:
    """A person's year in figures only — what the EDU rules judge — without the entries behind it."""

    member_id: int
    total: Decimal = Decimal(0)
    courses: set[str] = field(default_factory=set)

    @property
    def concentrated(self) -> int:
        return len(self.courses)


def totals_for(member_ids: Iterable[int], year: int, until: datetime.date | None = None) -> dict[int, Totals]:
    """member id → their total hours and concentrated trainings of ``year``, as ``hours_for`` counts them, summed by
    the database: judging a province reads a few rows a person instead of every meeting they attended."""
    ids = list(member_ids)
    found = {pk: Totals(pk) for pk in ids}
    start, end, begin, finish = _span(year, until)
    worth = dict(KindHours.objects.values_list("kind_id", "hours"))
    present = (
        Attendance.objects.filter(
            member_id__in=ids,
            status=Attendance.Status.PRESENT,
            activity__status__in=HELD,
            activity__held_at__gte=begin,
            activity__held_at__lt=finish,
        )
        .order_by()
        .values_list("member_id", "activity__kind_id")
        .annotate(times=Count("pk"))
    )
    makeups = (
        MakeUp.objects.filter(attendance__member_id__in=ids, done_on__gte=start, done_on__lte=end)
        .order_by()
        .values_list("attendance__member_id", "attendance__activity__kind_id")
        .annotate(times=Count("pk"))
    )
    for rows in (present, makeups):
        for member_id, kind_id, times in rows:
            if worth.get(kind_id):
                found[member_id].total += worth[kind_id] * times
    sessions = SessionAttendance.objects.filter(
        member_id__in=ids, session__held_on__gte=start, session__held_on__lte=end
    )
    for member_id, hours in sessions.order_by().values_list("member_id").annotate(hours=Sum("session__hours")):
        found[member_id].total += hours
    for member_id, class_id in (
        sessions.filter(session__training_class__concentrated=True)
        .order_by()
        .values_list("member_id", "session__training_class_id")
        .distinct()
    ):
        found[member_id].courses.add(f"class:{class_id}")
    external = ExternalTraining.objects.filter(member_id__in=ids, ended_on__gte=start, ended_on__lte=end)
    for member_id, hours in external.order_by().values_list("member_id").annotate(hours=Sum("hours")):
        found[member_id].total += hours
    for member_id, pk in external.filter(concentrated=True).values_list("member_id", "pk"):
        found[member_id].courses.add(f"external:{pk}")
    for collect in _collectors:
        for member_id, entry in collect(ids, start, end):
            found[member_id].total += entry.hours
            if entry.concentrated:
                found[member_id].courses.add(entry.course)
    return found


def committee_ids(member_ids: Iterable[int], year: int) -> set[int]:
    """Who sat on a committee some time in the year: they need 56 hours and a concentrated training (EDU-02)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return set(
        Position.objects.filter(holder_id__in=list(member_ids), started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values_list("holder_id", flat=True)
    )


def fmt(hours: Decimal) -> str:
    """12.0 → "12", 1.5 → "1.5": hours as people write them."""
    text = f"{hours.normalize():f}"
    return text
