"""组织关系转接: out, then in with a receipt; the member's affiliation history records every move (docs/rules.md MEM-05, MEM-07)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.scoping import CHANGE, VIEW, can, require
from zhibu.core.services import Conflict, require_past_date
from zhibu.members.choices import RecordStatus
from zhibu.members.models import Affiliation, Member, Transfer
from zhibu.members.services import check_branch, create_member, fill_derived, id_index, lock_member, normalize
from zhibu.organizations.models import Organization


def _move(member: Member, organization: Organization, on: datetime.date, reason: str) -> None:
    Affiliation.objects.filter(member=member, ended_on__isnull=True).update(ended_on=on)
    Affiliation.objects.create(member=member, organization=organization, started_on=on, reason=reason)
    member.organization = organization


@transaction.atomic
def start_transfer(
    *,
    actor,
    member: Member,
    kind: str,
    issued_on: datetime.date,
    to_organization: Organization | None = None,
    counterpart: str = "",
    letter_number: str = "",
    note: str = "",
) -> Transfer:
    require(actor, CHANGE, member)
    member = lock_member(member, None)
    if member.record_status != RecordStatus.ACTIVE:
        raise ValidationError(f"该党员当前为“{member.get_record_status_display()}”，不能办理转出")
    require_past_date(issued_on, "issued_on", "介绍信开具日期")
    if kind == Transfer.Kind.INTERNAL:
        if to_organization is None:
            raise ValidationError({"to_organization": "系统内转接须选择接收党支部"})
        check_branch(to_organization, "to_organization")
        if to_organization.pk == member.organization_id:
            raise ValidationError({"to_organization": "接收党支部与当前所在党支部相同"})
        counterpart = ""
    elif kind == Transfer.Kind.OUTBOUND:
        if not counterpart.strip():
            raise ValidationError({"counterpart": "转出至系统外须填写对方党组织名称"})
        if not letter_number.strip():
            raise ValidationError({"letter_number": "转出至系统外须填写介绍信编号"})
        to_organization = None
    else:
        raise ValidationError({"kind": "请选择转接类型（系统内转接或转出至系统外）"})
    pending = Transfer.objects.filter(member=member, status=Transfer.Status.PENDING).first()
    if pending is not None:
        raise Conflict("该党员已有一笔待接收的转接，请先完成或撤销", existing=pending)
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                member=member,
                kind=kind,
                from_organization=member.organization,
                to_organization=to_organization,
                counterpart=counterpart.strip(),
                letter_number=letter_number.strip(),
                issued_on=issued_on,
                note=note,
            )
    except IntegrityError:
        raise ValidationError("该党员已有一笔待接收的转接，请先完成或撤销") from None
    audit.record(actor=actor, event=Event.TRANSFER_STARTED, obj=transfer, after=audit.snapshot(transfer))
    records_changed(organizations=_sides(transfer), topic=Topic.MEMBERS, day=transfer.issued_on)
    return transfer


@transaction.atomic
def complete_transfer(*, actor, transfer: Transfer, received_on: datetime.date, note: str = "") -> Transfer:
    """The receiving branch confirms (internal) or the sending branch records the returned receipt (outbound)."""
    require(actor, VIEW, transfer)
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    internal = transfer.kind == Transfer.Kind.INTERNAL
    # An inbound transfer from outside the system is received when it is registered: it has no sending branch.
    deciding = transfer.to_organization if internal else transfer.from_organization
    if deciding is None:
        raise ValidationError("从系统外转入的组织关系在登记时已经接收，无需再确认")
    if not can(actor, CHANGE, deciding.path):
        who = "只有接收党支部可以确认接收" if internal else "只有转出党支部可以登记回执"
        raise PermissionDenied(f"{who}，您没有执行此操作的权限")
    if transfer.status != Transfer.Status.PENDING:
        raise ValidationError(f"该转接已{transfer.get_status_display()}，不能重复接收")
    require_past_date(received_on, "received_on", "接收日期")
    if received_on < transfer.issued_on:
        raise ValidationError({"received_on": "接收日期不能早于介绍信开具日期"})
    member = lock_member(transfer.member, None)
    before = audit.snapshot(transfer)
    if transfer.kind == Transfer.Kind.INTERNAL:
        check_branch(deciding, "to_organization")
        _move(member, deciding, received_on, "组织关系转入")
    else:
        Affiliation.objects.filter(member=member, ended_on__isnull=True).update(ended_on=received_on)
        member.record_status = RecordStatus.TRANSFERRED_OUT
    member.version += 1
    member.save()
    transfer.status, transfer.received_on = Transfer.Status.COMPLETED, received_on
    if note:
        transfer.note = (transfer.note + "；" + note).strip("；")[:200]
    transfer.save()
    audit.record(
        actor=actor, event=Event.TRANSFER_COMPLETED, obj=transfer, before=before, after=audit.snapshot(transfer)
    )
    records_changed(organizations=_sides(transfer), topic=Topic.MEMBERS, day=received_on)
    return transfer


@transaction.atomic
def cancel_transfer(*, actor, transfer: Transfer, reason: str) -> Transfer:
    require(actor, VIEW, transfer)
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.from_organization is None or not can(actor, CHANGE, transfer.from_organization.path):
        raise PermissionDenied("只有转出党支部可以撤销转接")
    if transfer.status != Transfer.Status.PENDING:
        raise ValidationError(f"该转接已{transfer.get_status_display()}，不能撤销")
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤销原因"})
    before = audit.snapshot(transfer)
    transfer.status = Transfer.Status.CANCELLED
    transfer.note = f"撤销：{reason.strip()}"[:200]
    transfer.save()
    audit.record(
        actor=actor, event=Event.TRANSFER_CANCELLED, obj=transfer, before=before, after=audit.snapshot(transfer)
    )
    return transfer


@transaction.atomic
def receive_from_outside(
    *,
    actor,
    organization: Organization,
    received_on: datetime.date,
    counterpart: str,
    letter_number: str,
    member_fields: dict,
    note: str = "",
) -> Transfer:
    """A member arrives from an organisation outside zhibu; a member who left earlier is re-activated."""
    require(actor, CHANGE, organization)
    check_branch(organization)
    require_past_date(received_on, "received_on", "接收日期")
    if not counterpart.strip():
        raise ValidationError({"counterpart": "请填写转出党组织名称"})
    member_fields = normalize(member_fields)
    existing = Member.objects.filter(id_number_index=id_index(member_fields.get("id_number", ""))).first()
    if existing is not None:
        if existing.record_status != RecordStatus.TRANSFERRED_OUT:
            raise ValidationError({"id_number": "该公民身份号码已在系统中登记且仍在册，请改用系统内转接"})
        member = lock_member(existing, None)
        before = audit.snapshot(member)
        member.record_status = RecordStatus.ACTIVE
        fill_derived(member)
        _move(member, organization, received_on, "从系统外转入")
        member.version += 1
        member.save()
        audit.record(
            actor=actor, event=Event.MEMBER_REACTIVATED, obj=member, before=before, after=audit.snapshot(member)
        )
    else:
        member = create_member(actor=actor, organization=organization, since=received_on, **member_fields)
    transfer = Transfer.objects.create(
        member=member,
        kind=Transfer.Kind.INBOUND,
        status=Transfer.Status.COMPLETED,
        to_organization=organization,
        counterpart=counterpart.strip(),
        letter_number=letter_number.strip(),
        issued_on=received_on,
        received_on=received_on,
        note=note,
    )
    audit.record(actor=actor, event=Event.TRANSFER_RECEIVED, obj=transfer, after=audit.snapshot(transfer))
    return transfer


def _sides(transfer: Transfer) -> list[Organization]:
    return [org for org in (transfer.from_organization, transfer.to_organization) if org is not None]
