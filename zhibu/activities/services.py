import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from zhibu.activities import rules
from zhibu.activities.attendance import (  # noqa: F401  re-exported: every step of a meeting is reached here
    attendance_counts,
    check_in,
    checkin_preview,
    checkin_token,
    record_attendance,
)
from zhibu.activities.models import (
    Activity,
    ActivityKind,
    AgendaItem,
    Amendment,
    Attendance,
    MakeUp,
    Resolution,
    Vote,
)
from zhibu.activities.records import bump as _bump
from zhibu.activities.records import changed as _changed
from zhibu.activities.records import lock as _lock
from zhibu.activities.records import require_status as _require_status
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic
from zhibu.core.models import Attachment
from zhibu.core.notify import notify, task_done
from zhibu.core.scoping import CHANGE, VIEW, can, require
from zhibu.core.services import require_past_date
from zhibu.core.uploads import store_upload
from zhibu.organizations.models import BRANCH_KINDS, COMMITTEE_KINDS

AMENDABLE_PARTS = {"minutes": "会议记录", "attendance": "出席情况", "agenda": "议程", "vote": "表决", "other": "其他"}


def _tell_expected(actor, activity: Activity) -> None:
    """Everyone expected at a planned meeting who has an account hears of it."""
    day = timezone.localtime(activity.planned_at).date()
    users = [
        row.member.user
        for row in rules.expected_attendees(activity.kind, activity.organization, day)
        if row.member.user_id
    ]
    when = timezone.localtime(activity.planned_at)
    notify(
        users,
        f"{activity.organization}将于{when.month}月{when.day}日{when:%H:%M}召开{activity.kind}：{activity.title}",
        activity.get_absolute_url(),
        actor=actor,
        task=f"activity.attend:{activity.pk}",
    )


MAJOR_MARK, CADRE_MARK = "[三重一大]", "[干部任免]"


def parse_agenda_line(line: str) -> tuple[str, bool, bool]:
    """An agenda line; a leading [三重一大] or [干部任免] flags the item (a cadre appointment is also 三重一大)."""
    text, major, cadre = line.strip().replace("【", "[").replace("】", "]"), False, False
    while text.startswith((MAJOR_MARK, CADRE_MARK)):
        if text.startswith(CADRE_MARK):
            cadre = major = True
            text = text[len(CADRE_MARK) :].strip()
        else:
            major = True
            text = text[len(MAJOR_MARK) :].strip()
    return text or line.strip(), major, cadre


def kind_misfit(kind: ActivityKind, organization) -> str | None:
    """Why this kind of meeting is not held by this organisation, or None when it is."""
    if kind.for_committees and organization.kind not in COMMITTEE_KINDS:
        return f"{kind}由党委（党组）召开，请在党委（党组）下安排"
    if (
        not kind.for_committees
        and kind.attendees != ActivityKind.Attendees.GROUP
        and organization.kind not in BRANCH_KINDS | {"general_branch"}
    ):
        return f"{kind}由党支部（党总支）召开，请在党支部下安排"
    if kind.attendees == ActivityKind.Attendees.GROUP and organization.kind != "group":
        return "党小组会请在党小组下安排"
    return None


def _check_kind_fits(kind: ActivityKind, organization) -> None:
    if (misfit := kind_misfit(kind, organization)) is not None:
        raise ValidationError({"kind": misfit})


def _check_people(organization, **people) -> None:
    for field, person in people.items():
        if (
            person is not None
            and not person.organization.path.startswith(organization.path)
            and not organization.path.startswith(person.organization.path)
        ):
            raise ValidationError({field: f"{person}不是本组织的党员"})


def _agenda_items(activity: Activity, agenda: list[str] | None, first_topic: bool, major_decisions=()) -> list[str]:
    parsed = [parse_agenda_line(line) for line in (agenda or []) if line and line.strip()]
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                activity=activity,
                position=index,
                title=text[:200],
                is_first_topic=first_topic and index == 1,
                is_major_decision=major or index in major_decisions,
                is_cadre_appointment=cadre,
            )
            for index, (text, major, cadre) in enumerate(parsed, start=1)
        ]
    )
    return [text for text, _, _ in parsed]


