"""Every write of the study lists: issue a list, add a topic (with its materials), link a meeting to the topics it
studied. Each in one transaction, scope-checked and audited. Nothing derived reads the links (the coverage is read
from them when asked), so no ``records_changed``. Also the 理论学习中心组: the group, its members and each session;
a session's 学时 count for those present, so recording one announces ``Topic.TRAINING``."""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhibu.activities.models import Activity, ActivityKind
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.scoping import CHANGE, require
from zhibu.core.uploads import store_upload
from zhibu.members.models import Member
from zhibu.organizations.models import Organization, lineage_paths
from zhibu.study.models import (
    Participation,
    Period,
    SeatRole,
    SpeechKind,
    StudyLink,
    StudyList,
    StudyTopic,
    SuggestedForm,
    TheoryAttendance,
    TheoryGroup,
    TheoryGroupSeat,
    TheorySession,
    TheorySpeech,
)
from zhibu.study.theory import CREDITED


def period_bounds(period: str, year: int, number: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of month ``number`` (1–12) or quarter ``number`` (1–4) of ``year``."""
    first_month = number if period == Period.MONTH else 3 * (number - 1) + 1
    months = 1 if period == Period.MONTH else 3
    starts = datetime.date(year, first_month, 1)
    end_month = first_month + months
    ends = datetime.date(year + end_month // 13, (end_month - 1) % 12 + 1, 1) - datetime.timedelta(days=1)
    return starts, ends


def period_label(period: str, year: int, number: int) -> str:
    return f"{year}年{number}月" if period == Period.MONTH else f"{year}年第{number}季度"


@transaction.atomic
def issue_list(
    *, actor: Any, organization: Organization, period: str, year: int, number: int, title: str = ""
) -> StudyList:
    """A month's or a quarter's study list of ``organization`` for its subtree (one per organisation and period)."""
    require(actor, CHANGE, organization)
    errors: dict[str, str] = {}
    if period not in Period.values:
        errors["period"] = "请选择月度或季度"
    elif not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = "年度应在2000至2100之间"
    elif not isinstance(number, int) or not 1 <= number <= (12 if period == Period.MONTH else 4):
        errors["number"] = "月份应为1至12" if period == Period.MONTH else "季度应为1至4"
    if errors:
        raise ValidationError(errors)
    starts_on, ends_on = period_bounds(period, year, number)
    title = (title or "").strip() or f"{organization.name}{period_label(period, year, number)}学习清单"
    if len(title) > 100:
        raise ValidationError({"title": "清单名称不超过100字"})
    if StudyList.objects.filter(organization=organization, period=period, starts_on=starts_on).exists():
        raise ValidationError({"number": f"{organization}已下发{period_label(period, year, number)}的学习清单"})
    made = StudyList.objects.create(
        organization=organization, title=title, period=period, starts_on=starts_on, ends_on=ends_on
    )
    audit.record(actor=actor, event=Event.STUDY_LIST_ISSUED, obj=made, after=audit.snapshot(made))
    return made


@transaction.atomic
def add_topic(
    *,
    actor: Any,
    study_list: StudyList,
    title: str,
    suggested_form: str,
    materials: str = "",
    kinds: Iterable[ActivityKind] = (),
    upload: Any = None,
) -> StudyTopic:
    """One topic of the list: its materials (titles, one a line, and optionally a file), the suggested form and the
    meeting kinds that should take it."""
    study_list = StudyList.objects.select_for_update().get(pk=study_list.pk)
    require(actor, CHANGE, study_list)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "请填写学习内容，如：学习习近平总书记在某会议上的重要讲话"
    elif len(title) > 200:
        errors["title"] = "学习内容不超过200字"
    if suggested_form not in SuggestedForm.values:
        errors["suggested_form"] = "请选择建议学习形式"
    lines = [line.strip() for line in (materials or "").splitlines() if line.strip()]
    if len(lines) > 20 or any(len(line) > 200 for line in lines):
        errors["materials"] = "学习材料最多20项，每项不超过200字"
    if title and StudyTopic.objects.filter(study_list=study_list, title=title).exists():
        errors["title"] = f"本清单中已有“{title}”"
    if errors:
        raise ValidationError(errors)
    position = (StudyTopic.objects.filter(study_list=study_list).aggregate(last=Max("position"))["last"] or 0) + 1
    topic = StudyTopic.objects.create(
        study_list=study_list, position=position, title=title, materials="\n".join(lines), suggested_form=suggested_form
    )
    topic.kinds.set(list(kinds))
    if upload is not None:
        topic.attachments.add(
            store_upload(actor=actor, organization=study_list.organization, purpose="学习清单材料", upload=upload)
        )
    audit.record(
        actor=actor,
        event=Event.STUDY_TOPIC_ADDED,
        obj=topic,
        after=audit.snapshot(topic),
        extra={"kinds": [kind.name for kind in topic.kinds.all()]},
    )
    return topic


def reaching(organization: Organization) -> list[str]:
    """The paths whose lists reach ``organization``: its own and every organisation's above it."""
    return lineage_paths(organization.path)


@transaction.atomic
def link_topics(*, actor: Any, activity: Activity, topics: Iterable[StudyTopic]) -> list[StudyTopic]:
    """The study-list topics this meeting took, replacing what was linked: only topics of lists issued to the
    meeting's organisation (by it or an organisation above it); a cancelled meeting takes none."""
    activity = Activity.objects.select_for_update().select_related("organization").get(pk=activity.pk)
    require(actor, CHANGE, activity)
    chosen = list({topic.pk: topic for topic in topics}.values())
    if activity.status == Activity.Status.CANCELLED and chosen:
        raise ValidationError({"topics": "会议已取消，不能记为落实学习清单"})
    paths = reaching(activity.organization)
    allowed = set(
        StudyTopic.objects.filter(
            pk__in=[topic.pk for topic in chosen], study_list__organization__path__in=paths
        ).values_list("pk", flat=True)
    )
    strangers = [topic.title for topic in chosen if topic.pk not in allowed]
    if strangers:
        raise ValidationError({"topics": f"不是下发给{activity.organization}的学习清单内容：{'、'.join(strangers)}"})
    before = sorted(StudyLink.objects.filter(activity=activity).values_list("topic__title", flat=True))
    StudyLink.objects.filter(activity=activity).exclude(topic__in=chosen).delete()
    have = set(StudyLink.objects.filter(activity=activity).values_list("topic_id", flat=True))
    StudyLink.objects.bulk_create(StudyLink(topic=topic, activity=activity) for topic in chosen if topic.pk not in have)
    after = sorted(topic.title for topic in chosen)
    audit.record(
        actor=actor,
        event=Event.STUDY_TOPICS_LINKED,
        obj=activity,
        before={"学习清单内容": "、".join(before)},
        after={"学习清单内容": "、".join(after)},
    )
    return chosen


# 理论学习中心组 ------------------------------------------------------------------------------------------------------

THEORY_HOURS = (Decimal("0.5"), Decimal(8))


def _announce_hours(members: Iterable[Member], day: datetime.date) -> None:
    """The people whose 学时 a session gave: their branches' EDU verdicts are judged again."""
    organizations = {member.organization_id: member.organization for member in members}
    if organizations:
        records_changed(organizations=organizations.values(), topic=Topic.TRAINING, day=day)


@transaction.atomic
def create_group(*, actor: Any, organization: Organization, name: str) -> TheoryGroup:
    """An agency's 理论学习中心组, kept by its 党委/党组's organisation."""
    require(actor, CHANGE, organization)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写中心组名称，如：某局党组理论学习中心组"})
    if len(name) > 100:
        raise ValidationError({"name": "中心组名称不超过100字"})
    if TheoryGroup.objects.filter(organization=organization, name=name).exists():
        raise ValidationError({"name": f"{organization}已有“{name}”"})
    made = TheoryGroup.objects.create(organization=organization, name=name)
    audit.record(actor=actor, event=Event.THEORY_GROUP_CREATED, obj=made, after=audit.snapshot(made))
    return made


def group_candidates(actor: Any, group: TheoryGroup) -> Any:
    """Who may sit on or attend a group's sessions: current members of its organisation's subtree the actor keeps."""
    return (
        Member.objects.visible_to(actor, CHANGE)
        .current()
        .filter(organization__path__startswith=group.organization.path)
    )


@transaction.atomic
def seat_members(
    *,
    actor: Any,
    group: TheoryGroup,
    members: Iterable[Member],
    leader: Member | None = None,
    secretary: Member | None = None,
) -> list[TheoryGroupSeat]:
    """The group's members, replacing the list: the 组长 and 学习秘书 are among them (a seat is kept for the
    sessions already recorded; a person who leaves simply loses the seat)."""
    group = TheoryGroup.objects.select_for_update().select_related("organization").get(pk=group.pk)
    require(actor, CHANGE, group)
    chosen = list({member.pk: member for member in members}.values())
    allowed = set(group_candidates(actor, group).filter(pk__in=[m.pk for m in chosen]).values_list("pk", flat=True))
    errors: dict[str, str] = {}
    strangers = [member.name for member in chosen if member.pk not in allowed]
    if strangers:
        errors["members"] = f"不是{group.organization}及下级的在册党员：{'、'.join(strangers)}"
    elif not chosen:
        errors["members"] = "请至少选择一名中心组成员"
    for field, person in (("leader", leader), ("secretary", secretary)):
        if person is not None and person.pk not in {member.pk for member in chosen}:
            errors[field] = f"{person.name}不在所选的中心组成员中"
    if errors:
        raise ValidationError(errors)
    before = sorted(str(seat) for seat in group.seats.select_related("member"))
    group.seats.all().delete()
    roles = {getattr(leader, "pk", None): SeatRole.LEADER, getattr(secretary, "pk", None): SeatRole.SECRETARY}
    seats = TheoryGroupSeat.objects.bulk_create(
        TheoryGroupSeat(group=group, member=member, role=roles.get(member.pk, SeatRole.MEMBER)) for member in chosen
    )
    audit.record(
        actor=actor,
        event=Event.THEORY_GROUP_SEATED,
        obj=group,
        before={"成员": "、".join(before)},
        after={"成员": "、".join(sorted(str(seat) for seat in seats))},
    )
    return seats


def _theory_hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"hours": f"学时应为数字，如 2 或 1.5（收到“{value}”）"}) from None
    low, high = THEORY_HOURS
    if not low <= hours <= high:
        raise ValidationError({"hours": f"学时应在{low}至{high}之间"})
    return hours


