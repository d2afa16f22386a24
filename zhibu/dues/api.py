"""Dues over the API: assessments (category, base and the amount due) and payments with an idempotency key. A client
that retries a payment with the same key gets the payment already recorded (200) instead of a second one (201)."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE
from zhibu.dues import services
from zhibu.dues.models import Assessment, Category, Payment
from zhibu.members.models import Member
from zhibu.organizations.models import Organization


class AssessmentSerializer(serializers.ModelSerializer):
    member = ScopedRelatedField(model=Member, action=CHANGE)
    base = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="计算基数，元/月，最多两位小数。category 为 salaried、retired 或 annual_salary 时必填",
    )
    fixed = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="月缴金额。category 为 farmer 时0.2至1元（不填为0.2）；为 hardship 时为减免后金额（不填为0）",
    )
    category = serializers.ChoiceField(choices=Category.choices)

    class Meta:
        model = Assessment
        fields = (
            "id",
            "member",
            "year",
            "category",
            "base",
            "fixed",
            "monthly_amount",
            "starts_on",
            "branch_decision",
            "higher_approval",
        )
        read_only_fields = ("monthly_amount", "starts_on")
        extra_kwargs = {
            "year": {"help_text": "年度：今年前5年至明年，且不早于入党当年"},
            "branch_decision": {"help_text": "支部研究决定。category 为 hardship（困难减免）时必填，至少4个字"},
            "higher_approval": {"help_text": "上级党委批准。category 为 hardship（困难减免）时必填，至少4个字"},
        }
        validators: list[Any] = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["member"].read_only = fields["year"].read_only = True
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.base is not None:  # as stored, whether just parsed or read back
            data["base"] = f"{instance.base:.2f}"
        return data

    def create(self, validated_data):
        return services.set_assessment(actor=actor(self), create_only=True, **validated_data)

    def update(self, instance, validated_data):
        data = {
            "category": instance.category,
            "base": instance.base,
            "branch_decision": instance.branch_decision,
            "higher_approval": instance.higher_approval,
            **validated_data,
        }
        return services.set_assessment(actor=actor(self), member=instance.member, year=instance.year, **data)


class PaymentSerializer(serializers.ModelSerializer):
    member = ScopedRelatedField(model=Member, action=CHANGE)
    month = serializers.CharField(help_text="所属月份，如 2026-03")
    amount = serializers.CharField(required=False, allow_blank=True, help_text="不填则为该月应缴金额")
    voluntary = serializers.BooleanField(required=False, default=False, write_only=True, help_text="自愿多交")
    idempotency_key = serializers.CharField(min_length=8, max_length=64, help_text="每笔缴费一个，重试时原样发送")
    paid_on = serializers.DateField(required=False, help_text="不填则为今天")

    class Meta:
        model = Payment
        fields = (
            "id",
            "member",
            "month",
            "amount",
            "voluntary",
            "kind",
            "method",
            "paid_on",
            "idempotency_key",
            "note",
            "flagged",
            "recorded_by",
            "created_at",
        )
        read_only_fields = ("kind", "flagged", "recorded_by", "created_at")
        validators: list[Any] = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["month"] = instance.month.strftime("%Y-%m")
        data["amount"] = str(instance.amount)
        return data

    def create(self, validated_data):
        payment, created = services.record_payment(
            actor=actor(self),
            member=validated_data["member"],
            month=validated_data["month"],
            method=validated_data["method"],
            key=validated_data["idempotency_key"],
            amount=validated_data.get("amount"),
            voluntary=validated_data.get("voluntary", False),
            paid_on=validated_data.get("paid_on"),
            note=validated_data.get("note", ""),
        )
        self.created = created
        return payment


@extend_schema_field(OpenApiTypes.INT)
class ScopedIdField(ScopedRelatedField):
    """A record id in a serializer without a model, where drf-spectacular cannot tell the id's type by itself."""


class RecordMonthSerializer(serializers.Serializer):
    organization = ScopedIdField(model=Organization, action=CHANGE, help_text="党支部编号")
    month = serializers.CharField(help_text="所属月份，如 2026-03")
    members = serializers.ListField(
        child=ScopedIdField(model=Member, action=CHANGE),
        required=False,
        allow_empty=False,
        help_text="要登记的党员编号；不填则为本支部该月全部未缴党员",
    )
    method = serializers.ChoiceField(choices=Payment.Method.choices)
    paid_on = serializers.DateField(required=False, help_text="不填则为今天")
    idempotency_key = serializers.CharField(
        min_length=8, max_length=services.BATCH_KEY_LENGTH[1], help_text="每批一个，重试时原样发送"
    )


class SkippedSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    name = serializers.CharField()
    reason = serializers.CharField(help_text="未登记的原因")


class MonthRecordedSerializer(serializers.Serializer):
    recorded = PaymentSerializer(many=True, help_text="本次登记的缴费")
    already = PaymentSerializer(many=True, help_text="同一提交标识此前已登记的缴费（重试），未重复记录")
    skipped = SkippedSerializer(many=True, help_text="未登记的党员及原因（未核定、已缴、尚未开始缴纳、已减免为0元）")


class AssessmentViewSet(ScopedViewSet):
    conflict_on_create = True
    serializer_class = AssessmentSerializer
    select_related = ("member",)
    filterset_fields = ("member", "year", "organization")
    http_method_names = ["get", "post", "patch", "head", "options"]


class PaymentViewSet(ScopedViewSet):
    conflict_on_create = True
    serializer_class = PaymentSerializer
    select_related = ("member", "recorded_by")
    filterset_fields = ("member", "organization", "month", "kind")
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data, status=status.HTTP_201_CREATED if serializer.created else status.HTTP_200_OK)

    @extend_schema(
        request=RecordMonthSerializer,
        responses={201: MonthRecordedSerializer, 200: MonthRecordedSerializer},
        description="一次登记一个支部某月多名党员的党费，按各自核定金额。能登记的全部登记，不能登记的逐人说明原因"
        "（skipped）；方式、日期、月份或人员有误则整批不登记。同一 idempotency_key 重试不会重复登记：有新登记时"
        "返回201，否则200。",
    )
    @action(detail=False, methods=["post"], url_path="record-month")
    def record_month(self, request):
        data = RecordMonthSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = data.validated_data
        outcome = services.record_month(
            actor=request.user,
            branch=values["organization"],
            month=values["month"],
            members=values.get("members"),
            method=values["method"],
            paid_on=values.get("paid_on"),
            key=values["idempotency_key"],
        )
        body = {
            "recorded": outcome.recorded,
            "already": outcome.already,
            "skipped": [{"member": m.pk, "name": m.name, "reason": reason} for m, reason in outcome.skipped],
        }
        answer = MonthRecordedSerializer(body, context=self.get_serializer_context()).data
        return Response(answer, status=status.HTTP_201_CREATED if outcome.recorded else status.HTTP_200_OK)