@transaction.atomic
def plan_activity(
    *,
    actor,
    organization,
    kind: ActivityKind,
    title: str,
    planned_at: datetime.datetime,
    place: str = "",
    host=None,
    recorder=None,
    agenda: list[str] | None = None,
    first_topic: bool = False,
    major_decisions: tuple[int, ...] = (),
    theme_day: Activity | None = None,
    tell: bool = True,
) -> Activity:
    """``tell`` False for a year plan: a whole year of notices at once would drown the meetings that are near."""
    require(actor, CHANGE, organization)
    _check_kind_fits(kind, organization)
    if not (title or "").strip():
        raise ValidationError({"title": "请填写会议主题"})
    if planned_at is None:
        raise ValidationError({"planned_at": "请填写计划时间"})
    _check_people(organization, host=host, recorder=recorder)
    if theme_day is not None and (theme_day.organization_id != organization.pk or theme_day.kind.code != "theme_day"):
        raise ValidationError({"theme_day": "只能归入本组织的主题党日"})
    activity = Activity.objects.create(
        organization=organization,
        kind=kind,
        title=title.strip(),
        planned_at=planned_at,
        place=place.strip(),
        host=host,
        recorder=recorder,
        theme_day=theme_day,
    )
    items = _agenda_items(activity, agenda, first_topic, major_decisions)
    audit.record(
        actor=actor, event=Event.ACTIVITY_PLANNED, obj=activity, after=audit.snapshot(activity), extra={"agenda": items}
    )
    if tell:
        _tell_expected(actor, activity)
    return activity


@transaction.atomic
def plan_activity_with_extras(*, actor, **kwargs) -> Activity:
    """The plan form's write: what the registered extras picked (a 第一议题 from the library, study-list topics) shapes
    the agenda, the meeting is planned, then each extra records its links, all in one transaction."""
    from zhibu.activities.plan_extras import registered

    extras = registered()
    picked = {name: kwargs.pop(name) for extra in extras for name in extra.names if name in kwargs}
    agenda, first_topic = list(kwargs.pop("agenda", None) or []), kwargs.pop("first_topic", False)
    for extra in extras:
        agenda, first_topic = extra.agenda(picked, agenda, first_topic)
    activity = plan_activity(actor=actor, agenda=agenda, first_topic=first_topic, **kwargs)
    for extra in extras:
        extra.after(actor, activity, picked)
    return activity


def agenda_text(activity: Activity) -> str:
    """The agenda as the plan form takes it: one item a line, flags as their leading marks."""
    lines = []
    for item in activity.agenda.all():
        mark = CADRE_MARK if item.is_cadre_appointment else MAJOR_MARK if item.is_major_decision else ""
        lines.append(f"{mark}{item.title}")
    return "\n".join(lines)


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日{local:%H:%M}"


@transaction.atomic
def reschedule(
    *,
    actor,
    activity: Activity,
    title: str,
    planned_at: datetime.datetime,
    place: str = "",
    host=None,
    recorder=None,
    agenda: list[str] | None = None,
    first_topic: bool = False,
) -> Activity:
    """Change a planned meeting (time, place, host, topic, agenda) until it is held; those expected are told, with the
    old and the new time. Submitting the same plan again changes nothing and tells nobody twice."""
    require(actor, CHANGE, activity)
    activity = _lock(activity)
    _require_status(activity, Activity.Status.PLANNED, doing="调整安排（只有尚未召开的会议可以改期或修改）")
    if not (title or "").strip():
        raise ValidationError({"title": "请填写会议主题"})
    if planned_at is None:
        raise ValidationError({"planned_at": "请填写计划时间"})
    _check_people(activity.organization, host=host, recorder=recorder)
    fields = {
        "title": title.strip(),
        "planned_at": planned_at,
        "place": (place or "").strip(),
        "host": host,
        "recorder": recorder,
    }
    changed_fields = [name for name, value in fields.items() if getattr(activity, name) != value]
    new_agenda = [parse_agenda_line(line) for line in (agenda or []) if line and line.strip()]
    old_agenda = [
        (item.title, item.is_major_decision, item.is_cadre_appointment, item.is_first_topic)
        for item in activity.agenda.all()
    ]
    agenda_changed = agenda is not None and old_agenda != [
        (text[:200], major, cadre, first_topic and index == 1)
        for index, (text, major, cadre) in enumerate(new_agenda, start=1)
    ]
    if not changed_fields and not agenda_changed:
        return activity
    before, old_time = audit.snapshot(activity), activity.planned_at
    for name in changed_fields:
        setattr(activity, name, fields[name])
    _bump(activity, *changed_fields)
    items = None
    if agenda_changed:
        AgendaItem.objects.filter(activity=activity).delete()
        items = _agenda_items(activity, agenda, first_topic)
    audit.record(
        actor=actor,
        event=Event.ACTIVITY_RESCHEDULED,
        obj=activity,
        before=before,
        after=audit.snapshot(activity),
        extra={"agenda": items} if items is not None else None,
    )
    if "planned_at" in changed_fields:
        news = f"改期：原定{_when(old_time)}，改为{_when(activity.planned_at)}"
    else:
        news = f"安排有调整，时间仍为{_when(activity.planned_at)}"
    place_text = f"，地点{activity.place}" if activity.place else ""
    day = timezone.localtime(activity.planned_at).date()
    notify(
        [
            row.member.user
            for row in rules.expected_attendees(activity.kind, activity.organization, day)
            if row.member.user_id
        ],
        f"{activity.organization}{activity.kind}“{activity.title}”{news}{place_text}",
        activity.get_absolute_url(),
        actor=actor,
        task=f"activity.attend:{activity.pk}",
    )
    return activity


