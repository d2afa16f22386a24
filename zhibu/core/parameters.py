"""The query of a report page over aggregates (a standards summary, a ledger): a small validated form in place of
``request.GET.get`` and ``.isdigit()``. A refused value falls back to the page's default (the organisation in scope,
this year) and the page says why; a mistyped address never answers 500. An organisation out of the user's scope is a
404, as everywhere (``visible_or_404``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from zhibu.core.forms import MAX_ID
from zhibu.core.scoping import visible_or_404

FIRST_YEAR = 2000


class ReportParameters(forms.Form):
    """Which organisation (among those the user may see) and which year, from 2000 to this one."""

    organization = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "invalid": "党组织编号须是数字",
            "min_value": "没有这个党组织",
            "max_value": "没有这个党组织",
        },
    )
    year = forms.IntegerField(
        required=False,
        error_messages={"invalid": "年份须是数字，如 2026"},
    )

    def __init__(self, data: QueryDict, *, user: Any, organizations: Any, default_organization: Any = None) -> None:
        """``organizations`` is the organisation model's manager (core knows no domain model)."""
        super().__init__(data)
        self.user, self.organizations = user, organizations
        self.default_organization = default_organization
        self.is_valid()

    def clean_organization(self) -> Any:
        pk: int | None = self.cleaned_data.get("organization")
        return None if pk is None else visible_or_404(self.organizations, self.user, pk=pk)

    def clean_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("year")
        this_year = timezone.localdate().year
        if year is not None and not FIRST_YEAR <= year <= this_year:
            raise ValidationError(f"年份须在{FIRST_YEAR}年至{this_year}年之间")
        return year

    def value(self, name: str, default: Any) -> Any:
        """The cleaned value of ``name``, or ``default`` when it is missing or refused."""
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    @property
    def chosen_organization(self) -> Any:
        return self.value("organization", self.default_organization)

    @property
    def chosen_year(self) -> int:
        year: int = self.value("year", timezone.localdate().year)
        return year

    @property
    def refusal(self) -> str:
        """Which values were refused and that the page shows the default instead ("" when none was)."""
        if not self.errors:
            return ""
        refused = "；".join(str(message) for errors in self.errors.values() for message in errors)
        return f"查询条件有误：{refused}。已按默认条件显示"

    def warn(self, request: HttpRequest) -> None:
        if self.refusal:
            messages.warning(request, self.refusal)
