"""Star-rating sheets over the API, read-only and scoped like the sheet pages, with their items; once the sheet is
final (定稿), its frozen results."""

from rest_framework import serializers

from zhibu.core.api import ReadOnlyScopedViewSet
from zhibu.ratings.filters import ScoringSheetFilter
from zhibu.ratings.models import ScoringItem, ScoringSheet


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