@transaction.atomic
def record_held(*, actor, activity: Activity, held_at: datetime.datetime) -> Activity:
    """The meeting took place: the expected list is fixed from membership on that day."""
    require(actor, CHANGE, activity)
    activity = _lock(activity)
    _require_status(activity, Activity.Status.PLANNED, doing="登记召开")
    if held_at is None:
        raise ValidationError({"held_at": "请填写召开时间"})
    if held_at > timezone.now():
        raise ValidationError({"held_at": "会议尚未召开（召开时间晚于现在），不能登记为已召开"})
    day = timezone.localtime(held_at).date()
    if day < activity.organization.founded_on:
        raise ValidationError({"held_at": "召开日期早于本组织成立日期"})
    before = audit.snapshot(activity)
    activity.status, activity.held_at = Activity.Status.HELD, held_at
    _bump(activity, "status", "held_at")
    expected = rules.expected_attendees(activity.kind, activity.organization, day)
    Attendance.objects.bulk_create(
        [
            Attendance(
                activity=activity,
                member=row.member,
                has_voting_rights=row.has_voting_rights,
                is_dual_life=row.is_dual_life,
            )
            for row in expected
        ]
    )
    audit.record(
        actor=actor,
        event=Event.ACTIVITY_HELD,
        obj=activity,
        before=before,
        after=audit.snapshot(activity),
        extra={"expected": len(expected)},
    )
    task_done(f"activity.attend:{activity.pk}")
    _changed(activity)
    return activity


@transaction.atomic
def record_vote(
    *, actor, activity: Activity, subject: str, yes: int, no: int, abstain: int, agenda_item: AgendaItem | None = None
) -> Vote:
    require(actor, CHANGE, activity)
    activity = _lock(activity)
    _require_status(activity, Activity.Status.HELD, Activity.Status.MINUTED, doing="登记表决")
    if not activity.kind.votes_allowed:
        raise ValidationError(f"{activity.kind}不进行表决；需要表决的事项请提交党员大会或委员会")
    if not (subject or "").strip():
        raise ValidationError({"subject": "请填写表决事项"})
    if min(yes, no, abstain) < 0:
        raise ValidationError("票数不能为负数")
    counts = attendance_counts(activity)
    voters_present = (
        counts["present_eligible"] if activity.kind.quorum == ActivityKind.Quorum.HALF_OF_VOTERS else counts["present"]
    )
    if yes + no + abstain > voters_present:
        raise ValidationError(
            f"票数合计{yes + no + abstain}票，超过实到有表决权人数{voters_present}人；请先核对出席情况（预备党员没有表决权）"
        )
    result = rules.evaluate_vote(
        activity.kind,
        counts["expected"],
        counts["present"],
        counts["eligible"],
        counts["present_eligible"],
        yes,
        no,
        abstain,
        needs_two_thirds=bool(agenda_item and agenda_item.is_cadre_appointment),
    )
    vote = Vote.objects.create(
        activity=activity,
        subject=subject.strip()[:200],
        agenda_item=agenda_item,
        yes=yes,
        no=no,
        abstain=abstain,
        eligible=counts["eligible"],
        present_eligible=counts["present_eligible"],
        is_valid=result.is_valid,
        passed=result.passed,
        explanation=result.explanation[:300],
    )
    audit.record(actor=actor, event=Event.ACTIVITY_VOTE_RECORDED, obj=vote, after=audit.snapshot(vote))
    _changed(activity)
    return vote


