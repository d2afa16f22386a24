"""Every write of the integrity app: a risk point, its reviews (which move the next review date), and the early-stage
discipline records. A discipline record's audit row names only its id and organisation (``DisciplineRecord.
audit_exclude`` and ``AUDIT_REPR``): the audit page is read by roles the record is hidden from."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.scoping import CHANGE, require
from zhibu.core.services import require_past_date
from zhibu.integrity.models import (
    DisciplineKind,
    DisciplineRecord,
    RiskLevel,
    RiskPoint,
    RiskReview,
    discipline_paths,
)
from zhibu.members.models import Member
from zhibu.organizations.models import Organization

NOT_KEEPER = "早期处置记录只能由纪检人员或本组织（及上级）党组织委员会委员登记"


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it has none (31 August + 6 months → 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _text(value: str, field: str, label: str, errors: dict[str, str], *, minimum: int = 2, maximum: int = 500) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        errors[field] = f"请填写{label}"
    elif len(value) > maximum:
        errors[field] = f"{label}请控制在{maximum}字以内（现有{len(value)}字）"
    return value


@transaction.atomic
def create_risk(
    *,
    actor: Any,
    organization: Organization,
    post: str,
    description: str,
    level: str,
    controls: str,
    owner: str,
    identified_on: datetime.date | None,
    process: str = "",
    review_interval_months: int = 6,
) -> RiskPoint:
    require(actor, CHANGE, organization)
    errors: dict[str, str] = {}
    post = _text(post, "post", "岗位", errors, minimum=1, maximum=60)
    description = _text(description, "description", "风险点（可能发生的廉政风险）", errors, maximum=300)
    controls = _text(controls, "controls", "防控措施", errors)
    owner = _text(owner, "owner", "责任人", errors, minimum=1, maximum=50)
    if level not in RiskLevel.values:
        errors["level"] = "请选择风险等级：高、中或低"
    if review_interval_months is None or not 1 <= review_interval_months <= 24:
        errors["review_interval_months"] = "复查周期应为1至24个月"
    if errors:
        raise ValidationError(errors)
    require_past_date(identified_on, "identified_on", "识别日期")
    assert identified_on is not None
    risk = RiskPoint.objects.create(
        organization=organization,
        post=post,
        process=(process or "").strip()[:60],
        description=description,
        level=level,
        controls=controls,
        owner=owner,
        review_interval_months=review_interval_months,
        identified_on=identified_on,
        next_review_on=add_months(identified_on, review_interval_months),
    )
    audit.record(actor=actor, event=Event.RISK_CREATED, obj=risk, after=audit.snapshot(risk))
    return risk


@transaction.atomic
def review_risk(
    *,
    actor: Any,
    riskpoint: RiskPoint,
    reviewed_on: datetime.date | None,
    reviewer: str,
    finding: str,
    level: str,
    active: bool = True,
) -> RiskReview:
    """A periodic review: its date moves the next one on by the risk's interval; ``active=False`` retires the risk."""
    risk = RiskPoint.objects.select_for_update().get(pk=riskpoint.pk)
    require(actor, CHANGE, risk)
    errors: dict[str, str] = {}
    reviewer = _text(reviewer, "reviewer", "复查人", errors, minimum=1, maximum=50)
    finding = _text(finding, "finding", "复查情况（防控措施落实情况）", errors)
    if level not in RiskLevel.values:
        errors["level"] = "请选择复查后的风险等级：高、中或低"
    if errors:
        raise ValidationError(errors)
    require_past_date(reviewed_on, "reviewed_on", "复查日期")
    assert reviewed_on is not None
    if reviewed_on < risk.identified_on:
        raise ValidationError({"reviewed_on": f"复查日期不能早于识别日期（{risk.identified_on:%Y年%m月%d日}）"})
    if risk.last_reviewed_on and reviewed_on < risk.last_reviewed_on:
        raise ValidationError({"reviewed_on": f"复查日期不能早于上次复查（{risk.last_reviewed_on:%Y年%m月%d日}）"})
    review = RiskReview.objects.create(
        risk=risk, reviewed_on=reviewed_on, reviewer=reviewer, finding=finding, level=level, recorded_by=_user(actor)
    )
    before = audit.snapshot(risk)
    risk.level, risk.last_reviewed_on, risk.active = level, reviewed_on, active
    risk.next_review_on = add_months(reviewed_on, risk.review_interval_months)
    risk.save(update_fields=["level", "last_reviewed_on", "next_review_on", "active", "updated_at"])
    audit.record(
        actor=actor,
        event=Event.RISK_REVIEWED,
        obj=risk,
        before=before,
        after=audit.snapshot(risk),
        extra={"review": review.pk},
    )
    return review


