import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from zhibu.committees.models import Position, PositionKind, Term, TermDelay
from zhibu.committees.terms import MAX_DELAY_YEARS, default_planned_end
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.formatting import cn_date
from zhibu.core.scoping import CHANGE, VIEW, can, require
from zhibu.core.services import Conflict, require_past_date
from zhibu.members.choices import RecordStatus
from zhibu.members.models import Member
from zhibu.members.validation import add_years
from zhibu.organizations.models import Organization, OrganizationKind

TERM_FIELDS = ("number", "elected_on", "started_on", "planned_end_on", "approval_document", "note")


def _check_term_dates(term: Term) -> None:
    require_past_date(term.elected_on, "elected_on", "选举日期")
    if term.started_on < term.elected_on:
        raise ValidationError({"started_on": "任期开始不能早于选举日期"})
    if term.planned_end_on <= term.started_on:
        raise ValidationError({"planned_end_on": "任期届满日期应晚于任期开始日期"})


@transaction.atomic
def create_term(
    *,
    actor,
    organization: Organization,
    number: int,
    elected_on: datetime.date,
    started_on: datetime.date,
    planned_end_on: datetime.date | None = None,
    approval_document: str = "",
    note: str = "",
) -> Term:
    """A new term (换届): the open term ends the day the new one starts, and so do its posts."""
    require(actor, CHANGE, organization)
    if organization.kind == OrganizationKind.GROUP:
        raise ValidationError("党小组不设委员会届次")
    if started_on is None:
        raise ValidationError({"started_on": "请填写任期开始日期"})
    planned_end_on = planned_end_on or default_planned_end(organization.kind, started_on)
    term = Term(
        organization=organization,
        number=number,
        elected_on=elected_on,
        started_on=started_on,
        planned_end_on=planned_end_on,
        approval_document=approval_document,
        note=note,
    )
    _check_term_dates(term)
    previous = Term.objects.select_for_update().filter(organization=organization, ended_on__isnull=True).first()
    same = Term.objects.filter(organization=organization, number=number).first()
    if same is not None:
        later = f"；新一届的届次应大于当前的第{previous.number}届" if previous is not None else ""
        raise Conflict({"number": f"{organization}第{number}届已存在{later}"}, existing=same)
    if previous is not None:
        if number <= previous.number:
            raise ValidationError({"number": f"届次应大于当前的第{previous.number}届"})
        if started_on < previous.started_on:
            raise ValidationError({"started_on": "新一届任期开始不能早于上一届"})
        before = audit.snapshot(previous)
        previous.ended_on = started_on
        previous.save(update_fields=["ended_on", "updated_at"])
        Position.objects.filter(term=previous, ended_on__isnull=True).update(ended_on=started_on, end_reason="换届")
        audit.record(actor=actor, event=Event.TERM_CLOSED, obj=previous, before=before, after=audit.snapshot(previous))
    term.full_clean()
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError:
        raise ValidationError({"number": f"第{number}届已存在"}) from None
    audit.record(actor=actor, event=Event.TERM_CREATED, obj=term, after=audit.snapshot(term))
    records_changed(organization=term.organization, topic=Topic.COMMITTEES)
    return term


@transaction.atomic
def update_term(*, actor, term: Term, **changes) -> Term:
    require(actor, CHANGE, term)
    term = Term.objects.select_for_update().get(pk=term.pk)
    before = audit.snapshot(term)
    for name, value in changes.items():
        if name not in TERM_FIELDS:
            raise ValidationError(f"不能修改字段：{name}")
        setattr(term, name, value)
    _check_term_dates(term)
    term.full_clean()
    term.save()
    audit.record(actor=actor, event=Event.TERM_UPDATED, obj=term, before=before, after=audit.snapshot(term))
    records_changed(organization=term.organization, topic=Topic.COMMITTEES)
    return term


def may_approve_delay(user, term: Term) -> bool:
    """Only the organisation above may approve putting off a 换届 (docs/rules.md ELE-02)."""
    above = term.organization.parent
    return term.ended_on is None and above is not None and can(user, CHANGE, above.path)


@transaction.atomic
def approve_delay(
    *,
    actor,
    term: Term,
    approved_on: datetime.date,
    document_number: str,
    delayed_to: datetime.date,
    reason: str,
) -> TermDelay:
    """The organisation above approves a delay of the 换届 (docs/rules.md ELE-02): at most a year past the planned end,
    recorded by that organisation, never by the organisation whose term it is."""
    require(actor, VIEW, term)
    term = Term.objects.select_for_update().get(pk=term.pk)  # not joined: the top organisation has no parent
    above = term.organization.parent
    if above is None:
        raise ValidationError(f"{term.organization}没有上级党组织，延期换届的批准不在本系统登记")
    if not can(actor, CHANGE, above.path):
        raise PermissionDenied(f"延期换届须由上级党组织（{above}）批准并登记")
    if term.ended_on is not None:
        raise ValidationError("该届已结束，不能再批准延期")
    require_past_date(approved_on, "approved_on", "批准日期")
    if approved_on < term.started_on:
        raise ValidationError({"approved_on": "批准日期不能早于本届任期开始"})
    document_number, reason = (document_number or "").strip(), (reason or "").strip()
    if not document_number:
        raise ValidationError({"document_number": "请填写批准文号，如“×机关党委〔2026〕5号”"})
    if len(reason) < 4:
        raise ValidationError({"reason": "请写明延期理由（不少于4个字）"})
    if delayed_to is None or delayed_to <= term.planned_end_on:
        raise ValidationError({"delayed_to": f"延期至的日期应晚于任期届满日期（{cn_date(term.planned_end_on)}）"})
    limit = add_years(term.planned_end_on, MAX_DELAY_YEARS)
    if delayed_to > limit:
        raise ValidationError(
            {"delayed_to": f"延期一般不超过{MAX_DELAY_YEARS}年，最晚至{cn_date(limit)}；请核对日期或按期换届"}
        )
    delay = TermDelay(
        term=term,
        approved_on=approved_on,
        approving_organization=above,
        document_number=document_number[:60],
        delayed_to=delayed_to,
        reason=reason[:300],
        recorded_by=audit.actor_user(actor),
    )
    delay.full_clean()
    delay.save()
    audit.record(actor=actor, event=Event.TERM_DELAY_APPROVED, obj=delay, after=audit.snapshot(delay))
    records_changed(organization=term.organization, topic=Topic.COMMITTEES)
    return delay


