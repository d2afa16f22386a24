"""Every write to the working-day calendar. Only a 工委管理员 of the top organisation (or the platform's superuser)
maintains it: the calendar is one for the whole installation, so a branch or 党委 cannot change another's deadlines.

A day already past is never changed: 公示 periods and time limits counted over it are settled, and recomputing them
would move dates people have acted on. A past year beyond the library may still be confirmed — nothing could be
counted in it before (it raised ``CalendarNotCovered``), so confirming it settles nothing retroactively."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.formatting import cn_date
from zhibu.core.scoping import CHANGE, require
from zhibu.core.services import Conflict
from zhibu.workdays.calendar import library, library_covers
from zhibu.workdays.models import ConfirmedYear, DayOverride

EDITORS_ONLY = "只有工委管理员可以维护节假日和调休安排"


def may_edit(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_platform_admin", False))


def _require_editor(actor: Any) -> None:
    if not may_edit(actor):
        raise PermissionDenied(EDITORS_ONLY)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) is not None else None


def _not_past(day: datetime.date, field: str = "day") -> None:
    today = timezone.localdate()
    if day < today:
        raise ValidationError(
            {
                field: f"{cn_date(day)}已经过去：依据它计算的公示期和办理时限已成定论，不能再改。只能维护今天及以后的日期。"
            }
        )


def _latest_year() -> int:
    # 国务院办公厅 publishes the next year's plan late in the year: nothing further ahead exists to enter.
    return timezone.localdate().year + 1


@transaction.atomic
def add_override(*, actor: Any, day: datetime.date, kind: str, name: str, note: str = "") -> DayOverride:
    """Enter one day of the plan: a holiday (休息日) or a 调休 working day (工作日); it wins over the library."""
    _require_editor(actor)
    _not_past(day)
    if day.year > _latest_year():
        raise ValidationError(
            {"day": f"只能录入{_latest_year()}年及以前的安排：国务院办公厅通常在上一年年底才公布下一年的放假安排。"}
        )
    if kind not in DayOverride.Kind.values:
        raise ValidationError({"kind": "请选择“休息日”（放假）或“工作日”（调休上班）"})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写名称，如“春节”“国庆节”或“调休上班”"})
    existing = DayOverride.objects.filter(day=day).first()
    if existing is not None:
        raise Conflict(
            {
                "day": f"{cn_date(day)}已录入为“{existing.name}”（{existing.get_kind_display()}），如需更改请先删除再录入"
            },
            existing=existing,
        )
    override = DayOverride(day=day, kind=kind, name=name, note=(note or "").strip(), entered_by=_user(actor))
    override.full_clean()
    try:
        with transaction.atomic():
            override.save()
    except IntegrityError:
        # Two 工委 officers entering the same day at once: the second is told, as if it had come a moment later.
        existing = DayOverride.objects.get(day=day)
        raise Conflict({"day": f"{cn_date(day)}刚刚已由他人录入为“{existing.name}”"}, existing=existing) from None
    audit.record(actor=actor, event=Event.WORKDAY_OVERRIDE_ADDED, obj=override, after=audit.snapshot(override))
    return override


@transaction.atomic
def remove_override(*, actor: Any, override: DayOverride) -> None:
    """Take a day back to what the library (or, beyond it, the weekday) says."""
    _require_editor(actor)
    require(actor, CHANGE, override)
    _not_past(override.day)
    before = audit.snapshot(override)
    override_repr = str(override)
    override.delete()
    audit.record(
        actor=actor,
        event=Event.WORKDAY_OVERRIDE_REMOVED,
        before=before,
        object_repr=override_repr,
        extra={"day": str(before["day"])},
    )


@transaction.atomic
def confirm_year(*, actor: Any, year: int) -> ConfirmedYear:
    """Declare a year beyond the library entered in full: from now its dates count (weekends off, the entered holidays
    off, the entered 调休 days on) instead of raising ``CalendarNotCovered``."""
    _require_editor(actor)
    tables = library()
    if library_covers(year):
        raise ValidationError(
            {"year": f"{year}年的安排已由节假日库提供，无需确认；如国务院调整了安排，请按日录入调整。"}
        )
    if year < tables.first_year:
        raise ValidationError({"year": f"{tables.first_year}年以前的日期不参与计算，无需维护。"})
    if year > _latest_year():
        raise ValidationError(
            {"year": f"只能确认{_latest_year()}年及以前的安排：国务院办公厅通常在上一年年底才公布下一年的放假安排。"}
        )
    existing = ConfirmedYear.objects.filter(year=year).select_related("confirmed_by").first()
    if existing is not None:
        by = f"由{existing.confirmed_by}" if existing.confirmed_by is not None else ""
        raise Conflict(
            {"year": f"{year}年已于{cn_date(timezone.localdate(existing.confirmed_at))}{by}确认，无需再次确认"},
            existing=existing,
        )
    if not DayOverride.objects.filter(day__year=year, kind=DayOverride.Kind.REST).exists():
        raise ValidationError(
            {"year": f"{year}年还没有录入任何放假日期。请先按国务院办公厅的通知逐日录入放假和调休上班的日期，再确认。"}
        )
    confirmed = ConfirmedYear(year=year, confirmed_by=_user(actor), confirmed_at=timezone.now())
    try:
        with transaction.atomic():
            confirmed.save()
    except IntegrityError:
        existing = ConfirmedYear.objects.get(year=year)
        raise Conflict({"year": f"{year}年刚刚已由他人确认"}, existing=existing) from None
    audit.record(actor=actor, event=Event.WORKDAY_YEAR_CONFIRMED, obj=confirmed, after=audit.snapshot(confirmed))
    return confirmed
