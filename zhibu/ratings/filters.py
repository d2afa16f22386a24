import django_filters

from zhibu.core.filters import IdFilter, RefusingFilterSet, YearFilter
from zhibu.ratings.models import ScoringSheet


class ScoringSheetFilter(RefusingFilterSet):
    """The sheet list page and the API read the same parameters the same way."""

    organization = IdFilter(field_name="organization_id", help_text="评定组织编号")
    year = YearFilter(help_text="年度")
    rule = django_filters.CharFilter(
        field_name="items__rule_ids", lookup_expr="icontains", distinct=True, help_text="某项依据的规则编号"
    )
    status = django_filters.ChoiceFilter(
        choices=(("open", "评定中"), ("locked", "已定稿")),
        method="by_status",
        help_text="评定中（open）或已定稿（locked）",
    )

    class Meta:
        model = ScoringSheet
        fields = ("organization", "year", "rule", "status")

    def by_status(self, queryset, name, value):
        return queryset.filter(locked_at__isnull=value == "open")
