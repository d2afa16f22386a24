"""What meetings ask of a person: a meeting of this period still to plan, one to hold, attendance or minutes to record,
minutes to sign, and resolutions to carry out. Each task links to the form that does it."""

import datetime
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from zhibu.activities import digest
from zhibu.activities.models import Activity, Attendance, Resolution
from zhibu.core.inbox import Task, TaskSource, Urgency, urgency_of
from zhibu.core.scoping import CHANGE, can
from zhibu.workdays.calendar import WorkingCalendar

RECORD_WITHIN_DAYS = 7  # attendance and minutes are expected within a week of the meeting


def _in_scope(queryset, scope, path_field="organization__path"):
    return queryset if scope is None else queryset.filter(**{f"{path_field}__startswith": scope.path})


def _step_url(activity: Activity, step: str) -> str:
    return f"{reverse('activities:detail', args=[activity.pk])}#{step}"


def meetings_to_plan(user, scope, today: datetime.date):
    """Each kind a branch must hold this period (month, quarter, year) that is neither held nor planned in it yet."""
    if scope is None:
        return []
    found = digest.build(user, scope, today, limit=None)
    if not found.not_held:
        return []
    planned = set(
        _in_scope(Activity.objects.visible_to(user, CHANGE), scope)
        .filter(status=Activity.Status.PLANNED, planned_at__date__gte=min(p.start for _, _, p, _ in found.not_held))
        .values_list("organization_id", "kind_id", "planned_at")
    )
    planned_in: dict[tuple[int, int], list[datetime.date]] = {}
    for organization_id, kind_id, planned_at in planned:
        planned_in.setdefault((organization_id, kind_id), []).append(timezone.localtime(planned_at).date())
    tasks = []
    for branch, kind, period, _days_left in found.not_held:
        if any(period.contains(day) for day in planned_in.get((branch.pk, kind.pk), [])):
            continue
        query = urlencode({"organization": branch.pk, "kind": kind.pk})
        tasks.append(
            Task(
                source="meeting.plan",
                title=f"{period.label}{kind.name}尚未召开",
                organization=branch,
                url=f"{reverse('activities:plan')}?{query}",
                action="安排会议",
                due=period.end,
                urgency=urgency_of(period.end, today, soon_days=10),
            )
        )
    return tasks


def meetings_to_hold(user, scope, today: datetime.date):
    """Planned meetings of the coming week, and those whose time has passed without being recorded as held."""
    soon = timezone.now() + datetime.timedelta(days=7)
    activities = (
        _in_scope(Activity.objects.visible_to(user, CHANGE), scope)
        .filter(status=Activity.Status.PLANNED, planned_at__lte=soon)
        .select_related("kind", "organization")
    )
    tasks = []
    for activity in activities:
        day = timezone.localtime(activity.planned_at).date()
        passed = day < today
        tasks.append(
            Task(
                source="meeting.hold",
                title=f"{activity}" + ("（时间已过，请登记召开或取消）" if passed else ""),
                organization=activity.organization,
                url=_step_url(activity, "held"),
                action="登记召开" if day <= today else "查看会议",
                due=day,
                urgency=Urgency.OVERDUE if passed else urgency_of(day, today, soon_days=3),
            )
        )
    return tasks


def _held_tasks(activities, today, *, source, suffix, step, action):
    tasks, calendar = [], WorkingCalendar.lenient()
    for activity in activities.select_related("kind", "organization"):
        held_on = timezone.localtime(activity.held_at).date() if activity.held_at else today
        due = calendar.deadline(held_on + datetime.timedelta(days=RECORD_WITHIN_DAYS))
        tasks.append(
            Task(
                source=source,
                title=f"{activity}：{suffix}",
                organization=activity.organization,
                url=_step_url(activity, step),
                action=action,
                due=due,
                urgency=urgency_of(due, today, soon_days=3),
            )
        )
    return tasks


