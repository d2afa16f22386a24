"""节假日维护: one year's holidays and 调休 working days with their source, and — for a 工委管理员 — entering a day,
taking one back and confirming a year beyond the library. Everyone signed in reads it (deadlines are counted on it)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from zhibu.core.audit_catalogue import Event
from zhibu.core.filters import chosen_value, warn_refused_query
from zhibu.core.formatting import cn_date
from zhibu.core.routes import collection, scoped
from zhibu.core.scoping import CHANGE, EXPORT, VIEW
from zhibu.core.tables import rows_for_display, xlsx_response
from zhibu.core.views import attempt_with_message, call_service, create_from_form
from zhibu.workdays import services
from zhibu.workdays.calendar import library, special_days, year_source
from zhibu.workdays.filters import DayOverrideFilter
from zhibu.workdays.forms import ConfirmYearForm, DayOverrideForm
from zhibu.workdays.models import ConfirmedYear, DayOverride
from zhibu.workdays.tables import SPECIAL_DAY_COLUMNS


def _year_url(year):
    return f"{reverse('workdays:year')}?year={year}"


def _chosen(request, action=VIEW):
    """The year and kind asked for; a refused value falls back to this year and the page says why."""
    filterset = DayOverrideFilter(request.GET, queryset=DayOverride.objects.visible_to(request.user, action))
    if filterset.is_bound and not filterset.form.is_valid():
        warn_refused_query(request, filterset)
        return timezone.localdate().year, None, DayOverrideFilter(queryset=filterset.queryset)
    return chosen_value(filterset, "year") or timezone.localdate().year, chosen_value(filterset, "kind"), filterset


def _page(request, year, kind=None, filterset=None, form=None, confirm_form=None, status=200):
    may_edit = services.may_edit(request.user)
    overrides = DayOverride.objects.visible_to(request.user, VIEW)
    days = special_days(year, overrides=overrides, kind=kind)
    today = timezone.localdate()
    if may_edit and form is None:
        start = today if year == today.year else datetime.date(year, 1, 1)
        form = DayOverrideForm(initial={"day": start})
    if may_edit and confirm_form is None:
        confirm_form = ConfirmYearForm(initial={"year": year})
    tables = library()
    context = {
        "year": year,
        "kind": kind or "",
        "filter": filterset or DayOverrideFilter(queryset=overrides),
        "source": year_source(year),
        "confirmed": ConfirmedYear.objects.filter(year=year).select_related("confirmed_by").first(),
        "library_years": (tables.first_year, tables.last_year),
        "headers": [column.header for column in SPECIAL_DAY_COLUMNS],
        "rows": list(zip(days, rows_for_display(SPECIAL_DAY_COLUMNS, days), strict=True)),
        "rest_count": sum(not day.working for day in days),
        "work_count": sum(day.working for day in days),
        "today": today,
        "may_edit": may_edit,
        "form": form,
        "confirm_form": confirm_form,
        "years": range(max(tables.first_year, today.year - 2), today.year + 2),
    }
    return render(request, "workdays/year.html", context, status=status)


@login_required
@require_GET
@collection(DayOverride, VIEW)
def year_page(request):
    year, kind, filterset = _chosen(request)
    return _page(request, year, kind, filterset)


@login_required
@require_GET
@collection(DayOverride, EXPORT)
def export(request):
    year, kind, _filterset = _chosen(request, EXPORT)
    days = special_days(year, overrides=DayOverride.objects.visible_to(request.user, EXPORT), kind=kind)
    return xlsx_response(
        actor=request.user,
        title=f"{year}年节假日与调休安排",
        columns=SPECIAL_DAY_COLUMNS,
        objects=days,
        event=Event.WORKDAY_EXPORTED,
        filters=request.GET.urlencode(),
    )


def _editors_only(request):
    if not services.may_edit(request.user):
        raise PermissionDenied(services.EDITORS_ONLY)


@login_required
@require_POST
@collection(DayOverride, CHANGE)
def add(request):
    _editors_only(request)
    form = DayOverrideForm(request.POST)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("day", "kind", "name", "note")}
        override, created = create_from_form(request, form, services.add_override, model=DayOverride, **data)
        if override is not None:
            if created:
                messages.success(request, f"已录入{override}")
            return redirect(_year_url(override.day.year))
    day = form.cleaned_data.get("day") if hasattr(form, "cleaned_data") else None
    year = day.year if day is not None else timezone.localdate().year
    return _page(request, year, form=form)


@login_required
@require_POST
@scoped(DayOverride, CHANGE, name="override")
def remove(request, override):
    description, year = str(override), override.day.year
    attempt_with_message(
        request,
        services.remove_override,
        done=f"已删除{description}，该日恢复按节假日库或星期计算",
        failed="未删除：",
        actor=request.user,
        override=override,
    )
    return redirect(_year_url(year))


@login_required
@require_POST
@collection(ConfirmedYear, CHANGE)
def confirm(request):
    _editors_only(request)
    form = ConfirmYearForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["year"]
        confirmed = call_service(form, services.confirm_year, actor=request.user, year=year)
        if confirmed is not None:
            messages.success(
                request,
                f"已确认{year}年的节假日安排（{cn_date(timezone.localdate(confirmed.confirmed_at))}），该年度起算工作日",
            )
            return redirect(_year_url(year))
        return _page(request, year, confirm_form=form)
    return _page(request, timezone.localdate().year, confirm_form=form)
