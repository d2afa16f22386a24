"""The statistics page (officials: their organisations' complaints, charts and an Excel export) and the public
monthly summary (no account: counts and rates per unit, nothing that names a complaint or a complainant)."""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from zhibu.complaints import stats
from zhibu.complaints.models import Complaint
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import organization_in_scope
from zhibu.core.parameters import ReportParameters
from zhibu.core.routes import collection, unscoped
from zhibu.core.scoping import EXPORT, VIEW, require
from zhibu.core.tables import rows_for_display, xlsx_response
from zhibu.organizations.models import Organization


class StatsParameters(ReportParameters):
    month = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=12,
        error_messages={
            "invalid": "月份须是1至12的数字",
            "min_value": "月份须在1至12之间",
            "max_value": "月份须在1至12之间",
        },
    )


@login_required
@collection(Complaint, VIEW)
def statistics(request: HttpRequest) -> HttpResponse:
    parameters = StatsParameters(
        request.GET,
        user=request.user,
        organizations=Organization.objects,
        default_organization=organization_in_scope(request),
    )
    parameters.warn(request)
    scope, year, month = parameters.chosen_organization, parameters.chosen_year, parameters.value("month", None)
    exporting = bool(request.GET.get("export"))
    if exporting:
        if not getattr(request.user, "may_export_records", False):
            raise PermissionDenied("您没有导出权限")
        if scope is not None:
            require(request.user, EXPORT, scope)
    complaints = Complaint.objects.visible_to(request.user, EXPORT if exporting else VIEW)
    if scope is not None:
        complaints = complaints.filter(organization__path__startswith=scope.path)
    start, end = stats.period_bounds(year, month)
    rows = stats.figures(complaints, start, end, timezone.localdate())
    period = f"{year}年{month}月" if month else f"{year}年"
    if exporting:
        return xlsx_response(
            actor=request.user,
            title=f"效能投诉统计（{period}）",
            columns=stats.COLUMNS,
            objects=rows,
            event=Event.COMPLAINT_STATS_EXPORTED,
            organization=scope,
            filters=request.GET.urlencode(),
        )
    query = request.GET.copy()
    query["export"] = "1"
    links = [_drill_down(scope, year, month, row.unit) for row in rows]
    return render(
        request,
        "complaints/statistics.html",
        {
            "scope": scope,
            "year": year,
            "month": month,
            "period": period,
            "months": range(1, 13),
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "headers": [column.header for column in stats.COLUMNS],
            "rows": (cells := rows_for_display(stats.COLUMNS, rows)),
            "linked_rows": list(zip(links, cells, strict=True)),
            "charts": stats.charts(rows),
            "chart_links": links[:-1],  # the units' bars, in the order of the rows (the total has no bar)
            "export_query": query.urlencode(),
        },
    )


def _drill_down(scope: Organization | None, year: int, month: int | None, unit: str) -> str:
    """The complaint list filtered to what one row of the statistics counted: the scope, the period by received date
    and the unit (none for the total row)."""
    query = QueryDict(mutable=True)
    if scope is not None:
        query["organization"] = str(scope.pk)
    query["year"] = str(year)
    if month:
        query["month"] = str(month)
    if unit != stats.TOTAL:
        query["unit"] = unit
    return f"{reverse('complaints:list')}?{query.urlencode()}"


def _public_month(value: str, today: datetime.date) -> tuple[datetime.date, str]:
    """The month asked for as 2026-11, or last month (the last one complete) with the reason it was not taken."""
    last = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    if not value:
        return last, ""
    try:
        year, month = (int(part) for part in value.split("-"))
        chosen = datetime.date(year, month, 1)
    except (ValueError, TypeError):
        return last, "月份格式应为 年-月，如 2026-11；已显示上月"
    if chosen > today.replace(day=1) or chosen.year < 2000:
        return last, "只能查看2000年以来、本月及以前的月份；已显示上月"
    return chosen, ""


@unscoped("公开的月度汇总：只有各单位的件数和比率，不含任何投诉内容或个人信息，群众无需登录即可查看")
def public_summary(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    chosen, refusal = _public_month(request.GET.get("month", "")[:10], today)
    start, end = stats.period_bounds(chosen.year, chosen.month)
    rows = stats.figures(Complaint.objects.all(), start, end, today)
    return render(
        request,
        "complaints/public_summary.html",
        {
            "period": f"{chosen.year}年{chosen.month}月",
            "refusal": refusal,
            "headers": [column.header for column in stats.PUBLIC_COLUMNS],
            "rows": rows_for_display(stats.PUBLIC_COLUMNS, rows),
            "month_value": f"{chosen:%Y-%m}",
        },
    )