def _check_discipline(kind: str, reason: str, outcome: str, happened_on: datetime.date | None) -> tuple[str, str]:
    errors: dict[str, str] = {}
    if kind not in DisciplineKind.values:
        errors["kind"] = "请选择方式：提醒谈话、函询或诫勉"
    reason = _text(reason, "reason", "事由", errors)
    outcome = (outcome or "").strip()
    if len(outcome) > 500:
        errors["outcome"] = f"结果请控制在500字以内（现有{len(outcome)}字）"
    if errors:
        raise ValidationError(errors)
    require_past_date(happened_on, "happened_on", "日期")
    return reason, outcome


def _may_keep(actor: Any, organization: Organization) -> None:
    if not any(organization.path.startswith(path) for path in discipline_paths(actor)):
        raise PermissionDenied(NOT_KEEPER)


@transaction.atomic
def record_discipline(
    *,
    actor: Any,
    member: Member,
    kind: str,
    happened_on: datetime.date | None,
    reason: str,
    outcome: str = "",
) -> DisciplineRecord:
    organization = member.organization
    _may_keep(actor, organization)
    if getattr(actor, "pk", None) is not None and member.user_id == actor.pk:
        raise PermissionDenied("不能登记关于本人的早期处置记录，请由其他纪检人员或委员登记")
    if member.restricted_at is not None:
        raise ValidationError({"member": "该党员的信息已限制处理，不能登记"})
    reason, outcome = _check_discipline(kind, reason, outcome, happened_on)
    assert happened_on is not None
    if happened_on < member.joined_on:
        raise ValidationError({"happened_on": f"日期不能早于该党员的入党日期（{member.joined_on:%Y年%m月%d日}）"})
    record = DisciplineRecord.objects.create(
        organization=organization,
        member=member,
        kind=kind,
        happened_on=happened_on,
        reason=reason,
        outcome=outcome,
        recorded_by=_user(actor),
    )
    audit.record(
        actor=actor,
        event=Event.DISCIPLINE_RECORDED,
        obj=record,
        after=audit.snapshot(record),
        object_repr=DisciplineRecord.AUDIT_REPR,
    )
    return record


@transaction.atomic
def update_discipline(*, actor: Any, disciplinerecord: DisciplineRecord, reason: str, outcome: str) -> DisciplineRecord:
    """The reason corrected or the outcome added (a 函询's answer arrives later)."""
    record = (
        DisciplineRecord.objects.visible_to(actor, CHANGE).select_for_update().filter(pk=disciplinerecord.pk).first()
    )
    if record is None:
        raise PermissionDenied(NOT_KEEPER)
    reason, outcome = _check_discipline(record.kind, reason, outcome, record.happened_on)
    record.reason, record.outcome = reason, outcome
    record.save(update_fields=["reason", "outcome", "updated_at"])
    audit.record(
        actor=actor,
        event=Event.DISCIPLINE_UPDATED,
        obj=record,
        before=audit.snapshot(record),
        after=audit.snapshot(record),
        object_repr=DisciplineRecord.AUDIT_REPR,
    )
    return record
