"""Verdicts over the API, read-only and scoped like the verdict page: an ordinary member reads their branch's
verdicts except those that name other members (``Verdict.member_scope_q``)."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from rest_framework import serializers

from zhibu.core.api import ReadOnlyScopedViewSet
from zhibu.standards.catalogue import by_id
from zhibu.standards.filters import VerdictFilter
from zhibu.standards.models import Verdict


class EvidenceSerializer(serializers.Serializer[dict[str, str]]):
    label = serializers.CharField(help_text="依据名称")  # type: ignore[assignment]  # a field named like Field.label
    url = serializers.CharField(help_text="页面地址：记录本身，或显示其缺失的筛选列表")


class VerdictSerializer(serializers.ModelSerializer[Verdict]):
    rule_title = serializers.SerializerMethodField(help_text="规则名称")
    period = serializers.CharField(source="period_key", help_text="2026-03、2026-Q1、2026 或 now（现状）")
    evidence = EvidenceSerializer(many=True, help_text="依据")
    parameters = serializers.SerializerMethodField(help_text="评估所用参数（中文），含参数来源")
    page = serializers.SerializerMethodField(help_text="结论页面地址")

    class Meta:
        model = Verdict
        fields = (
            "id",
            "organization",
            "rule_id",
            "rule_title",
            "period",
            "period_start",
            "period_end",
            "status",
            "explanation",
            "evidence",
            "parameters",
            "computed_at",
            "page",
        )

    def get_rule_title(self, verdict: Verdict) -> str:
        rule = by_id().get(verdict.rule_id)
        return rule.title if rule else verdict.rule_id

    def get_parameters(self, verdict: Verdict) -> list[str]:
        return verdict.parameter_lines

    def get_page(self, verdict: Verdict) -> str:
        return reverse("standards:verdict", args=[verdict.pk])


class VerdictViewSet(ReadOnlyScopedViewSet):
    """标准体系检查结论（只读）。"""

    serializer_class = VerdictSerializer
    filterset_class = VerdictFilter

    def get_queryset(self) -> QuerySet[Verdict]:
        # ScopedViewSet.get_queryset is not annotated yet (zhibu.core.api, issue 17): reached through Any until it is
        scoped: Any = super()
        queryset: QuerySet[Verdict] = scoped.get_queryset()
        return queryset.order_by("organization_id", "rule_id", "period_start", "pk")