def _session_people(session: TheorySession) -> dict[str, str]:
    """Who had which part in a session, as the audit shows it (before and after an amendment)."""
    attendances = list(session.attendances.select_related("member").order_by("member__name"))
    speeches = list(session.speeches.select_related("member").order_by("kind", "pk"))
    names = {
        label: "、".join(row.member.name for row in attendances if row.status == status)
        for status, label in Participation.choices
    }
    lecture = next((speech for speech in speeches if speech.kind == SpeechKind.LECTURE), None)
    lecturer = "" if lecture is None else f"{lecture.speaker}《{lecture.title}》" if lecture.title else lecture.speaker
    return {
        **names,
        "主讲": lecturer,
        "交流发言": "、".join(speech.speaker for speech in speeches if speech.kind == SpeechKind.REMARKS),
    }


def _checked_session(
    *,
    actor: Any,
    group: TheoryGroup,
    held_on: datetime.date | None,
    topic: str,
    hours: Any,
    present: Iterable[Member],
    on_leave: Iterable[Member],
    observers: Iterable[Member],
    lecturer: Member | None,
    lecturer_name: str,
    lecture_title: str,
    speakers: Iterable[Member],
    materials: str,
    summary: str,
) -> dict[str, Any]:
    """A session's facts checked against the group (as recorded or as amended): the cleaned values, or every
    problem at once as a ValidationError."""
    seats = {seat.member_id: seat.member for seat in group.seats.select_related("member__organization")}
    present, on_leave, observers, speakers = (
        list({member.pk: member for member in people}.values()) for people in (present, on_leave, observers, speakers)
    )
    errors: dict[str, str] = {}
    topic = (topic or "").strip()
    if not topic:
        errors["topic"] = "请填写学习主题，如：学习习近平总书记在某会议上的重要讲话精神"
    elif len(topic) > 200:
        errors["topic"] = "学习主题不超过200字"
    if held_on is None:
        errors["held_on"] = "请填写学习日期"
    elif held_on > timezone.localdate():
        errors["held_on"] = "学习日期不能晚于今天：中心组学习在举行后记录"
    value = Decimal(0)
    try:
        value = _theory_hours(hours)
    except ValidationError as error:
        errors["hours"] = "；".join(error.messages)
    if not seats:
        errors["present"] = "请先设置中心组成员"
    for field, people in (("present", present), ("on_leave", on_leave)):
        strangers = [member.name for member in people if member.pk not in seats]
        if strangers and seats:
            errors[field] = f"不是本中心组成员：{'、'.join(strangers)}（非成员请登记为列席旁听）"
    both = {member.pk for member in present} & {member.pk for member in on_leave}
    if both:
        errors["on_leave"] = "同一人不能既出席又请假：" + "、".join(seats[pk].name for pk in both if pk in seats)
    seated_observers = [member.name for member in observers if member.pk in seats]
    if seated_observers:
        errors["observers"] = f"中心组成员请登记为出席或请假：{'、'.join(seated_observers)}"
    allowed = set(group_candidates(actor, group).filter(pk__in=[m.pk for m in observers]).values_list("pk", flat=True))
    outside = [member.name for member in observers if member.pk not in allowed and member.pk not in seats]
    if outside:
        errors["observers"] = f"不是{group.organization}及下级的在册党员：{'、'.join(outside)}"
    came = {member.pk for member in present} | {member.pk for member in observers}
    lecturer_name = (lecturer_name or "").strip()
    if lecturer is not None and lecturer_name:
        errors["lecturer_name"] = "主讲人请选择一位：本单位人员或特邀主讲人"
    elif lecturer is not None and lecturer.pk not in came:
        errors["lecturer"] = f"{lecturer.name}未登记为出席或列席，不能作为主讲人"
    elif len(lecturer_name) > 60:
        errors["lecturer_name"] = "特邀主讲人不超过60字"
    silent = [member.name for member in speakers if member.pk not in came]
    if silent:
        errors["speakers"] = f"未登记为出席或列席，不能记为交流发言：{'、'.join(silent)}"
    lines = [line.strip() for line in (materials or "").splitlines() if line.strip()]
    if len(lines) > 20 or any(len(line) > 200 for line in lines):
        errors["materials"] = "学习材料最多20项，每项不超过200字"
    if len(lecture_title or "") > 200:
        errors["lecture_title"] = "主讲题目不超过200字"
    if len(summary or "") > 2000:
        errors["summary"] = "学习情况不超过2000字"
    if errors:
        raise ValidationError(errors)
    return {
        "fields": {
            "held_on": held_on,
            "topic": topic,
            "hours": value,
            "materials": "\n".join(lines),
            "summary": (summary or "").strip(),
        },
        "present": present,
        "on_leave": on_leave,
        "observers": observers,
        "speakers": speakers,
        "lecturer": lecturer,
        "lecturer_name": lecturer_name,
        "lecture_title": (lecture_title or "").strip(),
        "came": came,
    }


