"""The study-list API: lists with their topics (issued and filled through the same services as the pages) and the
meetings' links to topics (set per meeting, as on the meeting's page)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from zhibu.activities.models import Activity, ActivityKind
from zhibu.core.api import ReadOnlyScopedViewSet, ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.forms import pk_out_of_range
from zhibu.core.scoping import CHANGE, VIEW
from zhibu.organizations.models import Organization
from zhibu.study import services
from zhibu.study.filters import StudyLinkFilter, StudyListFilter
from zhibu.study.models import StudyLink, StudyList, StudyTopic


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
