"""Every write of the complaints app. A citizen's submission and rating come from the public pages without an account:
they act as ``PUBLIC`` and their audit rows carry no source address (``anonymous_source``), so officials reading the
audit log of their organisation cannot trace a complainant; the address goes only into the security log, written by
``public_views``. No verdict reads complaints yet, so no ``records_changed`` is announced."""

import contextlib
import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhibu.complaints import routing
from zhibu.complaints.models import (
    REOPENED_ORDER,
    STATUS_AFTER,
    STEP_ORDER,
    Complaint,
    ComplaintKind,
    ComplaintStep,
    FollowUp,
    IntakePoint,
    PlaceKind,
    Rating,
    Refusal,
    ReturnVisit,
    ReviewDecision,
    Status,
    StepKind,
    VisitWay,
    new_tracking_code,
)
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.scoping import CHANGE, can, require
from zhibu.core.services import require_past_date
from zhibu.core.uploads import store_upload
from zhibu.inspections.models import RectificationItem
from zhibu.members.validation import LANDLINE_RE, MOBILE_RE, normalize_phone
from zhibu.organizations.models import Organization
from zhibu.workdays.calendar import CalendarNotCovered, add_working_days

PUBLIC = "public:complaint"  # the audit actor of a citizen on the public pages
MAX_IMAGES = 3
WHAT_MIN, WHAT_MAX = 10, 2000
OLDEST_DAYS = 365  # older matters go through 信访, not a service-window complaint
KIND_EDITORS_ONLY = "只有工委管理员可以设置投诉类别和办理时限"
BAD_KEY = "提交标识缺失或格式不对，请刷新页面后重新提交"


@contextlib.contextmanager
def anonymous_source() -> Iterator[None]:
    """Audit rows written inside carry no source address (C5: a complainant's IP lives only in the security log)."""
    context = dict(audit.request_context.get() or {})
    context["ip"] = None
    token = audit.request_context.set(context)
    try:
        yield
    finally:
        audit.request_context.reset(token)


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


# Kinds (reference data) -------------------------------------------------------------------------------------------


@transaction.atomic
def save_kind(
    *, actor: Any, kind: ComplaintKind | None, name: str, deadline_days: int, active: bool = True, order: int = 0
) -> ComplaintKind:
    if not getattr(actor, "is_platform_admin", False):
        raise PermissionDenied(KIND_EDITORS_ONLY)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写投诉类别名称"})
    if deadline_days is None or not 1 <= deadline_days <= 90:
        raise ValidationError({"deadline_days": "办理时限应为1至90天"})
    others = ComplaintKind.objects.filter(name=name)
    clash = (others.exclude(pk=kind.pk) if kind is not None else others).exists()
    if clash:
        raise ValidationError({"name": f"已有名为“{name}”的投诉类别"})
    before = audit.snapshot(kind) if kind is not None else None
    kind = kind or ComplaintKind()
    kind.name, kind.deadline_days, kind.active, kind.order = name, deadline_days, active, order
    kind.save()
    audit.record(actor=actor, event=Event.COMPLAINT_KIND_SAVED, obj=kind, before=before, after=audit.snapshot(kind))
    return kind


# Intake points ----------------------------------------------------------------------------------------------------


