"""The care registry's API: the members in care and their visits, for the keepers of their organisations only
(``CareQuerySet``); visits are recorded through the same service as the page."""

from rest_framework import serializers

from zhibu.care import services
from zhibu.care.filters import CareCaseFilter, CareVisitFilter
from zhibu.care.models import CareCase, CareVisit
from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE
from zhibu.members.models import Member


class CareCaseSerializer(serializers.ModelSerializer):
    member = ScopedRelatedField(model=Member, action=CHANGE, help_text="党员编号（须有本组织的管理权限）")
    member_name = serializers.CharField(source="member.name", read_only=True, help_text="姓名")

    class Meta:
        model = CareCase
        fields = ("id", "organization", "member", "member_name", "kind", "reason", "since", "level", "ended_on")
        read_only_fields = ("organization", "ended_on")

    def create(self, validated_data):
        return services.register_case(actor=actor(self), **validated_data)


class CareCaseViewSet(ScopedViewSet):
    """关怀对象：生活困难党员、老党员、离退休党员（仅本组织及上级的党务管理人员可见）。"""

    serializer_class = CareCaseSerializer
    filterset_class = CareCaseFilter
    select_related = ("member",)
    http_method_names = ["get", "post", "head", "options"]


class CareVisitSerializer(serializers.ModelSerializer):
    case = ScopedRelatedField(model=CareCase, action=CHANGE, help_text="关怀对象编号")

    class Meta:
        model = CareVisit
        fields = ("id", "case", "kind", "visited_on", "visitors", "note", "amount")

    def create(self, validated_data):
        return services.record_visit(actor=actor(self), carecase=validated_data.pop("case"), **validated_data)


class CareVisitViewSet(ScopedViewSet):
    """走访慰问与帮扶：日期、方式、走访人、内容及发放金额（元）。"""

    serializer_class = CareVisitSerializer
    filterset_class = CareVisitFilter
    select_related = ("case",)
    http_method_names = ["get", "post", "head", "options"]
