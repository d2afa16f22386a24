"""Inspection plans and rectification items over the API, read-only and scoped like their pages."""

from rest_framework import serializers

from zhibu.core.api import ReadOnlyScopedViewSet
from zhibu.inspections.filters import InspectionPlanFilter, RectificationItemFilter
from zhibu.inspections.models import InspectionPlan, RectificationItem


class InspectionPlanSerializer(serializers.ModelSerializer):
    rule_ids = serializers.ListField(child=serializers.CharField(), help_text="重点规则编号")
    targets = serializers.SerializerMethodField(help_text="被检查的党组织编号")

    class Meta:
        model = InspectionPlan
        fields = (
            "id",
            "title",
            "kind",
            "status",
            "organization",
            "scope",
            "focus",
            "rule_ids",
            "period_start",
            "period_end",
            "sample_size",
            "weighted",
            "seed",
            "targets",
            "closed_at",
        )

    def get_targets(self, plan) -> list[int]:
        return [target.organization_id for target in plan.targets.all()]


class RectificationItemSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="finding.plan_id", read_only=True, help_text="督查计划编号")
    rule_id = serializers.CharField(source="finding.rule_id", read_only=True, help_text="涉及规则编号")
    finding = serializers.CharField(source="finding.description", read_only=True, help_text="发现的问题")

    class Meta:
        model = RectificationItem
        fields = (
            "id",
            "plan",
            "organization",
            "rule_id",
            "finding",
            "task",
            "owner",
            "deadline",
            "required_evidence",
            "status",
            "report_text",
            "reported_at",
            "reviewed_at",
            "review_comment",
            "times_returned",
            "escalated_to",
            "escalated_at",
        )


class InspectionPlanViewSet(ReadOnlyScopedViewSet):
    """督查计划（只读）。"""

    serializer_class = InspectionPlanSerializer
    filterset_class = InspectionPlanFilter

    def get_queryset(self):
        return super().get_queryset().prefetch_related("targets").order_by("-period_end", "-pk")


class RectificationItemViewSet(ReadOnlyScopedViewSet):
    """整改事项（只读）。"""

    serializer_class = RectificationItemSerializer
    filterset_class = RectificationItemFilter
    select_related = ("finding",)

    def get_queryset(self):
        return super().get_queryset().order_by("deadline", "pk")