def _check_holder(term: Term, holder: Member | None, started_on: datetime.date) -> None:
    if holder is None:
        return
    organization = term.organization
    if holder.record_status != RecordStatus.ACTIVE or not holder.organization.path.startswith(organization.path):
        raise ValidationError({"holder": f"“{holder}”不是{organization}的在册党员，不能担任其委员"})


@transaction.atomic
def assign_position(
    *,
    actor,
    term: Term,
    kind: PositionKind,
    holder: Member | None,
    started_on: datetime.date,
    is_by_election: bool = False,
    note: str = "",
) -> Position:
    require(actor, CHANGE, term)
    term = Term.objects.select_for_update().select_related("organization").get(pk=term.pk)
    if term.ended_on is not None:
        raise ValidationError("该届已结束，不能再任职；请在当前届次中操作")
    require_past_date(started_on, "started_on", "任职日期")
    if started_on < term.started_on:
        raise ValidationError({"started_on": "任职日期不能早于本届任期开始"})
    _check_holder(term, holder, started_on)
    open_positions = Position.objects.filter(term=term, ended_on__isnull=True)
    seated = open_positions.filter(kind=kind, holder__isnull=False).first() if kind.single_seat else None
    if seated is not None:
        raise Conflict({"kind": f"本届{kind}已有人在任，请先办理离任"}, existing=seated)
    same = open_positions.filter(kind=kind, holder=holder).first() if holder is not None else None
    if same is not None:
        raise Conflict({"holder": f"{holder}已在任{kind}"}, existing=same)
    # Filling a vacancy ends the vacancy record.
    open_positions.filter(kind=kind, holder__isnull=True).update(ended_on=started_on, end_reason="已补齐")
    position = Position(
        term=term, kind=kind, holder=holder, started_on=started_on, is_by_election=is_by_election, note=note
    )
    position.full_clean()
    position.save()
    audit.record(actor=actor, event=Event.POSITION_ASSIGNED, obj=position, after=audit.snapshot(position))
    records_changed(organization=term.organization, topic=Topic.COMMITTEES)
    return position


@transaction.atomic
def end_position(
    *, actor, position: Position, ended_on: datetime.date, reason: str, leave_vacant: bool = True
) -> Position:
    """A holder leaves a post (调离, 辞职 …); the post is then recorded as vacant until a 补选."""
    require(actor, CHANGE, position)
    position = Position.objects.select_for_update().select_related("term").get(pk=position.pk)
    if position.ended_on is not None:
        raise ValidationError("该任职已结束")
    require_past_date(ended_on, "ended_on", "离任日期")
    if ended_on < position.started_on:
        raise ValidationError({"ended_on": "离任日期不能早于任职日期"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写离任原因"})
    before = audit.snapshot(position)
    position.ended_on, position.end_reason = ended_on, reason.strip()[:100]
    position.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit.record(actor=actor, event=Event.POSITION_ENDED, obj=position, before=before, after=audit.snapshot(position))
    records_changed(organization=position.term.organization, topic=Topic.COMMITTEES)
    if leave_vacant and position.holder_id is not None:
        vacancy = Position.objects.create(
            term=position.term, kind=position.kind, holder=None, started_on=ended_on, note="空缺，待补选"
        )
        audit.record(actor=actor, event=Event.POSITION_VACATED, obj=vacancy, after=audit.snapshot(vacancy))
    return position


KIND_FIELDS = ("code", "name", "sort_order", "single_seat", "core")


@transaction.atomic
def save_position_kind(*, actor, kind: PositionKind | None = None, **fields) -> PositionKind:
    """Committee posts are configuration: only platform administrators change them, and every change is audited."""
    if not actor.is_platform_admin:
        raise PermissionDenied("只有工委管理员可以设置委员职务")
    before = audit.snapshot(kind) if kind is not None else None
    kind = kind or PositionKind()
    for name, value in fields.items():
        if name not in KIND_FIELDS:
            raise ValidationError(f"不能修改字段：{name}")
        setattr(kind, name, value)
    kind.full_clean()
    kind.save()
    audit.record(actor=actor, event=Event.SETTINGS_CHANGED, obj=kind, before=before, after=audit.snapshot(kind))
    return kind
