import django_filters
from django_filters.widgets import BooleanWidget

from zhibu.core.forms import guard_id_fields


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