def _held(user, scope):
    unrecorded = Attendance.objects.filter(activity=OuterRef("pk"), status=Attendance.Status.UNRECORDED)
    return (
        _in_scope(Activity.objects.visible_to(user, CHANGE), scope)
        .filter(status=Activity.Status.HELD)
        .annotate(attendance_open=Exists(unrecorded))
    )


def attendance_to_record(user, scope, today: datetime.date):
    """Held meetings with someone's attendance still unrecorded."""
    activities = _held(user, scope).filter(attendance_open=True)
    return _held_tasks(
        activities, today, source="meeting.attendance", suffix="考勤未录完", step="attendance", action="录入考勤"
    )


def minutes_to_write(user, scope, today: datetime.date):
    """Held meetings whose attendance is recorded and whose minutes are not written yet."""
    activities = _held(user, scope).filter(attendance_open=False)
    return _held_tasks(
        activities, today, source="meeting.minutes", suffix="会议记录待整理", step="minutes", action="填写记录"
    )


def minutes_to_sign(user, scope, today: datetime.date):
    """Minutes waiting for this person's signature: the host signs; where the host has no account, an officer does."""
    own = Q(host__user=user)
    no_signer = Q(host__isnull=True) | Q(host__user__isnull=True)
    activities = (
        Activity.objects.visible_to(user)
        .filter(status=Activity.Status.MINUTED)
        .filter(own | (no_signer & Q(pk__in=Activity.objects.visible_to(user, CHANGE).values("pk"))))
        .select_related("kind", "organization")
    )
    tasks, calendar = [], WorkingCalendar.lenient()
    for activity in _in_scope(activities, scope):
        held_on = timezone.localtime(activity.held_at).date() if activity.held_at else today
        due = calendar.deadline(held_on + datetime.timedelta(days=RECORD_WITHIN_DAYS * 2))
        tasks.append(
            Task(
                source="meeting.sign",
                title=f"{activity}：会议记录待签发",
                organization=activity.organization,
                url=_step_url(activity, "sign"),
                action="去签发",
                due=due,
                urgency=urgency_of(due, today, soon_days=3),
                personal=activity.host is not None and activity.host.user_id == user.pk,
            )
        )
    return tasks


def resolutions_to_carry_out(user, scope, today: datetime.date):
    """Open resolutions the person owns, and those overdue in the organisations whose records they keep."""
    mine = Resolution.objects.visible_to(user).filter(status=Resolution.Status.OPEN, owner_member__user=user)
    kept = _in_scope(
        Resolution.objects.visible_to(user, CHANGE).filter(status=Resolution.Status.OPEN, deadline__lt=today),
        scope,
        "activity__organization__path",
    )
    resolutions = (mine | kept).distinct().select_related("activity__organization", "owner_member")
    tasks = []
    for resolution in resolutions:
        organization = resolution.activity.organization
        if can(user, CHANGE, organization.path):
            url, action = reverse("activities:resolution_complete", args=[resolution.pk]), "登记落实"
        else:  # the owner carries it out; the branch records it done
            url, action = _step_url(resolution.activity, "resolutions"), "查看决议"
        tasks.append(
            Task(
                source="resolution",
                title=f"决议：{resolution.text[:40]}（{resolution.owner_member or resolution.owner_organization}负责）",
                organization=organization,
                url=url,
                action=action,
                due=resolution.deadline,
                urgency=urgency_of(resolution.deadline, today),
                personal=resolution.owner_member is not None and resolution.owner_member.user_id == user.pk,
            )
        )
    return tasks


SOURCES = (
    TaskSource("meeting.plan", "本期应召开的会议", meetings_to_plan, order=10),
    TaskSource("meeting.hold", "待召开的会议", meetings_to_hold, order=11),
    TaskSource("meeting.attendance", "待录入考勤", attendance_to_record, order=12),
    TaskSource("meeting.minutes", "待整理的会议记录", minutes_to_write, order=13),
    TaskSource("meeting.sign", "待签发的会议记录", minutes_to_sign, order=14),
    TaskSource("resolution", "待落实的决议", resolutions_to_carry_out, order=15),
)
