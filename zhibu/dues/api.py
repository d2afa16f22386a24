"""Dues over the API: assessments (category, base and the amount due) and payments with an idempotency key. A client
that retries a payment with the same key gets the payment already recorded (200) instead of a second one (201)."""

from typing import Any

from rest_framework import serializers, status
from rest_framework.response import Response

from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE
from zhibu.dues import services
from zhibu.dues.models import Assessment, Category, Payment
from zhibu.members.models import Member


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