def _write_people(session: TheorySession, checked: dict[str, Any]) -> None:
    """The session's attendance and speeches as checked (an amendment replaces what was recorded)."""
    TheoryAttendance.objects.bulk_create(
        [TheoryAttendance(session=session, member=m, status=Participation.PRESENT) for m in checked["present"]]
        + [TheoryAttendance(session=session, member=m, status=Participation.LEAVE) for m in checked["on_leave"]]
        + [TheoryAttendance(session=session, member=m, status=Participation.OBSERVER) for m in checked["observers"]]
    )
    speeches = []
    if checked["lecturer"] is not None or checked["lecturer_name"]:
        speeches.append(
            TheorySpeech(
                session=session,
                kind=SpeechKind.LECTURE,
                member=checked["lecturer"],
                speaker_name=checked["lecturer_name"],
                title=checked["lecture_title"],
            )
        )
    speeches += [TheorySpeech(session=session, kind=SpeechKind.REMARKS, member=m) for m in checked["speakers"]]
    TheorySpeech.objects.bulk_create(speeches)


@transaction.atomic
def record_session(
    *,
    actor: Any,
    group: TheoryGroup,
    held_on: datetime.date,
    topic: str,
    hours: Any,
    present: Iterable[Member] = (),
    on_leave: Iterable[Member] = (),
    observers: Iterable[Member] = (),
    lecturer: Member | None = None,
    lecturer_name: str = "",
    lecture_title: str = "",
    speakers: Iterable[Member] = (),
    materials: str = "",
    summary: str = "",
    upload: Any = None,
) -> TheorySession:
    """One session of the group, as it was held: the 主讲 (a person present or an invited speaker named), the
    交流发言, who came, who was on leave and who sat in (列席旁听). Present and sitting-in people get its 学时."""
    group = TheoryGroup.objects.select_for_update().select_related("organization").get(pk=group.pk)
    require(actor, CHANGE, group)
    checked = _checked_session(
        actor=actor,
        group=group,
        held_on=held_on,
        topic=topic,
        hours=hours,
        present=present,
        on_leave=on_leave,
        observers=observers,
        lecturer=lecturer,
        lecturer_name=lecturer_name,
        lecture_title=lecture_title,
        speakers=speakers,
        materials=materials,
        summary=summary,
    )
    session = TheorySession.objects.create(group=group, **checked["fields"])
    _write_people(session, checked)
    if upload is not None:
        session.attachments.add(
            store_upload(actor=actor, organization=group.organization, purpose="中心组学习材料", upload=upload)
        )
    people = _session_people(session)
    audit.record(
        actor=actor,
        event=Event.THEORY_SESSION_RECORDED,
        obj=session,
        after=audit.snapshot(session),
        extra={
            "出席": people[Participation.PRESENT.label],
            "请假": people[Participation.LEAVE.label],
            "列席旁听": people[Participation.OBSERVER.label],
            "发言": "、".join(name for name in (people["主讲"], people["交流发言"]) if name),
        },
    )
    credited = Member.objects.filter(pk__in=checked["came"]).select_related("organization")
    _announce_hours(credited, held_on)
    return session