def _check_point(point: IntakePoint) -> None:
    point.unit_name = (point.unit_name or "").strip()
    point.name = (point.name or "").strip()
    errors = {}
    for field, label in (("unit_head", "单位负责人"), ("efficiency_office", "效能办")):
        user = getattr(point, field)
        if user is not None and not routing.may_receive(user, point.organization):
            errors[field] = f"{label}须是{point.organization}或其上级组织有角色的用户，否则看不到投诉"
    if not point.unit_name:
        errors["unit_name"] = "请填写单位名称（印在二维码海报上）"
    if point.kind not in PlaceKind.values:
        errors["kind"] = "请选择类型：单位、窗口或服务大厅"
    elif point.kind != PlaceKind.UNIT and not point.name:
        errors["name"] = "窗口或服务大厅请填写名称，如：3号综合受理窗口"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_intake_point(
    *,
    actor: Any,
    organization: Organization,
    unit_name: str,
    kind: str,
    name: str = "",
    unit_head: Any = None,
    efficiency_office: Any = None,
) -> IntakePoint:
    require(actor, CHANGE, organization)
    point = IntakePoint(
        organization=organization,
        unit_name=unit_name,
        kind=kind,
        name=name,
        unit_head=unit_head,
        efficiency_office=efficiency_office,
    )
    _check_point(point)
    point.save()
    audit.record(actor=actor, event=Event.COMPLAINT_INTAKE_CREATED, obj=point, after=audit.snapshot(point))
    return point


@transaction.atomic
def update_intake_point(
    *,
    actor: Any,
    intakepoint: IntakePoint,
    unit_name: str,
    kind: str,
    name: str = "",
    active: bool = True,
    unit_head: Any = None,
    efficiency_office: Any = None,
) -> IntakePoint:
    point = IntakePoint.objects.select_for_update().get(pk=intakepoint.pk)
    require(actor, CHANGE, point)
    before = audit.snapshot(point)
    point.unit_name, point.kind, point.name, point.active = unit_name, kind, name, active
    point.unit_head, point.efficiency_office = unit_head, efficiency_office
    _check_point(point)
    point.save()
    audit.record(
        actor=actor, event=Event.COMPLAINT_INTAKE_UPDATED, obj=point, before=before, after=audit.snapshot(point)
    )
    return point


# The citizen's submission -----------------------------------------------------------------------------------------


