"""Every write of 四强党支部: the application (with the locked star-rating result attached), the review by the level
above, 公示 with its objections (``zhibu.core.publicity``, shared with awards), the naming, and the named branches'
cases; the 党建品牌 registered and evaluated. Each runs in one transaction and writes one audit row. No verdict reads these records (JL-02/JL-03 are still
pending in the catalogue), so no ``records_changed`` is announced."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.branding.models import (
    CLOSED_STAGES,
    Brand,
    BrandKind,
    BrandStatus,
    Case,
    FourStrongApplication,
    FourStrongObjection,
    Stage,
)
from zhibu.core import audit, publicity
from zhibu.core.audit_catalogue import Event
from zhibu.core.formatting import cn_date
from zhibu.core.models import Attachment
from zhibu.core.publicity import Resolution
from zhibu.core.scoping import CHANGE, VIEW, can, require
from zhibu.core.services import require_past_date
from zhibu.core.uploads import store_upload
from zhibu.organizations.models import BRANCH_KINDS, COMMITTEE_KINDS, Organization, OrganizationKind
from zhibu.ratings.models import Dimension, ScoringSheet


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


def locked_rating(organization: Organization, year: int) -> tuple[ScoringSheet, dict] | None:
    """The branch's row in the locked (定稿) star-rating sheet of the year set by an organisation above it."""
    sheets = (
        ScoringSheet.objects.filter(year=year, locked_at__isnull=False)
        .select_related("organization")
        .order_by("-organization__path")  # the nearest organisation above first
    )
    for sheet in sheets:
        if not organization.path.startswith(sheet.organization.path):
            continue
        for row in sheet.final_results or []:
            if row.get("organization_id") == organization.pk:
                return sheet, row
    return None


def rating_summary(row: dict) -> str:
    if not row:
        return ""
    parts = [f"{row.get('stars', 0)}星，得分率{row.get('percent')}%"]
    dimensions = row.get("dimensions") or {}
    for dimension in Dimension:
        if dimension.value in dimensions:
            parts.append(f"{dimension.label}{dimensions[dimension.value]}%")
    parts.append("达到“四强”条件" if row.get("four_strong") else "未达到“四强”条件")
    return "；".join(parts)


def _store(actor: Any, organization: Organization, upload: Any, field: str) -> Attachment:
    try:
        return store_upload(actor=actor, organization=organization, purpose="branding.evidence", upload=upload)
    except ValidationError as refusal:  # named after the upload's field here
        raise ValidationError({field: refusal.messages}) from None


@transaction.atomic
def apply(
    *, actor: Any, organization: Organization, year: int, evidence: str, uploads: list | None = None
) -> FourStrongApplication:
    require(actor, CHANGE, organization)
    if organization.kind not in BRANCH_KINDS:
        raise ValidationError({"organization": "“四强”党支部由党支部申报，请选择党支部"})
    reviewer = organization.parent
    if reviewer is None:
        raise ValidationError({"organization": "该党支部没有上级党组织，无法申报"})
    today = timezone.localdate()
    if year is None or not today.year - 2 <= year <= today.year:
        raise ValidationError({"year": f"年度应为{today.year - 2}至{today.year}年"})
    evidence = (evidence or "").strip()
    if len(evidence) < 10:
        raise ValidationError({"evidence": "请写明创建情况和佐证说明（至少10个字）"})
    # The organisation's row is locked first: a double submit queues here and the second sees the first.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    found = locked_rating(organization, year)
    if found is None:
        raise ValidationError(
            {
                "year": f"{organization.name}{year}年度的星级评定尚未定稿（或不在评定范围内），"
                "星级评定定稿后才能申报“四强”党支部"
            }
        )
    sheet, row = found
    if not row.get("four_strong"):
        raise ValidationError(
            {"year": f"{year}年度星级评定结果（{rating_summary(row)}）未达到“四强”党支部的推荐条件，不能申报"}
        )
    open_one = FourStrongApplication.objects.filter(organization=organization, year=year).exclude(
        stage__in=CLOSED_STAGES
    )
    if open_one.exists():
        raise ValidationError(f"{organization.name}已申报{year}年度“四强”党支部，不能重复申报")
    application = FourStrongApplication.objects.create(
        organization=organization,
        reviewer=reviewer,
        year=year,
        sheet=sheet,
        rating=row,
        evidence=evidence[:4000],
        submitted_on=today,
        created_by=_user(actor),
    )
    for upload in uploads or []:
        application.evidence_files.add(_store(actor, organization, upload, "uploads"))
    audit.record(actor=actor, event=Event.FOUR_STRONG_APPLIED, obj=application, after=audit.snapshot(application))
    return application


