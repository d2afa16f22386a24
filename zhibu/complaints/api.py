"""The officials' API: complaints of their organisations (contact masked, tracking code never shown) and the handling
steps, which are recorded through the same service as the page. The public side has no API: it is HTML only."""

import datetime

from django.utils import timezone
from rest_framework import serializers

from zhibu.complaints import due, services
from zhibu.complaints.filters import ComplaintFilter, IntakePointFilter, ReturnVisitFilter
from zhibu.complaints.models import (
    Complaint,
    ComplaintKind,
    ComplaintStep,
    FollowUp,
    IntakePoint,
    Refusal,
    ReturnVisit,
    StepKind,
    VisitWay,
)
from zhibu.core.api import ReadOnlyScopedViewSet, ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.masking import mask_phone
from zhibu.core.scoping import CHANGE


class ComplaintSerializer(serializers.ModelSerializer):
    intake_point_name = serializers.CharField(source="intake_point.__str__", read_only=True, help_text="受理点")
    kind_name = serializers.CharField(source="kind.name", read_only=True, help_text="投诉类别")
    contact_masked = serializers.SerializerMethodField(help_text="脱敏后的联系电话；匿名投诉为空")
    anonymous = serializers.BooleanField(source="is_anonymous", read_only=True, help_text="匿名投诉（未留联系电话）")
    overdue = serializers.SerializerMethodField(help_text="超过办理期限仍未办结")
    card = serializers.SerializerMethodField(help_text="超期提示：红牌/黄牌（含逾期天数）、已超期N天，或空")

    class Meta:
        model = Complaint
        fields = (
            "id",
            "organization",
            "intake_point",
            "intake_point_name",
            "kind",
            "kind_name",
            "what",
            "place",
            "happened_on",
            "contact_masked",
            "anonymous",
            "received_on",
            "due_on",
            "status",
            "round",
            "overdue",
            "card",
            "rectification",
            "rating",
            "rating_comment",
            "rated_on",
        )
        read_only_fields = fields

    def get_contact_masked(self, complaint) -> str:
        return mask_phone(complaint.contact)

    def get_overdue(self, complaint) -> bool:
        return complaint.is_overdue(timezone.localdate())

    def get_card(self, complaint) -> str:
        return due.label(complaint, timezone.localdate())


class ComplaintViewSet(ReadOnlyScopedViewSet):
    """效能投诉：本组织及下级的群众投诉（联系电话脱敏；查询码和投诉人来源地址不提供）。"""

    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilter
    select_related = ("intake_point", "kind")


class ComplaintStepSerializer(serializers.ModelSerializer):
    complaint = ScopedRelatedField(model=Complaint, action=CHANGE, help_text="投诉编号（须有办理权限）")
    kind = serializers.ChoiceField(
        choices=StepKind.choices, help_text="办理步骤，依次为受理、交办、答复、办结（accept, assign, answer, close）"
    )

    class Meta:
        model = ComplaintStep
        fields = ("id", "complaint", "kind", "round", "happened_on", "official", "note", "created_at")
        read_only_fields = ("round", "created_at")

    def create(self, validated_data):
        return services.record_step(actor=actor(self), **validated_data)


class ComplaintStepViewSet(ScopedViewSet):
    """投诉办理步骤：查询；按受理、交办、答复、办结的顺序登记（每步写明日期和经办人）。"""

    serializer_class = ComplaintStepSerializer
    select_related = ("complaint",)
    http_method_names = ["get", "post", "head", "options"]


class IntakePointSerializer(serializers.ModelSerializer):
    public_path = serializers.CharField(read_only=True, help_text="群众扫码打开的投诉页地址（二维码内容的路径部分）")

    class Meta:
        model = IntakePoint
        fields = (
            "id",
            "organization",
            "unit_name",
            "kind",
            "name",
            "active",
            "unit_head",
            "efficiency_office",
            "public_path",
        )
        read_only_fields = fields


class IntakePointViewSet(ReadOnlyScopedViewSet):
    """投诉受理点：本组织及下级的单位、窗口、服务大厅及其投诉页地址（新建、修改在页面上进行）。"""

    serializer_class = IntakePointSerializer
    filterset_class = IntakePointFilter


class ComplaintKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplaintKind
        fields = ("id", "name", "deadline_days", "active", "order")
        read_only_fields = fields


class ComplaintKindViewSet(ReadOnlyScopedViewSet):
    """投诉类别及办理时限（天）：工委管理员在“投诉类别设置”页面维护。"""

    serializer_class = ComplaintKindSerializer


class RefusalSerializer(serializers.ModelSerializer):
    escalated_on = serializers.SerializerMethodField(help_text="报上级组织的日期；仍在本级或本级已解决的为空")

    class Meta:
        model = Refusal
        fields = (
            "id",
            "complaint",
            "decided_on",
            "official",
            "reason",
            "report_by",
            "next_level",
            "reviewed_on",
            "reviewer",
            "review_decision",
            "review_note",
            "escalated_on",
            "closed_on",
            "closing_official",
            "closing_decision",
        )
        read_only_fields = fields

    def get_escalated_on(self, refusal) -> datetime.date | None:
        return refusal.escalated_on(timezone.localdate())


class RefusalViewSet(ReadOnlyScopedViewSet):
    """投诉说“不”：理由、本级复核、报上级（期满未解决自动报上级）与上级最终决定（登记在页面上进行）。"""

    serializer_class = RefusalSerializer
    select_related = ("complaint", "next_level")


class ReturnVisitSerializer(serializers.ModelSerializer):
    complaint = ScopedRelatedField(model=Complaint, action=CHANGE, help_text="投诉编号（须有办理权限；须已办结）")
    way = serializers.ChoiceField(
        choices=VisitWay.choices, help_text="回访方式：phone 电话、visit 上门、message 短信或留言"
    )
    satisfied = serializers.BooleanField(help_text="群众是否满意")
    follow_up = serializers.ChoiceField(
        choices=FollowUp.choices,
        required=False,
        default=FollowUp.NONE,
        help_text="群众不满意时的处理决定：reopen 重新办理、rectify 纳入整改、keep 维持办理结果；满意为 none",
    )

    class Meta:
        model = ReturnVisit
        fields = (
            "id",
            "complaint",
            "round",
            "visited_on",
            "way",
            "visitor",
            "feedback",
            "satisfied",
            "follow_up",
            "decision_note",
            "created_at",
        )
        read_only_fields = ("round", "created_at")

    def create(self, validated_data):
        return services.record_return_visit(actor=actor(self), **validated_data)


class ReturnVisitViewSet(ScopedViewSet):
    """投诉回访：办结后回访群众（日期、方式、回访人、群众意见、是否满意）；不满意的须作出处理决定（重新办理即从交办起再办一轮）。"""

    serializer_class = ReturnVisitSerializer
    filterset_class = ReturnVisitFilter
    select_related = ("complaint",)
    http_method_names = ["get", "post", "head", "options"]
