"""Every write of the training app: each in one transaction, scope-checked, audited, and announcing
``Topic.TRAINING`` for the organisations whose members' hours it changes (the EDU rules re-judge them)."""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhibu.activities.models import ActivityKind
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.scoping import CHANGE, require
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.training.models import (
    ClassCategory,
    ClassSession,
    Enrollment,
    ExternalTraining,
    FirstTopic,
    KindHours,
    SessionAttendance,
    TrainingClass,
)

HOURS_EDITORS_ONLY = "只有工委管理员可以设置各类组织生活的学时"
BRANCH_KINDS = ("branch", "joint_branch", "temporary_branch")


def _hours(value: Any, field: str, low: Decimal, high: Decimal) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: f"学时应为数字，如 2 或 1.5（收到“{value}”）"}) from None
    if not low <= hours <= high:
        raise ValidationError({field: f"学时应在{low}至{high}之间"})
    return hours


def _announce(members: Iterable[Member], day: datetime.date | None) -> None:
    organizations = {member.organization_id: member.organization for member in members}
    records_changed(organizations=organizations.values(), topic=Topic.TRAINING, day=day)


# 学时 of the meeting kinds (reference data) -------------------------------------------------------------------------


@transaction.atomic
def save_kind_hours(*, actor: Any, kind: ActivityKind, hours: Any) -> KindHours:
    if not getattr(actor, "is_platform_admin", False):
        raise PermissionDenied(HOURS_EDITORS_ONLY)
    value = _hours(hours, "hours", Decimal(0), Decimal(16))
    row = KindHours.objects.select_for_update().filter(kind=kind).first()
    before = audit.snapshot(row) if row is not None else None
    row = row or KindHours(kind=kind)
    row.hours = value
    row.save()
    audit.record(actor=actor, event=Event.TRAINING_KIND_HOURS_SAVED, obj=row, before=before, after=audit.snapshot(row))
    # Every member's hours may change: the branches are re-judged (a rare change, made by the 工委 only).
    records_changed(organizations=Organization.objects.filter(kind__in=BRANCH_KINDS), topic=Topic.TRAINING, day=None)
    return row


# Training classes --------------------------------------------------------------------------------------------------


@transaction.atomic
def create_class(
    *,
    actor: Any,
    organization: Organization,
    name: str,
    category: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    concentrated: bool = True,
) -> TrainingClass:
    require(actor, CHANGE, organization)
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "请填写培训班名称，如：2026年第一期发展对象培训班"
    if category not in ClassCategory.values:
        errors["category"] = "请选择培训类别"
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "结业日期不能早于开班日期"
    if errors:
        raise ValidationError(errors)
    made = TrainingClass.objects.create(
        organization=organization,
        name=name,
        category=category,
        starts_on=starts_on,
        ends_on=ends_on,
        concentrated=concentrated,
    )
    audit.record(actor=actor, event=Event.TRAINING_CLASS_CREATED, obj=made, after=audit.snapshot(made))
    return made


@transaction.atomic
def add_session(
    *, actor: Any, training_class: TrainingClass, held_on: datetime.date, topic: str, hours: Any
) -> ClassSession:
    require(actor, CHANGE, training_class)
    errors = {}
    topic = (topic or "").strip()
    if not topic:
        errors["topic"] = "请填写课程内容"
    if held_on and not training_class.starts_on <= held_on <= training_class.ends_on:
        errors["held_on"] = (
            f"上课日期应在培训班的开班和结业日期之间（{training_class.starts_on:%Y-%m-%d}至"
            f"{training_class.ends_on:%Y-%m-%d}）"
        )
    try:
        value = _hours(hours, "hours", Decimal("0.5"), Decimal(8))
    except ValidationError as error:
        errors["hours"] = "；".join(error.messages)
    if errors:
        raise ValidationError(errors)
    session = ClassSession.objects.create(training_class=training_class, held_on=held_on, topic=topic, hours=value)
    audit.record(actor=actor, event=Event.TRAINING_SESSION_ADDED, obj=session, after=audit.snapshot(session))
    return session


@transaction.atomic
def enroll(*, actor: Any, training_class: TrainingClass, members: Iterable[Member]) -> list[Enrollment]:
    """Add people to the roster; each must be a current member the actor may change (any branch under the actor)."""
    require(actor, CHANGE, training_class)
    wanted = list(members)
    allowed = set(
        Member.objects.visible_to(actor, CHANGE)
        .current()
        .filter(pk__in=[m.pk for m in wanted])
        .values_list("pk", flat=True)
    )
    refused = [member.name for member in wanted if member.pk not in allowed]
    if refused:
        raise ValidationError({"members": f"不能加入培训班（不在您管理的在册党员中）：{'、'.join(refused)}"})
    if not wanted:
        raise ValidationError({"members": "请至少选择一名学员"})
    have = set(Enrollment.objects.filter(training_class=training_class).values_list("member_id", flat=True))
    made = [
        Enrollment.objects.create(training_class=training_class, member=member)
        for member in wanted
        if member.pk not in have
    ]
    audit.record(
        actor=actor,
        event=Event.TRAINING_ENROLLED,
        obj=training_class,
        extra={"added": [m.member.name for m in made]},
    )
    return made