@transaction.atomic
def add_resolution(
    *, actor, activity: Activity, text: str, deadline: datetime.date, owner_member=None, owner_organization=None
) -> Resolution:
    require(actor, CHANGE, activity)
    activity = _lock(activity)
    _require_status(activity, Activity.Status.HELD, Activity.Status.MINUTED, doing="登记决议")
    if not (text or "").strip():
        raise ValidationError({"text": "请填写决议内容"})
    if owner_member is None and owner_organization is None:
        raise ValidationError({"owner_member": "每项决议都要有责任人或责任组织（决议要有分工）"})
    if deadline is None:
        raise ValidationError({"deadline": "每项决议都要有完成时限"})
    held_day = timezone.localtime(activity.held_at).date()
    if deadline < held_day:
        raise ValidationError({"deadline": "完成时限不能早于会议日期"})
    resolution = Resolution.objects.create(
        activity=activity,
        text=text.strip()[:300],
        deadline=deadline,
        owner_member=owner_member,
        owner_organization=owner_organization,
    )
    audit.record(actor=actor, event=Event.RESOLUTION_CREATED, obj=resolution, after=audit.snapshot(resolution))
    if owner_member is not None and owner_member.user_id:
        notify(
            [owner_member.user],
            f"请落实决议：{resolution.text}（时限{deadline.month}月{deadline.day}日）",
            reverse("activities:resolutions") + "?status=open",
            actor=actor,
            task=f"resolution:{resolution.pk}",
        )
    return resolution


@transaction.atomic
def complete_resolution(*, actor, resolution: Resolution, done_on: datetime.date, evidence: str) -> Resolution:
    require(actor, CHANGE, resolution)
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    if resolution.status == Resolution.Status.DONE:
        raise ValidationError("该决议已标记完成")
    require_past_date(done_on, "done_on", "完成日期")
    if not (evidence or "").strip():
        raise ValidationError({"evidence": "请写明完成情况（落实了什么、有何材料），才能销号"})
    before = audit.snapshot(resolution)
    resolution.status, resolution.done_on, resolution.evidence = Resolution.Status.DONE, done_on, evidence.strip()
    resolution.save()
    audit.record(
        actor=actor, event=Event.RESOLUTION_COMPLETED, obj=resolution, before=before, after=audit.snapshot(resolution)
    )
    task_done(f"resolution:{resolution.pk}")
    return resolution


@transaction.atomic
def save_minutes(
    *,
    actor,
    activity: Activity,
    minutes: str,
    expected_version: int | None = None,
    minutes_shared: bool | None = None,
) -> Activity:
    """``minutes_shared`` None leaves the sharing as it was (an API client that does not know of it)."""
    require(actor, CHANGE, activity)
    activity = _lock(activity, expected_version)
    _require_status(activity, Activity.Status.HELD, Activity.Status.MINUTED, doing="填写会议记录")
    if len((minutes or "").strip()) < 10:
        raise ValidationError({"minutes": "会议记录过短，请记录会议的主要内容、发言和结论"})
    before = audit.snapshot(activity)
    activity.minutes, activity.status = minutes.strip(), Activity.Status.MINUTED
    if minutes_shared is not None:
        activity.minutes_shared = minutes_shared
    _bump(activity, "minutes", "status", "minutes_shared")
    audit.record(actor=actor, event=Event.ACTIVITY_MINUTED, obj=activity, before=before, after=audit.snapshot(activity))
    host_user = activity.host.user if activity.host is not None and activity.host.user_id else None
    if host_user is not None:
        notify(
            [host_user],
            f"会议记录待您签发：{activity.kind}“{activity.title}”",
            activity.get_absolute_url(),
            actor=actor,
            task=f"activity.sign:{activity.pk}",
        )
    return activity


def signer_of(activity: Activity):
    """The account that must sign: the host's, or None where the host has no account (then a branch officer signs)."""
    return getattr(activity.host, "user", None) if activity.host_id else None


def may_sign(user, activity: Activity) -> bool:
    """The host signs the record of the meeting they chaired, whatever their role (a 党小组 leader is often only a
    党员); a meeting whose host has no account is signed by someone who may change the branch's records."""
    host_user = signer_of(activity)
    if host_user is not None:
        return host_user.pk == getattr(user, "pk", None)
    return can(user, CHANGE, activity.organization.path)


