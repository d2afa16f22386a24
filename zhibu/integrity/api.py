"""The integrity API: the risk register and its reviews for the organisations in scope, and the early-stage
discipline records for 纪检 and the committee only (``DisciplineQuerySet``: any other caller lists none and reads
404). Reviews and discipline records are written through the same services as the pages."""

from rest_framework import serializers

from zhibu.core.api import ReadOnlyScopedViewSet, ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE
from zhibu.integrity import services
from zhibu.integrity.filters import DisciplineFilter, RiskPointFilter, RiskReviewFilter
from zhibu.integrity.models import DisciplineRecord, RiskPoint, RiskReview
from zhibu.members.models import Member


class RiskPointSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskPoint
        fields = (
            "id",
            "organization",
            "post",
            "process",
            "description",
            "level",
            "controls",
            "owner",
            "review_interval_months",
            "identified_on",
            "last_reviewed_on",
            "next_review_on",
            "active",
        )
        read_only_fields = fields


class RiskPointViewSet(ReadOnlyScopedViewSet):
    """廉政风险点：岗位、流程、风险点、等级（高/中/低）、防控措施、责任人和复查周期（登记在页面上进行）。"""

    serializer_class = RiskPointSerializer
    filterset_class = RiskPointFilter


class RiskReviewSerializer(serializers.ModelSerializer):
    risk = ScopedRelatedField(model=RiskPoint, action=CHANGE, help_text="风险点编号（须有修改权限）")
    active = serializers.BooleanField(default=True, write_only=True, help_text="复查后风险点是否继续有效")

    class Meta:
        model = RiskReview
        fields = ("id", "risk", "reviewed_on", "reviewer", "finding", "level", "active")

    def create(self, validated_data):
        return services.review_risk(actor=actor(self), riskpoint=validated_data.pop("risk"), **validated_data)


class RiskReviewViewSet(ScopedViewSet):
    """廉政风险点复查：登记复查后，下次复查日期按复查周期顺延。"""

    serializer_class = RiskReviewSerializer
    filterset_class = RiskReviewFilter
    select_related = ("risk",)
    http_method_names = ["get", "post", "head", "options"]


class DisciplineMemberField(ScopedRelatedField):
    def get_queryset(self):
        from zhibu.integrity.forms import DisciplineForm

        request = self.context.get("request")
        field = DisciplineForm(user=getattr(request, "user", None)).fields["member"]
        return field.queryset


class DisciplineRecordSerializer(serializers.ModelSerializer):
    member = DisciplineMemberField(model=Member, help_text="对象（党员编号）")
    member_name = serializers.CharField(source="member.name", read_only=True, help_text="对象姓名")

    class Meta:
        model = DisciplineRecord
        fields = ("id", "organization", "member", "member_name", "kind", "happened_on", "reason", "outcome")
        read_only_fields = ("organization",)

    def create(self, validated_data):
        return services.record_discipline(actor=actor(self), **validated_data)


class DisciplineRecordViewSet(ScopedViewSet):
    """早期处置记录（提醒谈话、函询、诫勉）：仅纪检人员和党组织委员会委员可见、可登记。"""

    serializer_class = DisciplineRecordSerializer
    filterset_class = DisciplineFilter
    select_related = ("member",)
    http_method_names = ["get", "post", "head", "options"]