def reviews(actor: Any, application: FourStrongApplication) -> bool:
    """Whether the actor acts for the level above (the reviewer): review, 公示, objections and naming are theirs."""
    return can(actor, CHANGE, application.reviewer.path)


def _lock(application: FourStrongApplication, actor: Any) -> FourStrongApplication:
    locked = FourStrongApplication.objects.select_for_update().select_related("organization", "reviewer")
    application = locked.get(pk=application.pk)
    require(actor, VIEW, application)
    if not reviews(actor, application):
        raise PermissionDenied(f"由{application.reviewer.name}办理")
    return application


def _stage(application: FourStrongApplication, *expected: Stage) -> None:
    if application.stage not in expected:
        raise ValidationError(f"该申报当前为“{application.get_stage_display()}”，不能办理此步骤")


def _saved(actor: Any, application: FourStrongApplication, event: Event, before: dict) -> FourStrongApplication:
    application.save()
    audit.record(actor=actor, event=event, obj=application, before=before, after=audit.snapshot(application))
    return application


def _note(note: str, message: str) -> str:
    note = (note or "").strip()[:500]
    if len(note) < 2:
        raise ValidationError({"note": message})
    return note


@transaction.atomic
def review(
    *,
    actor: Any,
    application: FourStrongApplication,
    happened_on: datetime.date | None,
    agrees: bool,
    note: str = "",
) -> FourStrongApplication:
    """The level above approves the application or returns it with the reason (the branch may apply again)."""
    application = _lock(application, actor)
    _stage(application, Stage.SUBMITTED)
    require_past_date(happened_on, "happened_on", "审核日期")
    assert happened_on is not None
    if happened_on < application.submitted_on:
        raise ValidationError({"happened_on": f"审核日期不能早于申报日期（{cn_date(application.submitted_on)}）"})
    note = _note(note, "请写明审核意见；退回时写明退回理由" if agrees else "退回时请写明退回理由")
    before = audit.snapshot(application)
    application.stage = Stage.APPROVED if agrees else Stage.RETURNED
    application.reviewed_on, application.review_note, application.reviewed_by = happened_on, note, _user(actor)
    return _saved(actor, application, Event.FOUR_STRONG_REVIEWED, before)


@transaction.atomic
def publicise(
    *, actor: Any, application: FourStrongApplication, happened_on: datetime.date | None, publicity_days: int | None
) -> FourStrongApplication:
    application = _lock(application, actor)
    _stage(application, Stage.APPROVED)
    require_past_date(happened_on, "happened_on", "公示开始日期")
    assert happened_on is not None and application.reviewed_on is not None
    if happened_on < application.reviewed_on:
        raise ValidationError({"happened_on": f"公示不能早于审核日期（{cn_date(application.reviewed_on)}）"})
    if publicity_days is None or not 1 <= publicity_days <= 30:
        raise ValidationError({"publicity_days": "公示期应为1至30个工作日"})
    until = publicity.publicity_until(happened_on, publicity_days)
    before = audit.snapshot(application)
    application.stage = Stage.PUBLICISED
    application.publicity_days, application.publicity_from, application.publicity_until = (
        publicity_days,
        happened_on,
        until,
    )
    return _saved(actor, application, Event.FOUR_STRONG_PUBLICISED, before)


def unresolved(application: FourStrongApplication) -> int:
    return application.objections.filter(resolution="").count()


@transaction.atomic
def name(*, actor: Any, application: FourStrongApplication, happened_on: datetime.date | None) -> FourStrongApplication:
    """命名: after the 公示 has ended and every objection is answered."""
    application = _lock(application, actor)
    _stage(application, Stage.PUBLICISED)
    require_past_date(happened_on, "happened_on", "命名日期")
    assert happened_on is not None and application.publicity_until is not None
    open_objections = unresolved(application)
    if open_objections:
        raise ValidationError(f"公示期间收到的{open_objections}条异议尚未核实答复，处理完毕后才能命名")
    if happened_on <= application.publicity_until:
        raise ValidationError(
            {
                "happened_on": f"公示期至{cn_date(application.publicity_until)}结束"
                f"（{application.publicity_days}个工作日），公示期满后才能命名"
            }
        )
    before = audit.snapshot(application)
    application.stage = Stage.NAMED
    application.named_on, application.named_by = happened_on, _user(actor)
    return _saved(actor, application, Event.FOUR_STRONG_NAMED, before)


