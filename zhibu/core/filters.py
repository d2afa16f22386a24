import django_filters
from django import forms
from django.contrib import messages
from django_filters.widgets import BooleanWidget

from zhibu.core.forms import MAX_ID, guard_id_fields


class YesNoAllWidget(BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", "全部"), ("true", "是"), ("false", "否"))


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter that reads 全部/是/否 rather than 未知/是/否."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YesNoAllWidget)
        super().__init__(*args, **kwargs)


class ZhibuFilterSet(django_filters.FilterSet):
    """Base of every filterset: its form's model choices get the id range check (a bad id is 'not a valid choice')."""

    @property
    def form(self):
        form = super().form
        guard_id_fields(form)
        return form


class YearFilter(django_filters.NumberFilter):
    """A year in a query: a whole number of the years zhibu records. Unbounded, a year lookup past 9999 (or a number
    past 64 bits) overflowed in the database layer and answered 500."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A record id in a query: a whole number an id column can hold (a larger one matches nothing, as a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class RefusingFilterSet(ZhibuFilterSet):
    """A filterset whose refused query (an unknown status, an id out of scope) lists nothing rather than everything:
    the page shows the form's Chinese message beside an empty list, the API answers 400 with it."""

    def filter_queryset(self, queryset):
        if self.form.errors:
            return queryset.none()
        return super().filter_queryset(queryset)


def warn_refused_query(request, filterset) -> None:
    """Tell the page's reader why the list is empty: the filter form's errors in one line."""
    if filterset.is_bound and not filterset.form.is_valid():
        errors = "；".join(str(message) for errors in filterset.form.errors.values() for message in errors)
        messages.warning(request, f"筛选条件有误：{errors}")


def chosen_value(filterset, name: str):
    """A filter's cleaned value (the organisation a list is narrowed to, say), or None when absent or refused."""
    filterset.form.is_valid()
    return filterset.form.cleaned_data.get(name)
