from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django_filters.widgets import BooleanWidget

from zhibu.core.forms import MAX_ID, guard_id_fields

# django-filter ships no type information: its classes are Any to mypy, hence the ignores on subclassing them.


class YesNoAllWidget(BooleanWidget):  # type: ignore[misc]
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = (("", "全部"), ("true", "是"), ("false", "否"))


class YesNoFilter(django_filters.BooleanFilter):  # type: ignore[misc]
    """A yes/no filter that reads 全部/是/否 rather than 未知/是/否."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", YesNoAllWidget)
        super().__init__(*args, **kwargs)


class ZhibuFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    """Base of every filterset: its form's model choices get the id range check (a bad id is 'not a valid choice')."""

    @property
    def form(self) -> forms.Form:
        form: forms.Form = super().form
        guard_id_fields(form)
        return form


class YearFilter(django_filters.NumberFilter):  # type: ignore[misc]
    """A year in a query: a whole number of the years zhibu records. Unbounded, a year lookup past 9999 (or a number
    past 64 bits) overflowed in the database layer and answered 500."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):  # type: ignore[misc]
    """A record id in a query: a whole number an id column can hold (a larger one matches nothing, as a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class RefusingFilterSet(ZhibuFilterSet):
    """A filterset whose refused query (an unknown status, an id out of scope) lists nothing rather than everything:
    the page shows the form's Chinese message beside an empty list, the API answers 400 with it."""

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.form.errors:
            return queryset.none()
        filtered: QuerySet[Any] = super().filter_queryset(queryset)
        return filtered


def warn_refused_query(request: HttpRequest, filterset: django_filters.FilterSet) -> None:
    """Tell the page's reader why the list is empty: the filter form's errors in one line."""
    if filterset.is_bound and not filterset.form.is_valid():
        errors = "；".join(str(message) for errors in filterset.form.errors.values() for message in errors)
        messages.warning(request, f"筛选条件有误：{errors}")


def chosen_value(filterset: django_filters.FilterSet, name: str) -> Any:
    """A filter's cleaned value (the organisation a list is narrowed to, say), or None when absent or refused."""
    filterset.form.is_valid()
    return filterset.form.cleaned_data.get(name)
