"""The API of a brand's years, through the services of ``projects.py``: projects (add; progress and results) and
the yearly 认定 (the evaluating committee records it; everyone in scope reads it)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from zhibu.branding import projects
from zhibu.branding.filters import BrandProjectFilter, BrandReviewFilter
from zhibu.branding.models import Brand, BrandProject, BrandReview
from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE, VIEW


class BrandProjectSerializer(serializers.ModelSerializer):
    brand = ScopedRelatedField(model=Brand, action=CHANGE, help_text="党建品牌编号（本组织的）")

    class Meta:
        model = BrandProject
        fields = ("id", "brand", "year", "title", "goal", "progress", "results", "progress_on")
        read_only_fields = ("progress", "results", "progress_on")
        validators: list = []  # a second project of the same title and year is the service's refusal
        extra_kwargs = {"year": {"min_value": 2000, "max_value": 2100}}

    def create(self, validated_data):
        return projects.add_project(actor=actor(self), **validated_data)


class BrandProgressSerializer(serializers.Serializer):
    progress = serializers.CharField(max_length=4000, help_text="进展（至少10个字）")
    results = serializers.CharField(max_length=4000, required=False, allow_blank=True, help_text="成效")


class BrandProjectViewSet(ScopedViewSet):
    """党建品牌项目：查询；登记项目（年度、名称、目标）；填报进展和成效（年度评价前可修改）。"""

    serializer_class = BrandProjectSerializer
    filterset_class = BrandProjectFilter
    select_related = ("brand__organization",)
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=BrandProgressSerializer, responses=BrandProjectSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """填报（或修改）进展和成效。"""
        project = self.get_object()
        body = BrandProgressSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = projects.report_progress(actor=request.user, brandproject=project, **body.validated_data)
        fresh = self.get_queryset().get(pk=done.pk)
        return Response(BrandProjectSerializer(fresh, context=self.get_serializer_context()).data)


class BrandReviewSerializer(serializers.ModelSerializer):
    brand = ScopedRelatedField(model=Brand, action=VIEW, help_text="党建品牌编号（须由本组织评价）")
    happened_on = serializers.DateField(source="reviewed_on", help_text="评价日期")

    class Meta:
        model = BrandReview
        fields = ("id", "brand", "year", "recognised", "note", "happened_on")
        validators: list = []  # a second review of the year is the service's refusal
        extra_kwargs = {"year": {"min_value": 2000, "max_value": 2100}}

    def create(self, validated_data):
        happened_on = validated_data.pop("reviewed_on")
        return projects.review_year(actor=actor(self), happened_on=happened_on, **validated_data)


class BrandReviewViewSet(ScopedViewSet):
    """党建品牌年度评价：查询；评价组织对已认定的品牌按年度认定或不予认定（写明理由）。"""

    serializer_class = BrandReviewSerializer
    filterset_class = BrandReviewFilter
    select_related = ("brand__organization",)
    http_method_names = ["get", "post", "head", "options"]
