"""The study-list API: lists with their topics (issued and filled through the same services as the pages) and the
meetings' links to topics (set per meeting, as on the meeting's page)."""

from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from zhibu.activities.models import Activity, ActivityKind
from zhibu.core.api import ReadOnlyScopedViewSet, ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.forms import pk_out_of_range
from zhibu.core.scoping import CHANGE, VIEW, require
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.study import services
from zhibu.study.filters import StudyLinkFilter, StudyListFilter, TheoryGroupFilter, TheorySessionFilter
from zhibu.study.models import (
    StudyLink,
    StudyList,
    StudyTopic,
    TheoryAttendance,
    TheoryGroup,
    TheoryGroupSeat,
    TheorySession,
    TheorySpeech,
)


class StudyTopicSerializer(serializers.ModelSerializer):
    study_list = ScopedRelatedField(model=StudyList, action=CHANGE, help_text="学习清单（须有下发组织的管理权限）")
    kinds = serializers.SlugRelatedField(
        slug_field="code", queryset=ActivityKind.objects.all(), many=True, required=False, help_text="会议类型代码"
    )
    materials = serializers.CharField(required=False, allow_blank=True, help_text="学习材料标题，每行一项")

    class Meta:
        model = StudyTopic
        fields = ("id", "study_list", "position", "title", "materials", "suggested_form", "kinds")
        read_only_fields = ("id", "position")

    def create(self, validated_data):
        return services.add_topic(actor=actor(self), **validated_data)


class StudyListSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="下发党组织（须有管理权限）")
    year = serializers.IntegerField(write_only=True, min_value=2000, max_value=2100, help_text="年度")
    number = serializers.IntegerField(write_only=True, min_value=1, max_value=12, help_text="月份（1–12）或季度（1–4）")
    title = serializers.CharField(required=False, allow_blank=True, max_length=100)
    topics = StudyTopicSerializer(many=True, read_only=True)

    class Meta:
        model = StudyList
        fields = ("id", "organization", "title", "period", "year", "number", "starts_on", "ends_on", "topics")
        read_only_fields = ("id", "starts_on", "ends_on", "topics")

    def create(self, validated_data):
        return services.issue_list(actor=actor(self), **validated_data)


class StudyListViewSet(ScopedViewSet):
    """学习清单：本组织及上级下发的清单（含学习内容）；下发新清单（POST）。"""

    serializer_class = StudyListSerializer
    filterset_class = StudyListFilter
    select_related = ("organization",)
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("topics__kinds")


class StudyTopicViewSet(ScopedViewSet):
    """学习清单内容：向清单添加一项学习内容（POST；材料文件在页面上传）。"""

    serializer_class = StudyTopicSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("kinds")


class StudyLinkSerializer(serializers.ModelSerializer):
    topic_title = serializers.CharField(source="topic.title", read_only=True)

    class Meta:
        model = StudyLink
        fields = ("id", "topic", "topic_title", "activity")
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class MeetingField(ScopedRelatedField):
    """A meeting's id (the serializer below has no model to derive the type from)."""


class MeetingTopicsSerializer(serializers.Serializer):
    activity = MeetingField(model=Activity, action=CHANGE, help_text="会议（须有管理权限）")
    topics = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        max_length=100,
        help_text="本次会议学习的清单内容id（替换已记录的；空表示未学习）",
    )


class StudyLinkViewSet(ReadOnlyScopedViewSet):
    """学习清单落实：各会议学习了哪些清单内容（按会议记录）；POST set 设置一次会议学习的内容。"""

    serializer_class = StudyLinkSerializer
    filterset_class = StudyLinkFilter
    select_related = ("topic",)
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        raise exceptions.MethodNotAllowed("POST", detail="请用 POST set 设置一次会议学习的清单内容")

    @extend_schema(request=MeetingTopicsSerializer, responses=StudyLinkSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="set")
    def set_topics(self, request):
        body = MeetingTopicsSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        activity = body.validated_data["activity"]
        ids = [pk for pk in body.validated_data["topics"] if not pk_out_of_range(pk)]
        topics = list(StudyTopic.objects.visible_to(request.user, VIEW).filter(pk__in=ids))
        if len(topics) != len(set(ids)):
            raise serializers.ValidationError({"topics": ["有学习内容不存在或不在您的权限范围内"]})
        services.link_topics(actor=request.user, activity=activity, topics=topics)
        links = StudyLink.objects.filter(activity=activity).select_related("topic")
        return Response(StudyLinkSerializer(links, many=True).data)


# 理论学习中心组 ------------------------------------------------------------------------------------------------------


class TheorySeatSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True, help_text="姓名")

    class Meta:
        model = TheoryGroupSeat
        fields = ("member", "member_name", "role")
        read_only_fields = fields


class TheoryGroupSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="所属党组织（须有管理权限）")
    seats = TheorySeatSerializer(many=True, read_only=True, help_text="中心组成员（在页面上设置）")

    class Meta:
        model = TheoryGroup
        fields = ("id", "organization", "name", "seats")
        read_only_fields = ("id", "seats")

    def create(self, validated_data):
        return services.create_group(actor=actor(self), **validated_data)


class TheoryGroupViewSet(ScopedViewSet):
    """理论学习中心组：查询（含成员）；新建中心组（POST；成员在页面上设置）。"""

    serializer_class = TheoryGroupSerializer
    filterset_class = TheoryGroupFilter
    select_related = ("organization",)
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("seats__member")


class TheoryAttendanceSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True, help_text="姓名")

    class Meta:
        model = TheoryAttendance
        fields = ("member", "member_name", "status")
        read_only_fields = fields


class TheorySpeechSerializer(serializers.ModelSerializer):
    speaker = serializers.CharField(read_only=True, help_text="发言人姓名（特邀主讲人为其姓名）")

    class Meta:
        model = TheorySpeech
        fields = ("kind", "member", "speaker", "title")
        read_only_fields = fields


def _people(help_text: str) -> Any:
    return ScopedRelatedField(model=Member, action=CHANGE, many=True, required=False, help_text=help_text)


class TheorySessionSerializer(serializers.ModelSerializer):
    group = ScopedRelatedField(model=TheoryGroup, action=CHANGE, help_text="中心组（须有管理权限）")
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal("0.5"), max_value=Decimal(8), help_text="学时"
    )
    present = _people("出席的中心组成员id")
    on_leave = _people("请假的中心组成员id")
    observers = _people("列席旁听人员id（非中心组成员）")
    speakers = _people("交流发言人员id（须出席或列席）")
    lecturer = ScopedRelatedField(
        model=Member, action=CHANGE, required=False, allow_null=True, write_only=True, help_text="主讲人id"
    )
    lecturer_name = serializers.CharField(
        required=False, allow_blank=True, max_length=60, write_only=True, help_text="特邀主讲人"
    )
    lecture_title = serializers.CharField(
        required=False, allow_blank=True, max_length=200, write_only=True, help_text="主讲题目"
    )
    materials = serializers.CharField(required=False, allow_blank=True, max_length=5000, help_text="学习材料，每行一项")
    summary = serializers.CharField(required=False, allow_blank=True, max_length=2000, help_text="学习情况")
    attendances = TheoryAttendanceSerializer(many=True, read_only=True, help_text="出席、请假和列席旁听")
    speeches = TheorySpeechSerializer(many=True, read_only=True, help_text="主讲和交流发言")

    class Meta:
        model = TheorySession
        fields: tuple[str, ...] = (
            "id",
            "group",
            "held_on",
            "topic",
            "hours",
            "materials",
            "summary",
            "present",
            "on_leave",
            "observers",
            "speakers",
            "lecturer",
            "lecturer_name",
            "lecture_title",
            "attendances",
            "speeches",
        )
        read_only_fields = ("id", "attendances", "speeches")
        extra_kwargs = {name: {"write_only": True} for name in ("present", "on_leave", "observers", "speakers")}

    def create(self, validated_data):
        return services.record_session(actor=actor(self), **validated_data)


class TheorySessionAmendSerializer(TheorySessionSerializer):
    """The whole session as it should have been recorded, and why (the group stays the session's own)."""

    reason = serializers.CharField(max_length=300, write_only=True, help_text="更正原因（记入审计日志）")

    class Meta(TheorySessionSerializer.Meta):
        fields: tuple[str, ...] = (
            *(name for name in TheorySessionSerializer.Meta.fields if name != "group"),
            "reason",
        )
        read_only_fields = ("id", "attendances", "speeches")


class TheorySessionViewSet(ScopedViewSet):
    """中心组学习记录：查询（含出席和发言）；记录一次学习（POST，与页面同一服务，学时计入出席和列席人员）；
    POST amend 更正已记录的学习（仅中心组的管理者，须写明原因，更正前后记入审计日志，学时随之重新统计）。"""

    serializer_class = TheorySessionSerializer
    filterset_class = TheorySessionFilter
    select_related = ("group",)
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("attendances__member", "speeches__member")

    @extend_schema(request=TheorySessionAmendSerializer, responses=TheorySessionSerializer)
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        session = self.get_object()
        require(request.user, CHANGE, session)  # a seat-holder reads the session but may not correct it
        body = TheorySessionAmendSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        amended = services.amend_session(actor=request.user, session=session, **body.validated_data)
        fresh = self.get_queryset().get(pk=amended.pk)
        return Response(TheorySessionSerializer(fresh, context=self.get_serializer_context()).data)