@transaction.atomic
def sign(*, actor, activity: Activity) -> Activity:
    """The host signs off; the record is then locked. Where the host has no account, a branch officer signs."""
    require(actor, VIEW, activity)
    if audit.actor_user(actor) is None:
        raise PermissionDenied("会议记录须由本人登录签发")
    activity = _lock(activity)
    _require_status(activity, Activity.Status.MINUTED, doing="签发")
    if not may_sign(actor, activity):
        host_user = signer_of(activity)
        if host_user is not None:
            raise PermissionDenied(f"会议记录须由主持人{activity.host}本人签发")
        raise PermissionDenied("会议记录须由主持人或本支部书记、党务干部签发")
    _require_attendance_recorded(activity)
    before = audit.snapshot(activity)
    activity.status, activity.signed_by, activity.signed_at = Activity.Status.SIGNED, actor, timezone.now()
    activity.version += 1
    Activity.objects.filter(pk=activity.pk).update(
        status=activity.status,
        signed_by=actor,
        signed_at=activity.signed_at,
        version=activity.version,
        updated_at=timezone.now(),
    )
    audit.record(actor=actor, event=Event.ACTIVITY_SIGNED, obj=activity, before=before, after=audit.snapshot(activity))
    task_done(f"activity.sign:{activity.pk}")
    return activity


def _require_attendance_recorded(activity: Activity) -> None:
    """A signed record says who came: nobody may be left 未登记, and a meeting nobody attended was not held."""
    counts = Attendance.objects.filter(activity=activity).aggregate(
        total=Count("id"),
        unrecorded=Count("id", filter=Q(status=Attendance.Status.UNRECORDED)),
        absent=Count("id", filter=Q(status=Attendance.Status.ABSENT)),
    )
    if counts["unrecorded"]:
        rows = Attendance.objects.filter(activity=activity, status=Attendance.Status.UNRECORDED)
        unrecorded = [str(row.member) for row in rows.select_related("member")[:5]]
        names = "、".join(unrecorded) + (f"等{counts['unrecorded']}人" if counts["unrecorded"] > 5 else "")
        raise ValidationError(
            f"{names}的出席情况尚未登记。请在“出席情况”中登记出席、请假或缺席（或点击“未登记人员记为缺席”），再签发"
        )
    if counts["total"] and counts["absent"] == counts["total"]:
        raise ValidationError("出席情况全部为缺席：无人出席的会议不能签发；请核对出席情况，会议未召开的请取消")


@transaction.atomic
def amend(*, actor, activity: Activity, part: str, corrected: str, reason: str, original: str = "") -> Amendment:
    """A signed record is corrected by an amendment that keeps the original: who, when, what and why."""
    require(actor, CHANGE, activity)
    if audit.actor_user(actor) is None:
        raise PermissionDenied("更正须由本人登录办理")
    activity = _lock(activity)
    _require_status(activity, Activity.Status.SIGNED, doing="更正（未签发的记录可以直接修改）")
    if part not in AMENDABLE_PARTS:
        raise ValidationError({"part": "请选择更正的部分"})
    if not (corrected or "").strip():
        raise ValidationError({"corrected": "请填写更正后的内容"})
    if len((reason or "").strip()) < 4:
        raise ValidationError({"reason": "请写明更正原因"})
    if part == "minutes" and not original:
        original = activity.minutes
    amendment = Amendment.objects.create(
        activity=activity,
        made_by=actor,
        part=part,
        original=original,
        corrected=corrected.strip(),
        reason=reason.strip()[:300],
    )
    audit.record(actor=actor, event=Event.ACTIVITY_AMENDED, obj=amendment, after=audit.snapshot(amendment))
    _changed(activity)
    return amendment


