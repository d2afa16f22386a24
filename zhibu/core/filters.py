import django_filters
from django_filters.widgets import BooleanWidget


class YesNoAllWidget(BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", "全部"), ("true", "是"), ("false", "否"))


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter that reads 全部/是/否 rather than 未知/是/否."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YesNoAllWidget)
        super().__init__(*args, **kwargs)