def _unchanged(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """The same session and people; the save's own timestamp does not count as a change."""
    before, after = dict(before), dict(after)
    before.pop("updated_at", None)
    after.pop("updated_at", None)
    return before == after


@transaction.atomic
def amend_session(
    *,
    actor: Any,
    session: TheorySession,
    reason: str,
    held_on: datetime.date,
    topic: str,
    hours: Any,
    present: Iterable[Member] = (),
    on_leave: Iterable[Member] = (),
    observers: Iterable[Member] = (),
    lecturer: Member | None = None,
    lecturer_name: str = "",
    lecture_title: str = "",
    speakers: Iterable[Member] = (),
    materials: str = "",
    summary: str = "",
    upload: Any = None,
) -> TheorySession:
    """Correct a recorded session (a wrong date, someone marked absent who came …): only the group's keepers, with
    the reason; the audit keeps the session and its people before and after. The 学时 are read from the attendance,
    so they are counted again at once; the branches of everyone who gained or lost them are judged again."""
    session = TheorySession.objects.select_for_update().select_related("group__organization").get(pk=session.pk)
    group = TheoryGroup.objects.select_for_update().select_related("organization").get(pk=session.group_id)
    require(actor, CHANGE, group)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if len(reason) < 2:
        errors["reason"] = "请写明更正原因，如：出席名单漏记一人"
    elif len(reason) > 300:
        errors["reason"] = "更正原因不超过300字"
    try:
        checked = _checked_session(
            actor=actor,
            group=group,
            held_on=held_on,
            topic=topic,
            hours=hours,
            present=present,
            on_leave=on_leave,
            observers=observers,
            lecturer=lecturer,
            lecturer_name=lecturer_name,
            lecture_title=lecture_title,
            speakers=speakers,
            materials=materials,
            summary=summary,
        )
    except ValidationError as error:
        raise ValidationError({**errors, **error.message_dict}) from None
    if errors:
        raise ValidationError(errors)
    before = {**audit.snapshot(session), **_session_people(session)}
    was_credited = set(session.attendances.filter(status__in=CREDITED).values_list("member_id", flat=True))
    was_held_on = session.held_on
    for name, value in checked["fields"].items():
        setattr(session, name, value)
    session.save()
    session.attendances.all().delete()
    session.speeches.all().delete()
    _write_people(session, checked)
    if upload is not None:
        session.attachments.add(
            store_upload(actor=actor, organization=group.organization, purpose="中心组学习材料", upload=upload)
        )
    after = {**audit.snapshot(session), **_session_people(session)}
    if _unchanged(before, after) and upload is None:
        raise ValidationError({"__all__": "没有改动：更正的内容与原记录相同"})
    audit.record(
        actor=actor,
        event=Event.THEORY_SESSION_AMENDED,
        obj=session,
        before=before,
        after=after,
        extra={"reason": reason},
    )
    touched = Member.objects.filter(pk__in=was_credited | checked["came"]).select_related("organization")
    for day in sorted({was_held_on, session.held_on}):
        _announce_hours(touched, day)
    return session
