"""Star-rating sheets over the API, read-only and scoped like the sheet pages, with their items; once the sheet is
final (定稿), its frozen results."""

import django_filters
from rest_framework import serializers

from zhibu.core.api import ReadOnlyScopedViewSet
from zhibu.core.filters import IdFilter, YearFilter
from zhibu.ratings.models import ScoringItem, ScoringSheet


class ScoringSheetFilter(django_filters.FilterSet):
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


class ScoringItemSerializer(serializers.ModelSerializer):
    rule_ids = serializers.ListField(child=serializers.CharField(), help_text="自动计分所依据的规则编号")

    class Meta:
        model = ScoringItem
        fields = ("id", "dimension", "title", "kind", "points", "rule_ids", "guidance", "position")


class ScoringSheetSerializer(serializers.ModelSerializer):
    items = ScoringItemSerializer(many=True, read_only=True)
    star_lines = serializers.JSONField(help_text="各星级的得分率下限（%）")
    final_results = serializers.JSONField(help_text="定稿后各党支部的结果；未定稿为空")

    class Meta:
        model = ScoringSheet
        fields = (
            "id",
            "organization",
            "year",
            "title",
            "star_lines",
            "five_star_quota",
            "four_strong_line",
            "locked_at",
            "final_results",
            "items",
        )


class ScoringSheetViewSet(ReadOnlyScopedViewSet):
    """星级评定表（只读）。"""

    serializer_class = ScoringSheetSerializer
    filterset_class = ScoringSheetFilter

    def get_queryset(self):
        return super().get_queryset().prefetch_related("items").order_by("-year", "pk")
