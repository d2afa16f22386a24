import django_filters

from zhibu.core.filters import RefusingFilterSet, YearFilter
from zhibu.workdays.models import DayOverride


class DayOverrideFilter(RefusingFilterSet):
    """The 节假日维护 page, its export and the API: one year's entered days, of one kind if asked."""

    year = YearFilter(label="年度", field_name="day", lookup_expr="year")
    kind = django_filters.ChoiceFilter(label="安排", choices=DayOverride.Kind.choices)

    class Meta:
        model = DayOverride
        fields = ("year", "kind")
