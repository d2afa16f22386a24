"""Reporting up the line through the API: the requests (list, send), the answers (list, read, submit, accept,
return) and the one-step reminder — the same services as the pages. A recipient sees only its own answers, the
sender every answer to its request."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.forms import MAX_ID
from zhibu.core.scoping import CHANGE
from zhibu.organizations.models import Organization
from zhibu.reporting import services
from zhibu.reporting.filters import ReportAnswerFilter, ReportRequestFilter
from zhibu.reporting.models import ReportAnswer, ReportRequest


class ReportRequestSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="发文组织编号（党委、工委）")
    picked = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        write_only=True,
        max_length=500,
        help_text="报送范围为 picked 时接收的组织编号",
    )
    answer_count = serializers.SerializerMethodField(help_text="接收组织数")

    class Meta:
        model = ReportRequest
        fields = (
            "id",
            "organization",
            "title",
            "body",
            "answer_kind",
            "questions",
            "month",
            "year",
            "reach",
            "picked",
            "deadline",
            "answer_count",
        )

    def get_answer_count(self, obj) -> int:
        return obj.answers.count()

    def create(self, validated_data):
        ids = validated_data.pop("picked", [])
        picked = list(Organization.objects.visible_to(actor(self)).filter(pk__in=ids))
        if len(picked) != len(set(ids)):
            raise serializers.ValidationError({"picked": "有接收组织不存在或不在您的权限范围内"})
        return services.send_request(actor=actor(self), picked=picked, **validated_data)


class ReportRequestViewSet(ScopedViewSet):
    """报送要求：上级组织向下级布置工作或要求报送（填写表单、上传文件或系统生成的组织生活月报、中心组学习台账）。"""

    serializer_class = ReportRequestSerializer
    filterset_class = ReportRequestFilter
    select_related = ("organization",)
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(
        summary="一键催报",
        request=None,
        responses={200: inline_serializer("ReportRemindResult", {"reminded": serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"])
    def remind(self, request, pk=None):
        reminded = services.remind_laggards(actor=request.user, reportrequest=self.get_object())
        return Response({"reminded": reminded})


class ReportAnswerSerializer(serializers.ModelSerializer):
    request_title = serializers.CharField(source="request.title", read_only=True, help_text="报送要求标题")
    deadline = serializers.DateField(source="request.deadline", read_only=True, help_text="截止日期")

    class Meta:
        model = ReportAnswer
        fields = (
            "id",
            "request",
            "request_title",
            "deadline",
            "organization",
            "status",
            "answers",
            "attachment",
            "snapshot",
            "fields_typed",
            "submitted_at",
            "return_reason",
            "reminders",
        )
        read_only_fields = fields


class SubmitSerializer(serializers.Serializer):
    answers = serializers.ListField(
        child=serializers.CharField(max_length=2000, allow_blank=True),
        required=False,
        max_length=30,
        help_text="填写表单时按填报项目的顺序逐项填写",
    )
    upload = serializers.FileField(required=False, help_text="上传文件时的报送文件")


class ReviewSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, help_text="退回原因（退回时必填）")


class ReportAnswerViewSet(ScopedViewSet):
    """报送答复：每个接收组织一份；接收组织只看到本组织的答复，发文组织看到全部。"""

    serializer_class = ReportAnswerSerializer
    filterset_class = ReportAnswerFilter
    select_related = ("request", "organization")
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        return Response({"detail": "答复随报送要求生成，请使用 submit 报送"}, status=status.HTTP_405_METHOD_NOT_ALLOWED)

    @extend_schema(summary="报送", request=SubmitSerializer, responses={200: ReportAnswerSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        body = SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answer = services.submit_answer(actor=request.user, answer=self.get_object(), **body.validated_data)
        return Response(ReportAnswerSerializer(answer).data)

    @extend_schema(summary="审核通过", request=None, responses={200: ReportAnswerSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        answer = services.review_answer(actor=request.user, answer=self.get_object(), accept=True)
        return Response(ReportAnswerSerializer(answer).data)

    @extend_schema(summary="退回", request=ReviewSerializer, responses={200: ReportAnswerSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_answer(self, request, pk=None):
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answer = services.review_answer(
            actor=request.user, answer=self.get_object(), accept=False, reason=body.validated_data.get("reason", "")
        )
        return Response(ReportAnswerSerializer(answer).data)