@transaction.atomic
def record_makeup(*, actor, attendance: Attendance, done_on: datetime.date, note: str) -> MakeUp:
    """补学 for someone absent or on leave: shown apart from the signed attendance, which stays as it was."""
    require(actor, CHANGE, attendance.activity)
    if attendance.status == Attendance.Status.PRESENT:
        raise ValidationError(f"{attendance.member}已出席，不需要补学")
    if attendance.status == Attendance.Status.UNRECORDED:
        raise ValidationError(f"{attendance.member}的出席情况尚未登记，请先登记请假或缺席")
    if hasattr(attendance, "makeup"):
        raise ValidationError(f"{attendance.member}的补学已登记")
    require_past_date(done_on, "done_on", "补学日期")
    if attendance.activity.held_at and done_on < timezone.localtime(attendance.activity.held_at).date():
        raise ValidationError({"done_on": "补学日期不能早于会议日期"})
    if not (note or "").strip():
        raise ValidationError({"note": "请写明补学方式，如“观看会议录像并提交学习体会”"})
    makeup = MakeUp.objects.create(attendance=attendance, done_on=done_on, note=note.strip()[:200])
    audit.record(actor=actor, event=Event.ACTIVITY_MAKEUP_RECORDED, obj=makeup, after=audit.snapshot(makeup))
    _changed(attendance.activity, Topic.ATTENDANCE)
    return makeup


@transaction.atomic
def cancel_activity(*, actor, activity: Activity, reason: str) -> Activity:
    """Withdraw a meeting that was planned or entered by mistake; a signed record stays and is corrected instead.
    The row is kept (cancelled) so the audit trail and any attendance already entered remain readable."""
    require(actor, CHANGE, activity)
    activity = _lock(activity)
    _require_status(activity, Activity.Status.PLANNED, Activity.Status.HELD, Activity.Status.MINUTED, doing="取消")
    if len((reason or "").strip()) < 2:
        raise ValidationError({"reason": "请写明取消的原因"})
    before = audit.snapshot(activity)
    activity.status = Activity.Status.CANCELLED
    _bump(activity, "status")
    audit.record(
        actor=actor,
        event=Event.ACTIVITY_CANCELLED,
        obj=activity,
        before=before,
        after=audit.snapshot(activity),
        extra={"reason": reason.strip()[:200]},
    )
    for task in ("attend", "sign"):
        task_done(f"activity.{task}:{activity.pk}")
    _changed(activity)
    return activity


def can_change(user, activity: Activity) -> bool:
    return can(user, CHANGE, activity.organization.path)


@transaction.atomic
def add_evidence(*, actor, activity: Activity, upload) -> Attachment:
    """Photos, sign-in sheets and documents, through the upload service. The photos and the scanned sign-in sheet
    often arrive after the host has signed: evidence is only ever added (never replaced or removed), and adding it
    touches neither the signed record nor its version, so it is allowed on a signed meeting too.
    Returns the stored attachment, the record a repeated upload form hands back."""
    require(actor, CHANGE, activity)
    activity = _lock(activity)
    _require_status(
        activity,
        Activity.Status.PLANNED,
        Activity.Status.HELD,
        Activity.Status.MINUTED,
        Activity.Status.SIGNED,
        doing="添加佐证材料",
    )
    attachment = store_upload(
        actor=actor, organization=activity.organization, purpose="activity.evidence", upload=upload
    )
    activity.evidence.add(attachment)
    audit.record(
        actor=actor,
        event=Event.ACTIVITY_EVIDENCE_ADDED,
        obj=activity,
        extra={
            "attachment": attachment.pk,
            "name": attachment.original_name,
            "after_signing": activity.status == Activity.Status.SIGNED,
        },
    )
    return attachment


KIND_FIELDS = (
    "code",
    "name",
    "attendees",
    "quorum",
    "votes_allowed",
    "for_committees",
    "is_study",
    "expected_period",
    "sort_order",
)


@transaction.atomic
def save_activity_kind(*, actor, kind: ActivityKind | None = None, **fields) -> ActivityKind:
    """Kinds are configuration: a 工委 adds or changes one without code; audited like every setting."""
    if not actor.is_platform_admin:
        raise PermissionDenied("只有工委管理员可以设置活动类型")
    before = audit.snapshot(kind) if kind is not None else None
    kind = kind or ActivityKind()
    for name, value in fields.items():
        if name not in KIND_FIELDS:
            raise ValidationError(f"不能修改字段：{name}")
        setattr(kind, name, value)
    if kind.votes_allowed and kind.quorum == ActivityKind.Quorum.NONE:
        raise ValidationError({"quorum": "可以表决的会议必须设置法定人数规则"})
    kind.full_clean()
    kind.save()
    audit.record(actor=actor, event=Event.SETTINGS_CHANGED, obj=kind, before=before, after=audit.snapshot(kind))
    return kind
