"""The writes of a brand's years (services.py holds the 四强 path and the brand's registration): its projects with
goals, the progress and results the organisation writes, and the evaluator's yearly 认定. Each in one transaction with
its audit row."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.branding.models import Brand, BrandProject, BrandReview, BrandStatus
from zhibu.branding.services import evaluates
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.scoping import CHANGE, VIEW, require
from zhibu.core.services import require_past_date


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


def _text(value: str | None, field: str, label: str, least: int, most: int) -> str:
    value = (value or "").strip()
    if len(value) < least:
        raise ValidationError({field: f"请填写{label}（至少{least}个字）"})
    if len(value) > most:
        raise ValidationError({field: f"{label}不能超过{most}个字"})
    return value


def _year(value: int | None, field: str = "year") -> int:
    today = timezone.localdate()
    if value is None or not today.year - 1 <= value <= today.year + 1:
        raise ValidationError({field: f"年度应为{today.year - 1}至{today.year + 1}年"})
    return value


@transaction.atomic
def add_project(*, actor: Any, brand: Brand, year: int, title: str, goal: str) -> BrandProject:
    brand = Brand.objects.select_for_update().select_related("organization").get(pk=brand.pk)
    require(actor, CHANGE, brand)
    if brand.status == BrandStatus.NOT_RECOGNISED:
        raise ValidationError("该品牌未被认定，不能再登记项目；可重新登记品牌")
    year = _year(year)
    title = _text(title, "title", "项目名称", 2, 100)
    goal = _text(goal, "goal", "项目目标", 10, 4000)
    if BrandProject.objects.filter(brand=brand, year=year, title=title).exists():
        raise ValidationError({"title": f"{year}年度已有项目“{title}”"})
    if BrandReview.objects.filter(brand=brand, year=year).exists():
        raise ValidationError({"year": f"{year}年度已评价，不能再登记该年度的项目"})
    project = BrandProject.objects.create(brand=brand, year=year, title=title, goal=goal, created_by=_user(actor))
    audit.record(actor=actor, event=Event.BRAND_PROJECT_ADDED, obj=project, after=audit.snapshot(project))
    return project


@transaction.atomic
def report_progress(*, actor: Any, brandproject: BrandProject, progress: str, results: str = "") -> BrandProject:
    """The organisation writes (or rewrites) a project's progress and results until the year is reviewed."""
    project = BrandProject.objects.select_for_update().select_related("brand__organization").get(pk=brandproject.pk)
    require(actor, CHANGE, project)
    if BrandReview.objects.filter(brand=project.brand, year=project.year).exists():
        raise ValidationError(f"{project.year}年度已评价，进展和成效不能再修改")
    progress = _text(progress, "progress", "项目进展", 10, 4000)
    results = (results or "").strip()
    if len(results) > 4000:
        raise ValidationError({"results": "成效不能超过4000个字"})
    before = audit.snapshot(project)
    project.progress, project.results, project.progress_on = progress, results, timezone.localdate()
    project.save(update_fields=["progress", "results", "progress_on", "updated_at"])
    audit.record(
        actor=actor,
        event=Event.BRAND_PROJECT_PROGRESSED,
        obj=project,
        before=before,
        after=audit.snapshot(project),
    )
    return project


@transaction.atomic
def review_year(
    *, actor: Any, brand: Brand, year: int, happened_on: datetime.date | None, recognised: bool, note: str = ""
) -> BrandReview:
    """The evaluator's 认定 of a recognised brand for a year, read from the year's projects with their progress."""
    brand = Brand.objects.select_for_update().select_related("organization", "evaluator").get(pk=brand.pk)
    require(actor, VIEW, brand)
    if not evaluates(actor, brand):
        raise PermissionDenied(f"由{brand.evaluator.name}评价")
    if brand.status != BrandStatus.RECOGNISED:
        raise ValidationError(f"该品牌{brand.get_status_display()}，认定后才进行年度评价")
    year = _year(year)
    if BrandReview.objects.filter(brand=brand, year=year).exists():
        raise ValidationError({"year": f"{year}年度已评价，不能重复评价"})
    if not BrandProject.objects.filter(brand=brand, year=year).exclude(progress="").exists():
        raise ValidationError({"year": f"{brand.name}{year}年度尚无填报了进展的项目，不能评价"})
    require_past_date(happened_on, "happened_on", "评价日期")
    assert happened_on is not None
    if happened_on.year < year:
        raise ValidationError({"happened_on": f"{year}年度的评价日期不能早于{year}年"})
    note = _text(note, "note", "评价意见（不予认定时写明理由）", 2, 500)
    review = BrandReview.objects.create(
        brand=brand, year=year, recognised=recognised, note=note, reviewed_on=happened_on, reviewed_by=_user(actor)
    )
    audit.record(actor=actor, event=Event.BRAND_YEAR_REVIEWED, obj=review, after=audit.snapshot(review))
    return review