@transaction.atomic
def record_objection(
    *,
    actor: Any,
    application: FourStrongApplication,
    received_on: datetime.date | None,
    content: str,
    raised_by: str = "",
) -> FourStrongObjection:
    application = _lock(application, actor)
    if application.stage != Stage.PUBLICISED:
        raise ValidationError("只有公示中的申报才能登记异议")
    assert application.publicity_from is not None and application.publicity_until is not None
    fields = publicity.objection_fields(
        received_on=received_on,
        content=content,
        raised_by=raised_by,
        start=application.publicity_from,
        until=application.publicity_until,
    )
    objection = FourStrongObjection.objects.create(application=application, recorded_by=_user(actor), **fields)
    audit.record(
        actor=actor, event=Event.FOUR_STRONG_OBJECTION_RECORDED, obj=objection, after=audit.snapshot(objection)
    )
    return objection


@transaction.atomic
def answer_objection(
    *,
    actor: Any,
    objection: FourStrongObjection,
    answered_on: datetime.date | None,
    answer: str,
    resolution: str,
) -> FourStrongObjection:
    locked = FourStrongObjection.objects.select_for_update().select_related("application__reviewer")
    objection = locked.get(pk=objection.pk)
    require(actor, VIEW, objection)
    if not reviews(actor, objection.application):
        raise PermissionDenied(f"由{objection.application.reviewer.name}答复处理")
    before = audit.snapshot(objection)
    publicity.apply_answer(objection, answered_on=answered_on, answer=answer, resolution=resolution)
    objection.save()
    audit.record(
        actor=actor,
        event=Event.FOUR_STRONG_OBJECTION_ANSWERED,
        obj=objection,
        before=before,
        after=audit.snapshot(objection),
    )
    if resolution == Resolution.UPHELD:
        application = FourStrongApplication.objects.select_for_update().get(pk=objection.application_id)
        if application.stage == Stage.PUBLICISED:
            application_before = audit.snapshot(application)
            application.stage = Stage.WITHDRAWN
            application.save(update_fields=["stage", "updated_at"])
            audit.record(
                actor=actor,
                event=Event.FOUR_STRONG_REVIEWED,
                obj=application,
                before=application_before,
                after=audit.snapshot(application),
                extra={"step": "withdrawn"},
            )
    return objection


@transaction.atomic
def add_case(*, actor: Any, application: FourStrongApplication, title: str, text: str, file: Any = None) -> Case:
    application = FourStrongApplication.objects.select_related("organization").get(pk=application.pk)
    require(actor, CHANGE, application)
    if application.stage != Stage.NAMED:
        raise ValidationError("命名为“四强”党支部后才能提交案例")
    title = (title or "").strip()
    if len(title) < 2:
        raise ValidationError({"title": "请填写案例标题"})
    text = (text or "").strip()
    if len(text) < 20:
        raise ValidationError({"text": "请写明案例内容（至少20个字）"})
    if Case.objects.filter(application=application, title=title[:100]).exists():
        raise ValidationError({"title": f"已有标题为“{title}”的案例"})
    attachment = _store(actor, application.organization, file, "file") if file else None
    case = Case.objects.create(
        application=application,
        organization=application.organization,
        title=title[:100],
        text=text[:8000],
        file=attachment,
        created_by=_user(actor),
    )
    audit.record(actor=actor, event=Event.FOUR_STRONG_CASE_ADDED, obj=case, after=audit.snapshot(case))
    return case


# 党建品牌 -------------------------------------------------------------------------------------------------------------

BRAND_KINDS = BRANCH_KINDS | {OrganizationKind.GENERAL_BRANCH, OrganizationKind.DANGWEI}


def brand_evaluator(organization: Organization) -> Organization | None:
    """The committee above that evaluates the brand: the nearest 机关党委 (or 党组) above a branch, the 工委 above a
    机关党委."""
    above = organization.parent
    while above is not None and above.kind not in COMMITTEE_KINDS:
        above = above.parent
    return above


