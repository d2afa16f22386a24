from typing import Any

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError

from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.masking import mask_address, mask_id_number, mask_phone
from zhibu.core.scoping import CHANGE, VIEW
from zhibu.members import services, transfers
from zhibu.members.filters import MemberFilter, TransferFilter, id_digits
from zhibu.members.models import Member, Transfer
from zhibu.organizations.models import BRANCH_KINDS, Organization

SENSITIVE = ("id_number", "mobile", "landline", "address")


class MemberSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, extra_filter={"kind__in": BRANCH_KINDS})
    dual_life_organization = ScopedRelatedField(
        model=Organization,
        extra_filter={"kind__in": BRANCH_KINDS},
        required=False,
        allow_null=True,
        help_text="双重组织生活所在党支部。仅 is_leading_cadre 为 true 时可填",
    )
    id_number = serializers.CharField(
        write_only=True, max_length=30, help_text="18位公民身份号码；出生日期、性别须与之一致；已登记的号码答复409"
    )
    mobile = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=20, help_text="11位数字，以1开头"
    )
    landline = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=20, help_text="区号-号码，如 0431-88888888"
    )
    address = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=200)
    id_number_masked = serializers.SerializerMethodField(help_text="脱敏后的公民身份号码")
    mobile_masked = serializers.SerializerMethodField()
    landline_masked = serializers.SerializerMethodField()
    address_masked = serializers.SerializerMethodField()

    class Meta:
        model = Member
        exclude = ("id_number_index", "id_tail", "name_initials", "user", "created_at", "updated_at")
        read_only_fields = ("record_status", "version")
        # Requirements that depend on other fields: the schema cannot mark them required, so it says when.
        extra_kwargs = {
            "full_member_on": {
                "help_text": "转正日期。人员类别为正式党员（full）时必填，应为入党日期满一年（延长预备期的加上延长月数）；"
                "预备党员（probationary）须留空"
            },
            "probation_extension_months": {"help_text": "预备期延长月数：0（未延长）或6至12", "max_value": 12},
            "lost_contact_on": {"help_text": "失去联系日期。is_lost_contact 为 true 时必填"},
            "lost_contact_reason": {"help_text": "失联原因。is_lost_contact 为 true 时必填"},
            "mobile_destination": {"help_text": "外出流向（省、市、县）。is_mobile_member 为 true 时必填"},
            "joined_on": {"help_text": "入党日期，不晚于今天，入党时须年满18周岁"},
        }

    def get_id_number_masked(self, member) -> str:
        return mask_id_number(member.id_number)

    def get_mobile_masked(self, member) -> str:
        return mask_phone(member.mobile)

    def get_landline_masked(self, member) -> str:
        return mask_phone(member.landline)

    def get_address_masked(self, member) -> str:
        return mask_address(member.address)

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in ("organization", "category", "party_status"):
                fields[name].read_only = True  # changed through events and transfers only
        return fields

    def create(self, validated_data):
        organization = validated_data.pop("organization")
        return services.create_member(actor=actor(self), organization=organization, **validated_data)

    def update(self, instance, validated_data):
        version = self.initial_data.get("version") if hasattr(self, "initial_data") else None
        try:
            version = int(version) if version is not None else None
        except (TypeError, ValueError):
            raise serializers.ValidationError({"version": "版本号应为整数"}) from None
        return services.update_member(actor=actor(self), member=instance, expected_version=version, **validated_data)


ID_IN_URL = (
    "身份证号码（含尾号）不能放在网址中（会进入访问日志）：请改用 POST /api/v1/members/search/，"
    "在请求体中提交 q 及其他筛选条件"
)


class MemberSearchSerializer(serializers.Serializer):
    """The body of a member search; the page number stays in the query string (``?page=2``), as for the list."""

    q = serializers.CharField(
        required=False,
        max_length=40,
        help_text="姓名、拼音首字母，或身份证号码（完整18位或末4位以内；需要查看完整敏感信息的权限，记入审计）",
    )
    organization = serializers.IntegerField(required=False, help_text="所在党支部（含下级）")


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("q", str, description="姓名或拼音首字母；按身份证号查找请用 POST search/")]
    )
)
class MemberViewSet(ScopedViewSet):
    conflict_on_create = True
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    select_related = ("organization",)

    def list(self, request, *args, **kwargs):
        if id_digits(request.query_params.get("q", "")):
            raise ValidationError({"q": [ID_IN_URL]})
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=MemberSearchSerializer,
        responses=MemberSerializer(many=True),
        filters=False,
        parameters=[OpenApiParameter("page", int, description="页码（每页50条）")],
        description="按请求体中的条件查找党员（与列表相同的范围、权限和审计），身份证号码因此不出现在网址和访问日志中；只读令牌也可使用。",
    )
    @action(detail=False, methods=["post"], url_path="search")
    def search(self, request):
        """The member list filtered by a body instead of a query string, so that ID digits stay out of URLs and access
        logs; the same filters, scope, reveal right and audit as the list. A read-only token may use it."""
        data = request.data if hasattr(request.data, "get") else {}
        filterset = MemberFilter(data=data, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class TransferSerializer(serializers.ModelSerializer):
    member = ScopedRelatedField(model=Member, action=CHANGE)
    received_on = serializers.DateField(
        required=False, help_text="填写即表示接收（系统内由接收方、系统外由转出方登记回执）"
    )

    class Meta:
        model = Transfer
        fields = (
            "id",
            "member",
            "kind",
            "status",
            "from_organization",
            "to_organization",
            "counterpart",
            "letter_number",
            "issued_on",
            "received_on",
            "note",
        )
        read_only_fields = ("status", "from_organization")
        extra_kwargs = {
            "to_organization": {"help_text": "接收党支部。kind 为 internal（系统内转接）时必填"},
            "counterpart": {"help_text": "对方党组织名称。kind 为 outbound（转出至系统外）时必填"},
            "letter_number": {"help_text": "介绍信编号。kind 为 outbound（转出至系统外）时必填"},
        }
        validators: list[Any] = []  # a second pending transfer is the service's 409, not a 400

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # Destination may lie outside the sender's scope: any active branch.
            fields["to_organization"] = serializers.PrimaryKeyRelatedField(
                queryset=Organization.objects.filter(kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE),
                required=False,
                allow_null=True,
                help_text="接收党支部（任一正常状态的党支部）。kind 为 internal（系统内转接）时必填",
            )
        if self.instance is not None:
            for name, field in fields.items():
                field.read_only = name != "received_on"
        return fields

    def create(self, validated_data):
        validated_data.pop("received_on", None)
        return transfers.start_transfer(actor=actor(self), **validated_data)

    @transaction.atomic
    def update(self, instance, validated_data):
        if "received_on" not in validated_data:
            raise serializers.ValidationError({"received_on": "只能登记接收日期；请填写 received_on"})
        return transfers.complete_transfer(
            actor=actor(self), transfer=instance, received_on=validated_data["received_on"]
        )


class TransferViewSet(ScopedViewSet):
    # The receiving side completes a transfer it can see; complete_transfer checks who may, on both sides.
    update_action = VIEW
    conflict_on_create = True
    serializer_class = TransferSerializer
    filterset_class = TransferFilter
    select_related = ("member", "from_organization", "to_organization")