@transaction.atomic
def record_session_attendance(*, actor: Any, session: ClassSession, present: Iterable[Member]) -> list[Member]:
    """Who attended the session, replacing what was recorded: only people on the class's roster."""
    session = ClassSession.objects.select_for_update().get(pk=session.pk)
    require(actor, CHANGE, session)
    roster = {
        row.member_id: row.member
        for row in Enrollment.objects.filter(training_class=session.training_class_id).select_related(
            "member__organization"
        )
    }
    chosen = list(present)
    strangers = [member.name for member in chosen if member.pk not in roster]
    if strangers:
        raise ValidationError({"present": f"不在本培训班学员名单中：{'、'.join(strangers)}，请先加入学员名单"})
    before = sorted(SessionAttendance.objects.filter(session=session).values_list("member__name", flat=True))
    SessionAttendance.objects.filter(session=session).delete()
    SessionAttendance.objects.bulk_create(SessionAttendance(session=session, member=member) for member in chosen)
    after = sorted(member.name for member in chosen)
    audit.record(
        actor=actor,
        event=Event.TRAINING_ATTENDANCE_RECORDED,
        obj=session,
        before={"出席": "、".join(before)},
        after={"出席": "、".join(after)},
    )
    _announce(roster.values(), session.held_on)
    return chosen


# External trainings (the Excel import) -----------------------------------------------------------------------------


class ImportRefused(ValidationError):
    def __init__(self, problems: dict[int, list[str]]):
        super().__init__("有数据行不符合要求，未导入任何数据")
        self.problems = problems


@transaction.atomic
def import_external(
    *,
    actor: Any,
    organization: Organization,
    rows: list[tuple[int, Member, str, str, datetime.date, datetime.date, Decimal, bool]],
) -> list[ExternalTraining]:
    """All rows or none: a row whose member is out of the actor's scope or repeats a recorded training refuses the
    whole file, with the row number."""
    require(actor, CHANGE, organization)
    allowed = set(
        Member.objects.visible_to(actor, CHANGE)
        .current()
        .filter(organization__path__startswith=organization.path)
        .values_list("pk", flat=True)
    )
    problems: dict[int, list[str]] = {}
    made = []
    for number, member, title, organizer, started_on, ended_on, hours, concentrated in rows:
        if member.pk not in allowed:
            problems.setdefault(number, []).append(f"“{member.name}”不是{organization}的在册党员")
            continue
        duplicate = ExternalTraining.objects.filter(member=member, title=title, ended_on=ended_on).exists()
        if duplicate:
            problems.setdefault(number, []).append(f"“{member.name}”的“{title}”（{ended_on:%Y-%m-%d}结束）已登记过")
            continue
        made.append(
            ExternalTraining.objects.create(
                organization=organization,
                member=member,
                title=title,
                organizer=organizer,
                started_on=started_on,
                ended_on=ended_on,
                hours=hours,
                concentrated=concentrated,
            )
        )
    if problems:
        raise ImportRefused(problems)
    audit.record(
        actor=actor,
        event=Event.TRAINING_EXTERNAL_IMPORTED,
        organization=organization,
        object_repr=f"{organization} 外部培训",
        extra={"rows": len(made)},
    )
    members = Member.objects.filter(pk__in={row.member_id for row in made}).select_related("organization")
    for day in {row.ended_on for row in made}:
        _announce(members, day)
    return made


# 第一议题 library (reference data) ------------------------------------------------------------------------------------

FIRST_TOPIC_EDITORS_ONLY = "只有工委管理员可以维护第一议题库"


@transaction.atomic
def save_first_topic(
    *, actor: Any, topic: FirstTopic | None, title: str, source: str, published_on: datetime.date
) -> FirstTopic:
    if not getattr(actor, "is_platform_admin", False):
        raise PermissionDenied(FIRST_TOPIC_EDITORS_ONLY)
    title, source = (title or "").strip(), (source or "").strip()
    errors = {}
    if not title:
        errors["title"] = "请填写议题，如：学习习近平总书记在某会议上的重要讲话"
    if not source:
        errors["source"] = "请填写出处，如：《求是》2026年第1期"
    others = FirstTopic.objects.filter(title=title)
    if title and (others.exclude(pk=topic.pk) if topic is not None else others).exists():
        errors["title"] = f"第一议题库中已有“{title}”"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(topic) if topic is not None else None
    topic = topic or FirstTopic()
    topic.title, topic.source, topic.published_on = title, source, published_on
    topic.save()
    audit.record(
        actor=actor, event=Event.TRAINING_FIRST_TOPIC_SAVED, obj=topic, before=before, after=audit.snapshot(topic)
    )
    return topic
