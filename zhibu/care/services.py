"""Every write of the care registry: list a member, change or end their listing, record a visit or support. One
transaction each, with its audit row. No verdict reads care records, so no ``records_changed`` is announced."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from zhibu.care.models import CareCase, CareVisit, Kind, Level, VisitKind
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.scoping import CHANGE, require
from zhibu.core.services import Conflict, require_past_date
from zhibu.members.models import Member

MAX_AMOUNT = Decimal("1000000")


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


def _check_case(kind: str, reason: str, level: str) -> str:
    errors = {}
    if kind not in Kind.values:
        errors["kind"] = "请选择关怀类别：生活困难党员、老党员或离退休党员"
    if level not in Level.values:
        errors["level"] = "请选择关怀程度：一般关注、重点关怀或特别困难"
    reason = (reason or "").strip()
    if len(reason) < 2:
        errors["reason"] = "请写明情况，如：本人患重病，家庭收入低"
    if errors:
        raise ValidationError(errors)
    return reason


@transaction.atomic
def register_case(
    *, actor: Any, member: Member, kind: str, reason: str, since: datetime.date | None, level: str = Level.ORDINARY
) -> CareCase:
    require(actor, CHANGE, member)
    reason = _check_case(kind, reason, level)
    require_past_date(since, "since", "列入日期")
    assert since is not None
    existing = CareCase.objects.filter(member=member, kind=kind, ended_on__isnull=True).first()
    if existing is not None:
        raise Conflict(
            {
                "member": f"{member.name}已列为{existing.get_kind_display()}（{existing.since:%Y年%m月%d日}起），请修改原记录"
            },
            existing=existing,
        )
    case = CareCase.objects.create(
        organization=member.organization, member=member, kind=kind, reason=reason, since=since, level=level
    )
    audit.record(actor=actor, event=Event.CARE_CASE_REGISTERED, obj=case, after=audit.snapshot(case))
    return case


@transaction.atomic
def update_case(
    *, actor: Any, carecase: CareCase, reason: str, level: str, ended_on: datetime.date | None = None
) -> CareCase:
    case = CareCase.objects.select_for_update().get(pk=carecase.pk)
    require(actor, CHANGE, case)
    reason = _check_case(case.kind, reason, level)
    if ended_on is not None:
        require_past_date(ended_on, "ended_on", "退出日期")
        if ended_on < case.since:
            raise ValidationError({"ended_on": f"退出日期不能早于列入日期（{case.since:%Y年%m月%d日}）"})
    before = audit.snapshot(case)
    case.reason, case.level, case.ended_on = reason, level, ended_on
    case.save(update_fields=["reason", "level", "ended_on", "updated_at"])
    audit.record(actor=actor, event=Event.CARE_CASE_UPDATED, obj=case, before=before, after=audit.snapshot(case))
    return case


@transaction.atomic
def record_visit(
    *,
    actor: Any,
    carecase: CareCase,
    kind: str,
    visited_on: datetime.date | None,
    visitors: str,
    note: str,
    amount: Decimal | None = None,
) -> CareVisit:
    case = CareCase.objects.select_for_update().get(pk=carecase.pk)
    require(actor, CHANGE, case)
    errors = {}
    if kind not in VisitKind.values:
        errors["kind"] = "请选择方式：走访慰问或帮扶"
    visitors, note = (visitors or "").strip(), (note or "").strip()
    if not visitors:
        errors["visitors"] = "请填写走访人，如：支部书记王某"
    if len(note) < 2:
        errors["note"] = "请写明慰问或帮扶的内容"
    if amount is not None and not (Decimal("0") < amount < MAX_AMOUNT):
        errors["amount"] = "金额应大于0元、小于100万元，保留两位小数；未发放钱款请留空"
    if errors:
        raise ValidationError(errors)
    require_past_date(visited_on, "visited_on", "日期")
    assert visited_on is not None
    if visited_on < case.since:
        raise ValidationError({"visited_on": f"日期不能早于列入关怀的日期（{case.since:%Y年%m月%d日}）"})
    if not case.is_open(visited_on):
        raise ValidationError({"visited_on": "该党员已退出关怀名单，不能再登记走访；如需重新列入请新建关怀对象"})
    visit = CareVisit.objects.create(
        case=case,
        kind=kind,
        visited_on=visited_on,
        visitors=visitors[:100],
        note=note[:500],
        amount=amount,
        recorded_by=_user(actor),
    )
    audit.record(actor=actor, event=Event.CARE_VISIT_RECORDED, obj=visit, after=audit.snapshot(visit))
    return visit