def _clean_submission(
    point: IntakePoint,
    kind: ComplaintKind | None,
    what: str,
    place: str,
    happened_on: datetime.date | None,
    contact: str,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not point.active:
        raise ValidationError("该投诉二维码已停用，请向现场工作人员咨询或扫描其他二维码")
    if kind is None or not kind.active:
        errors["kind"] = "请选择投诉类别"
    what = (what or "").strip()
    if len(what) < WHAT_MIN:
        errors["what"] = f"请写明发生了什么（至少{WHAT_MIN}个字），便于核实办理"
    elif len(what) > WHAT_MAX:
        errors["what"] = f"投诉内容请控制在{WHAT_MAX}字以内（现有{len(what)}字）"
    place = (place or "").strip()
    if not place:
        errors["place"] = "请填写发生地点，如：政务服务大厅3号窗口"
    elif len(place) > 200:
        errors["place"] = "发生地点请控制在200字以内"
    try:
        require_past_date(happened_on, "happened_on", "发生日期")
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    else:
        assert happened_on is not None
        if happened_on < timezone.localdate() - datetime.timedelta(days=OLDEST_DAYS):
            errors["happened_on"] = "一年以前发生的事项请通过信访渠道反映"
    contact = normalize_phone(contact or "")
    if contact and not (MOBILE_RE.match(contact) or LANDLINE_RE.match(contact)):
        errors["contact"] = "联系电话应为11位手机号码或带区号的固定电话（如0431-88886666）；不愿留下可不填"
    if errors:
        raise ValidationError(errors)
    return {"what": what, "place": place, "contact": contact}


def submitted(key: str) -> Complaint | None:
    """The complaint a submission with this key already stored, if any."""
    return Complaint.objects.filter(submission_key=key).select_related("intake_point").first()


def submit_complaint(
    *,
    point: IntakePoint,
    submission_key: str,
    kind: ComplaintKind | None,
    what: str,
    place: str,
    happened_on: datetime.date | None,
    contact: str = "",
    images: Iterable[Any] = (),
    received_on: datetime.date | None = None,
) -> tuple[Complaint, bool]:
    """Store a citizen's complaint once per submission key: (complaint, created). A repeat of the key — a double tap,
    a retry after a lost answer, a concurrent twin — gets the complaint the first one stored. Returns only after the
    commit, so a tracking code is never shown for a complaint that was not kept.

    Not ``@transaction.atomic`` itself, as the dues payment is not: the store runs in its own transaction so that a
    concurrent twin's unique-key refusal can be caught here and answered with the twin's complaint.

    ``received_on`` is for the demo builder (complaints received in the past); the public form never passes it."""
    key = (submission_key or "").strip()
    if not 8 <= len(key) <= 64:
        raise ValidationError({"submission_key": BAD_KEY})
    done = submitted(key)
    if done is not None:
        return _same_point(done, point), False
    try:
        with anonymous_source(), transaction.atomic():
            return _store(point, key, kind, what, place, happened_on, contact, list(images), received_on), True
    except IntegrityError:
        # Two submissions of the same key raced: the other one won (the unique key), so hand back what it stored.
        done = submitted(key)
        if done is None:
            raise
        return _same_point(done, point), False


def _same_point(complaint: Complaint, point: IntakePoint) -> Complaint:
    if complaint.intake_point_id != point.pk:
        raise ValidationError({"submission_key": "该提交标识已用于另一项投诉，请刷新页面后重新提交"})
    return complaint


def _store(point, key, kind, what, place, happened_on, contact, images, received_on=None) -> Complaint:
    fields = _clean_submission(point, kind, what, place, happened_on, contact)
    if len(images) > MAX_IMAGES:
        raise ValidationError({"images": f"最多上传{MAX_IMAGES}张图片"})
    today = received_on or timezone.localdate()
    if today > timezone.localdate() or today < happened_on:
        raise ValidationError({"received_on": "收到日期应在发生日期之后、今天或以前"})
    complaint = Complaint.objects.create(
        organization=point.organization,
        intake_point=point,
        kind=kind,
        happened_on=happened_on,
        received_on=today,
        due_on=today + datetime.timedelta(days=kind.deadline_days),
        tracking_code=new_tracking_code(),
        submission_key=key,
        **fields,
    )
    for upload in images:
        try:
            attachment = store_upload(actor=PUBLIC, organization=point.organization, purpose="complaint", upload=upload)
        except ValidationError as error:
            raise ValidationError({"images": error.messages}) from error
        complaint.images.add(attachment)
    audit.record(actor=PUBLIC, event=Event.COMPLAINT_SUBMITTED, obj=complaint, after=audit.snapshot(complaint))
    routing.tell_of_new(complaint, PUBLIC)  # same transaction: no complaint without its notifications
    return complaint


@transaction.atomic
def rate_complaint(*, tracking_code: str, rating: str, comment: str = "") -> Complaint:
    """The citizen's satisfaction, once, after 办结."""
    complaint = Complaint.objects.select_for_update().filter(tracking_code=tracking_code).first()
    if complaint is None:
        raise ValidationError("查询码不正确")
    if complaint.status != Status.CLOSED:
        raise ValidationError("投诉办结后才能评价")
    if complaint.rating:
        raise ValidationError("您已评价过，感谢您的反馈")
    if rating not in Rating.values:
        raise ValidationError({"rating": "请选择满意、基本满意或不满意"})
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise ValidationError({"comment": "评价意见请控制在300字以内"})
    before = audit.snapshot(complaint)
    complaint.rating, complaint.rating_comment, complaint.rated_on = rating, comment, timezone.localdate()
    complaint.save(update_fields=["rating", "rating_comment", "rated_on", "updated_at"])
    with anonymous_source():
        audit.record(
            actor=PUBLIC, event=Event.COMPLAINT_RATED, obj=complaint, before=before, after=audit.snapshot(complaint)
        )
    return complaint


# Handling by officials --------------------------------------------------------------------------------------------


def next_step(complaint: Complaint) -> StepKind | None:
    done = {step.kind for step in complaint.steps.all() if step.round == complaint.round}  # prefetched on lists
    order = STEP_ORDER if complaint.round == 1 else REOPENED_ORDER
    return next((step for step in order if step not in done), None)


@transaction.atomic
def record_step(
    *, actor: Any, complaint: Complaint, kind: str, happened_on: datetime.date | None, official: str, note: str = ""
) -> ComplaintStep:
    """One handling step, in the order 受理 → 交办 → 答复 → 办结, each dated and by a named official."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    require(actor, CHANGE, complaint)
    expected = next_step(complaint)
    if expected is None:
        raise ValidationError("该投诉已办结，不能再登记办理步骤")
    if kind != expected:
        label = StepKind(kind).label if kind in StepKind.values else "该步骤"
        order = "受理、交办、答复、办结" if complaint.round == 1 else "重新办理：交办、答复、办结"
        raise ValidationError({"kind": f"下一步应为“{expected.label}”，不能登记“{label}”（办理顺序：{order}）"})
    require_past_date(happened_on, "happened_on", "办理日期")
    assert happened_on is not None
    if happened_on < complaint.received_on:
        raise ValidationError(
            {"happened_on": f"办理日期不能早于收到投诉的日期（{complaint.received_on:%Y年%m月%d日}）"}
        )
    last = complaint.steps.order_by("-happened_on").first()
    if last is not None and happened_on < last.happened_on:
        raise ValidationError(
            {
                "happened_on": f"办理日期不能早于上一步骤“{last.get_kind_display()}”的日期（{last.happened_on:%Y年%m月%d日}）"
            }
        )
    reopening = complaint.return_visits.filter(round=complaint.round - 1).first() if complaint.round > 1 else None
    if reopening is not None and happened_on < reopening.visited_on:
        raise ValidationError(
            {"happened_on": f"办理日期不能早于回访决定重新办理的日期（{reopening.visited_on:%Y年%m月%d日}）"}
        )
    official = (official or "").strip()
    if not official:
        raise ValidationError({"official": "请填写经办人姓名"})
    note = (note or "").strip()
    if kind in (StepKind.ASSIGN, StepKind.ANSWER) and len(note) < 2:
        what = "承办单位或人员" if kind == StepKind.ASSIGN else "答复内容（投诉人可在查询页看到）"
        raise ValidationError({"note": f"请写明{what}"})
    step = ComplaintStep.objects.create(
        complaint=complaint,
        kind=kind,
        round=complaint.round,
        happened_on=happened_on,
        official=official[:50],
        note=note[:2000],
        recorded_by=_user(actor),
    )
    complaint.status = STATUS_AFTER[StepKind(kind)]
    complaint.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, event=Event.COMPLAINT_STEP_RECORDED, obj=step, after=audit.snapshot(step))
    return step


# 说“不” (refusal) and its escalation ------------------------------------------------------------------------------


def _name(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: f"请填写{label}姓名"})
    return value[:50]


def _text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if len(value) < 4:
        raise ValidationError({field: f"请写明{label}（至少4个字）"})
    return value[:2000]


def _dated(day: datetime.date | None, field: str, label: str, not_before: datetime.date, before_label: str) -> None:
    require_past_date(day, field, label)
    assert day is not None
    if day < not_before:
        raise ValidationError({field: f"{label}不能早于{before_label}（{not_before:%Y年%m月%d日}）"})


@transaction.atomic
def record_refusal(
    *, actor: Any, complaint: Complaint, decided_on: datetime.date | None, official: str, reason: str
) -> Refusal:
    """说“不”: the unit declines what the complaint asks, with its reason. It then owes a review; unless resolved at
    this level within the set working days, it goes to the parent organisation."""
    complaint = Complaint.objects.select_for_update().select_related("organization").get(pk=complaint.pk)
    require(actor, CHANGE, complaint)
    if Refusal.objects.filter(complaint=complaint).exists():
        raise ValidationError("该投诉已登记过说“不”，请在原记录上复核")
    if complaint.status == Status.CLOSED:
        raise ValidationError("该投诉已办结，不能再说“不”")
    parent = complaint.organization.parent
    if parent is None:
        raise ValidationError(f"{complaint.organization}没有上级组织，说“不”无处上报，请按程序办结")
    _dated(decided_on, "decided_on", "说“不”日期", complaint.received_on, "收到投诉的日期")
    assert decided_on is not None
    try:
        report_by = add_working_days(decided_on, settings.COMPLAINTS_REFUSAL_REPORT_WORKDAYS)
    except CalendarNotCovered as missing:  # the report-by date falls in a year whose holidays nobody entered yet
        raise ValidationError({"decided_on": str(missing)}) from missing
    refusal = Refusal.objects.create(
        complaint=complaint,
        decided_on=decided_on,
        official=_name(official, "official", "决定人"),
        reason=_text(reason, "reason", "不予办理的理由"),
        report_by=report_by,
        next_level=parent,
        recorded_by=_user(actor),
    )
    audit.record(actor=actor, event=Event.COMPLAINT_REFUSAL_RECORDED, obj=refusal, after=audit.snapshot(refusal))
    return refusal


@transaction.atomic
def review_refusal(
    *, actor: Any, refusal: Refusal, reviewed_on: datetime.date | None, reviewer: str, decision: str, note: str = ""
) -> Refusal:
    """The unit's review: resolve it here (the complaint goes on being handled) or report it to the next level."""
    refusal = Refusal.objects.select_for_update().select_related("complaint__organization").get(pk=refusal.pk)
    require(actor, CHANGE, refusal.complaint)
    if refusal.reviewed_on is not None:
        raise ValidationError("该说“不”已复核，不能重复复核")
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": "请选择复核结论：本级解决，或本级无法解决报上级"})
    _dated(reviewed_on, "reviewed_on", "复核日期", refusal.decided_on, "说“不”的日期")
    assert reviewed_on is not None
    if decision == ReviewDecision.RESOLVE and reviewed_on >= refusal.report_by:
        raise ValidationError(
            {"decision": f"已过本级解决期限（{refusal.report_by:%Y年%m月%d日}起报上级），只能由上级组织作出决定"}
        )
    before = audit.snapshot(refusal)
    refusal.reviewed_on, refusal.reviewer = reviewed_on, _name(reviewer, "reviewer", "复核人")
    refusal.review_decision, refusal.review_note = decision, (note or "").strip()[:2000]
    refusal.save()
    audit.record(
        actor=actor, event=Event.COMPLAINT_REFUSAL_REVIEWED, obj=refusal, before=before, after=audit.snapshot(refusal)
    )
    return refusal


def may_decide(user: Any, refusal: Refusal) -> bool:
    """Whether the user keeps the records of the next level, which takes the closing decision."""
    return can(user, CHANGE, refusal.next_level.path)


@transaction.atomic
def close_refusal(
    *, actor: Any, refusal: Refusal, closed_on: datetime.date | None, official: str, decision: str
) -> Refusal:
    """The next level's closing decision on a refusal reported to it."""
    refusal = Refusal.objects.select_for_update().select_related("next_level", "complaint").get(pk=refusal.pk)
    require(actor, CHANGE, refusal.complaint)
    if not may_decide(actor, refusal):
        raise PermissionDenied(f"说“不”报上级后，由{refusal.next_level}作出最终决定")
    today = timezone.localdate()
    escalated = refusal.escalated_on(today)
    if escalated is None:
        raise ValidationError("该说“不”尚未报到上级组织，上级暂不能作出决定")
    if refusal.closed_on is not None:
        raise ValidationError("上级组织已作出最终决定")
    _dated(closed_on, "closed_on", "决定日期", escalated, "报上级的日期")
    before = audit.snapshot(refusal)
    refusal.closed_on = closed_on
    refusal.closing_official = _name(official, "official", "决定人")
    refusal.closing_decision = _text(decision, "decision", "最终决定")
    refusal.save()
    audit.record(
        actor=actor, event=Event.COMPLAINT_REFUSAL_CLOSED, obj=refusal, before=before, after=audit.snapshot(refusal)
    )
    return refusal


# 回访 (return visits) ------------------------------------------------------------------------------------------------

UNSATISFIED_FOLLOW_UPS = (FollowUp.REOPEN, FollowUp.RECTIFY, FollowUp.KEEP)


def closing_step(complaint: Complaint) -> ComplaintStep | None:
    """The 办结 of the complaint's current handling round (``steps`` may be prefetched)."""
    closes = [s for s in complaint.steps.all() if s.kind == StepKind.CLOSE and s.round == complaint.round]
    return max(closes, key=lambda step: step.happened_on, default=None)


@transaction.atomic
def record_return_visit(
    *,
    actor: Any,
    complaint: Complaint,
    visited_on: datetime.date | None,
    way: str,
    visitor: str,
    feedback: str,
    satisfied: bool | None,
    follow_up: str = FollowUp.NONE,
    decision_note: str = "",
) -> ReturnVisit:
    """回访 after 办结: one per handling round, dated (not before 办结), its way, the named visitor, what the citizen
    said and whether they are satisfied. Unsatisfied, it carries the decision taken on it: 重新办理 starts the next
    round of steps at once (from 交办, with a new deadline counted from the visit), 纳入整改 leads to the 整改 loop
    (the complaint's page offers it until an item is linked), 维持办理结果 keeps the outcome — each with its reason."""
    complaint = Complaint.objects.select_for_update().select_related("kind").get(pk=complaint.pk)
    require(actor, CHANGE, complaint)
    if complaint.is_anonymous:
        raise ValidationError("匿名投诉未留联系电话，无法回访")
    if complaint.status != Status.CLOSED:
        raise ValidationError("投诉办结后才能回访")
    if ReturnVisit.objects.filter(complaint=complaint, round=complaint.round).exists():
        raise ValidationError("本次办结已登记回访，不能重复登记")
    closing = closing_step(complaint)
    assert closing is not None  # a closed complaint has the 办结 of its round
    _dated(visited_on, "visited_on", "回访日期", closing.happened_on, "办结日期")
    assert visited_on is not None
    if way not in VisitWay.values:
        raise ValidationError({"way": "请选择回访方式：电话、上门或短信留言"})
    visitor = _name(visitor, "visitor", "回访人")
    feedback = (feedback or "").strip()
    if len(feedback) < 2:
        raise ValidationError({"feedback": "请写明群众的意见"})
    if satisfied is None:
        raise ValidationError({"satisfied": "请选择群众是否满意"})
    decision_note = (decision_note or "").strip()
    if satisfied:
        if follow_up not in ("", FollowUp.NONE):
            raise ValidationError({"follow_up": "群众满意的，无需重新办理或纳入整改"})
        follow_up = FollowUp.NONE
    else:
        if follow_up not in UNSATISFIED_FOLLOW_UPS:
            raise ValidationError({"follow_up": "群众不满意的，请作出处理决定：重新办理、纳入整改或维持办理结果"})
        decision_note = _text(decision_note, "decision_note", "处理决定的理由")
    visit = ReturnVisit.objects.create(
        complaint=complaint,
        round=complaint.round,
        visited_on=visited_on,
        way=way,
        visitor=visitor,
        feedback=feedback[:2000],
        satisfied=satisfied,
        follow_up=follow_up,
        decision_note=decision_note[:2000],
        recorded_by=_user(actor),
    )
    audit.record(actor=actor, event=Event.COMPLAINT_RETURN_VISITED, obj=visit, after=audit.snapshot(visit))
    if follow_up == FollowUp.REOPEN:
        before = audit.snapshot(complaint)
        complaint.round += 1
        complaint.status = Status.ACCEPTED
        complaint.due_on = visited_on + datetime.timedelta(days=complaint.kind.deadline_days)
        complaint.save(update_fields=["round", "status", "due_on", "updated_at"])
        audit.record(
            actor=actor, event=Event.COMPLAINT_REOPENED, obj=complaint, before=before, after=audit.snapshot(complaint)
        )
    return visit


# A work-style problem into the 整改 loop ---------------------------------------------------------------------------


@transaction.atomic
def link_rectification(*, actor: Any, complaint: Complaint, item: RectificationItem | None) -> Complaint:
    """Tie the complaint to the rectification item (inspections' 整改 loop) that deals with the problem it revealed;
    the item must be of the complaint's organisation or one below it, and visible to the actor."""
    complaint = Complaint.objects.select_for_update().select_related("organization").get(pk=complaint.pk)
    require(actor, CHANGE, complaint)
    if item is None:
        raise ValidationError({"item": "请选择整改事项"})
    if not RectificationItem.objects.visible_to(actor).filter(pk=item.pk).exists():
        raise ValidationError({"item": "找不到该整改事项，或您无权查看"})
    if not item.organization.path.startswith(complaint.organization.path):
        raise ValidationError({"item": f"整改事项须属于{complaint.organization}或其下级组织"})
    before = audit.snapshot(complaint)
    complaint.rectification = item
    complaint.save(update_fields=["rectification", "updated_at"])
    audit.record(
        actor=actor,
        event=Event.COMPLAINT_RECTIFICATION_LINKED,
        obj=complaint,
        before=before,
        after=audit.snapshot(complaint),
    )
    return complaint


def plans_for(actor: Any, complaint: Complaint) -> Any:
    """The open inspection plans under which ``actor`` may open a rectification item for the complaint's organisation:
    the plans inspecting it (one of its targets) that the actor inspects or whose inspecting organisation they keep."""
    from zhibu.inspections.models import InspectionPlan
    from zhibu.inspections.services import may_inspect

    plans = (
        InspectionPlan.objects.visible_to(actor)
        .exclude(status=InspectionPlan.Status.CLOSED)
        .filter(targets__organization=complaint.organization)
        .select_related("organization")
        .distinct()
    )
    return [plan for plan in plans if may_inspect(actor, plan)]


@transaction.atomic
def open_rectification(
    *,
    actor: Any,
    complaint: Complaint,
    plan: Any,
    description: str,
    task: str,
    owner: Any,
    deadline: datetime.date | None,
    required_evidence: str,
) -> RectificationItem:
    """A complaint that reveals a work-style problem opens a rectification item in the one 整改 loop: a finding of an
    open inspection plan of the complaint's organisation (through ``inspections.services.add_finding``, its checks,
    audit rows and notifications), and the complaint is linked to its item."""
    from zhibu.inspections.services import add_finding

    complaint = Complaint.objects.select_for_update().select_related("organization").get(pk=complaint.pk)
    require(actor, CHANGE, complaint)
    if complaint.rectification_id is not None:
        raise ValidationError("该投诉已关联整改事项，不能重复新建")
    if plan is None or plan not in plans_for(actor, complaint):
        raise ValidationError({"plan": f"请选择您负责的、检查对象包括{complaint.organization}的进行中督查"})
    finding = add_finding(
        actor=actor,
        plan=plan,
        organization=complaint.organization,
        description=description,
        items=[{"task": task, "owner": owner, "deadline": deadline, "required_evidence": required_evidence}],
    )
    item = finding.items.get()
    link_rectification(actor=actor, complaint=complaint, item=item)
    return item


def complaints_of_item(item: RectificationItem, user: Any) -> list[tuple[str, str]]:
    """The complaints tied to a rectification item that ``user`` may see, for the item's page (the link both ways)."""
    linked = Complaint.objects.visible_to(user).filter(rectification=item).select_related("kind")
    return [(f"效能投诉：{complaint}", complaint.get_absolute_url()) for complaint in linked]