@transaction.atomic
def register_brand(
    *,
    actor: Any,
    organization: Organization,
    name: str,
    slogan: str,
    kind: str,
    description: str,
    activities: Any = (),
    cases: Any = (),
) -> Brand:
    """A branch (or an agency's committee) registers its brand with the records that bear it out: its own held
    meetings and activities and its 四强 cases, each checked to be the organisation's (or its subtree's)."""
    from zhibu.activities.models import Activity
    from zhibu.awards.records import HELD

    require(actor, CHANGE, organization)
    errors: dict[str, str] = {}
    if organization.kind not in BRAND_KINDS:
        errors["organization"] = "党建品牌由党支部、党总支或机关党委创建，请选择其中之一"
    evaluator = brand_evaluator(organization)
    if evaluator is None and "organization" not in errors:
        errors["organization"] = f"{organization.name}上级没有机关党委或机关工委，无法评价品牌"
    name, slogan, description = (name or "").strip(), (slogan or "").strip(), (description or "").strip()
    if not 2 <= len(name) <= 50:
        errors["name"] = "请填写品牌名称（2至50个字）"
    if not 2 <= len(slogan) <= 100:
        errors["slogan"] = "请填写品牌口号（2至100个字）"
    if kind not in BrandKind.values:
        errors["kind"] = "请选择品牌类型：基桩型、钉钉子型、联建型、引擎型、学习型或其他"
    if len(description) < 20:
        errors["description"] = "请写明品牌内涵和创建做法（至少20个字）"
    activities, cases = list(activities or ()), list(cases or ())
    own = set(
        Activity.objects.filter(
            organization__path__startswith=organization.path, status__in=HELD, pk__in=[a.pk for a in activities]
        ).values_list("pk", flat=True)
    )
    strangers = [a for a in activities if a.pk not in own]
    if strangers:
        errors["activities"] = f"“{strangers[0]}”不是{organization.name}已召开的组织生活或活动，不能作为品牌支撑"
    foreign = [c for c in cases if not c.organization.path.startswith(organization.path)]
    if foreign:
        errors["cases"] = f"案例“{foreign[0]}”不是{organization.name}的案例"
    if errors:
        raise ValidationError(errors)
    # The organisation's row is locked first: a double submit queues here and the second sees the first.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    current = Brand.objects.filter(organization=organization).exclude(status=BrandStatus.NOT_RECOGNISED).first()
    if current is not None:
        raise ValidationError(
            {"organization": f"{organization.name}已登记党建品牌“{current.name}”（一支部一品牌），不能重复登记"}
        )
    assert evaluator is not None
    brand = Brand.objects.create(
        organization=organization,
        evaluator=evaluator,
        name=name,
        slogan=slogan,
        kind=kind,
        description=description[:8000],
        registered_on=timezone.localdate(),
        created_by=_user(actor),
    )
    brand.activities.set(activities)
    brand.cases.set(cases)
    audit.record(actor=actor, event=Event.BRAND_REGISTERED, obj=brand, after=audit.snapshot(brand))
    return brand


def evaluates(actor: Any, brand: Brand) -> bool:
    return can(actor, CHANGE, brand.evaluator.path)


@transaction.atomic
def evaluate_brand(
    *, actor: Any, brand: Brand, happened_on: datetime.date | None, recognised: bool, note: str = ""
) -> Brand:
    """The committee above recognises the brand or not, with its reasons; a brand not recognised leaves room for the
    organisation to register another."""
    brand = Brand.objects.select_for_update().select_related("organization", "evaluator").get(pk=brand.pk)
    require(actor, VIEW, brand)
    if not evaluates(actor, brand):
        raise PermissionDenied(f"由{brand.evaluator.name}评价")
    if brand.status != BrandStatus.SUBMITTED:
        raise ValidationError(f"该品牌已评价（{brand.get_status_display()}），不能重复评价")
    require_past_date(happened_on, "happened_on", "评价日期")
    assert happened_on is not None
    if happened_on < brand.registered_on:
        raise ValidationError({"happened_on": f"评价日期不能早于登记日期（{cn_date(brand.registered_on)}）"})
    note = _note(note, "请写明评价意见；未认定时写明理由")
    before = audit.snapshot(brand)
    brand.status = BrandStatus.RECOGNISED if recognised else BrandStatus.NOT_RECOGNISED
    brand.evaluated_on, brand.evaluation_note, brand.evaluated_by = happened_on, note, _user(actor)
    brand.save()
    audit.record(actor=actor, event=Event.BRAND_EVALUATED, obj=brand, before=before, after=audit.snapshot(brand))
    return brand
