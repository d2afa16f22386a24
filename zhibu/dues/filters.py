"""The query parameters of the dues pages, read once: the collection sheet (organisation, month) and the totals
(organisation, year). A bad value is explained in Chinese and the page falls back to its default, never a 500."""

import datetime
from typing import Any

import django_filters
from django import forms
from django.utils import timezone

from zhibu.core.filters import IdFilter, YearFilter, ZhibuFilterSet
from zhibu.dues.models import Payment
from zhibu.members.validation import add_months

MONTHS_BACK, MONTHS_AHEAD = 60, 6  # the sheet opens five years back and the prepayment window ahead
TOTALS_YEARS_BACK = 10


class MonthField(forms.CharField):
    """A month as the sheet writes it in its links, ``2026-03``, within the months a sheet can show."""

    def to_python(self, value: object) -> datetime.date | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        try:
            month = datetime.date.fromisoformat(f"{text[:7]}-01")
        except ValueError:
            raise forms.ValidationError(f"月份“{text[:20]}”格式不对，请写成如 2026-03") from None
        this_month = timezone.localdate().replace(day=1)
        if not add_months(this_month, -MONTHS_BACK) <= month <= add_months(this_month, MONTHS_AHEAD):
            raise forms.ValidationError(f"只能查看近{MONTHS_BACK // 12}年至{MONTHS_AHEAD}个月后的收缴情况")
        return month


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class DuesFilter(ZhibuFilterSet):
    """One filterset for the sheet and the totals: the organisation (its scope is checked by the view, a stranger's
    is a 404 like any record), the sheet's month and the totals' year."""

    organization = IdFilter(label="党组织", field_name="organization_id")
    month = MonthFilter(label="月份", field_name="month")
    year = YearFilter(label="年度", field_name="month__year")

    class Meta:
        model = Payment
        fields = ["organization", "month", "year"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        this_year = timezone.localdate().year
        earliest = this_year - TOTALS_YEARS_BACK
        out_of_range = f"年度应在{earliest}至{this_year}之间"
        self.filters["year"].extra.update(
            min_value=earliest,
            max_value=this_year,
            error_messages={
                "min_value": out_of_range,
                "max_value": out_of_range,
                "invalid": "年度应为四位数字，如 2026",
            },
        )
        self.filters["organization"].extra["error_messages"] = {
            "invalid": "党组织编号有误",
            "max_value": "党组织编号有误",
        }

    def parameters(self) -> tuple[dict[str, Any], list[str]]:
        """(the values that were good, the Chinese reasons the others were set aside)."""
        form = self.form
        form.is_valid()
        good = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
        problems = [str(message) for errors in form.errors.values() for message in errors]
        return good, problems
