"""The training API: classes with their sessions (a class is created through the same service as the page), external
trainings, and each member's hours of a year summed from the records (read only: hours are never typed)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhibu.core.api import ReadOnlyScopedViewSet, ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.training import services
from zhibu.training.filters import ClassFilter, ExternalFilter, HoursFilter
from zhibu.training.hours import committee_ids, hours_for
from zhibu.training.models import ClassSession, ExternalTraining, FirstTopic, TrainingClass


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClassSession
        fields = ("id", "held_on", "topic", "hours")
        read_only_fields = fields


class TrainingClassSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="举办党组织（须有管理权限）")
    sessions = SessionSerializer(many=True, read_only=True, help_text="课次及学时")

    class Meta:
        model = TrainingClass
        fields = ("id", "organization", "name", "category", "concentrated", "starts_on", "ends_on", "sessions")

    def create(self, validated_data):
        return services.create_class(actor=actor(self), **validated_data)


class TrainingClassViewSet(ScopedViewSet):
    """培训班：查询（含课次和学时）；新建培训班（课次、学员和出席在页面上登记）。"""

    serializer_class = TrainingClassSerializer
    filterset_class = ClassFilter
    select_related = ("organization",)
    http_method_names = ["get", "post", "head", "options"]


class ExternalTrainingSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True, help_text="党员姓名")

    class Meta:
        model = ExternalTraining
        fields = (
            "id",
            "organization",
            "member",
            "member_name",
            "title",
            "organizer",
            "started_on",
            "ended_on",
            "hours",
            "concentrated",
        )
        read_only_fields = fields


class ExternalTrainingViewSet(ReadOnlyScopedViewSet):
    """外部培训：本组织及下级党员的外部培训登记（通过Excel导入页面登记）。"""

    serializer_class = ExternalTrainingSerializer
    filterset_class = ExternalFilter
    select_related = ("member",)


class HoursSerializer(serializers.ModelSerializer):
    year = serializers.SerializerMethodField(help_text="年度")
    total = serializers.SerializerMethodField(help_text="本年合计学时")
    by_source = serializers.SerializerMethodField(
        help_text="按来源的学时：组织生活、补学、培训班、外部培训、中心组学习"
    )
    concentrated = serializers.SerializerMethodField(help_text="本年参加集中培训次数")
    on_committee = serializers.SerializerMethodField(help_text="本年曾任支部委员（应达56学时并参加1次集中培训）")

    class Meta:
        model = Member
        fields = ("id", "name", "organization", "year", "total", "by_source", "concentrated", "on_committee")
        read_only_fields = fields

    def _year(self) -> int:
        return int(self.context["request"].query_params.get("year") or timezone.localdate().year)

    def _hours(self, member):
        cache = self.context.setdefault("hours", {})
        year = self._year()
        if member.pk not in cache:
            cache[member.pk] = hours_for([member.pk], year)[member.pk]
        return cache[member.pk]

    def get_year(self, member) -> int:
        return self._year()

    @extend_schema_field(serializers.DecimalField(max_digits=6, decimal_places=1))
    def get_total(self, member):
        return self._hours(member).total

    @extend_schema_field(serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=1)))
    def get_by_source(self, member):
        return self._hours(member).by_source()

    def get_concentrated(self, member) -> int:
        return self._hours(member).concentrated

    def get_on_committee(self, member) -> bool:
        return member.pk in committee_ids([member.pk], self._year())


class TrainingHoursViewSet(ReadOnlyScopedViewSet):
    """学时统计：本组织及下级在册党员某年的学时（由出席和培训记录自动统计，只读）。"""

    serializer_class = HoursSerializer
    filterset_class = HoursFilter
    select_related = ("organization",)

    def get_queryset(self):
        return super().get_queryset().current().order_by("organization__path", "name", "pk")


class FirstTopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = FirstTopic
        fields = ("id", "title", "source", "published_on")
        read_only_fields = fields


class FirstTopicViewSet(ReadOnlyScopedViewSet):
    """第一议题库：议题、出处和发表日期（工委管理员在“第一议题库”页面维护），供会议计划时选用。"""

    serializer_class = FirstTopicSerializer
