"""The notices' API: list and read as the pages do, draft, publish, withdraw, generate the year's dues publication, a
member's read receipt, and the publisher's read count — each through the same service as the page."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE, require
from zhibu.notices import services
from zhibu.notices.filters import NoticeFilter
from zhibu.notices.models import Notice
from zhibu.organizations.models import Organization


class PartyNoticeSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="公开单位编号（须有管理权限）")
    organization_name = serializers.CharField(source="organization.name", read_only=True, help_text="公开单位")

    class Meta:
        model = Notice
        fields = (
            "id",
            "organization",
            "organization_name",
            "title",
            "body",
            "category",
            "status",
            "publish_from",
            "publish_until",
            "year",
            "published_at",
            "withdrawn_at",
            "withdraw_reason",
        )
        read_only_fields = ("status", "year", "published_at", "withdrawn_at", "withdraw_reason")

    def create(self, validated_data):
        return services.create_notice(actor=actor(self), **validated_data)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, help_text="撤回原因")


class DuesNoticeSerializer(serializers.Serializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="党支部编号")
    year = serializers.IntegerField(min_value=1900, max_value=2100, help_text="公开的党费年度")


class ReaderSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="党员编号")
    name = serializers.CharField(help_text="姓名")


class ReadCountSerializer(serializers.Serializer):
    audience = serializers.IntegerField(help_text="应知党员人数")
    read = serializers.IntegerField(help_text="已阅人数")
    unread = ReaderSerializer(many=True, help_text="未阅党员（仅公开单位的党务管理人员可见）")


class NoticeViewSet(ScopedViewSet):
    """党务公开事项：草稿 → 已公开 → 已撤回；党员只能看到公开期内发给本支部及上级组织的已公开事项。"""

    serializer_class = PartyNoticeSerializer
    filterset_class = NoticeFilter
    select_related = ("organization",)
    http_method_names = ["get", "post", "head", "options"]

    def _to_change(self):
        notice = self.get_object()
        require(self.request.user, CHANGE, notice)
        return notice

    def _done(self, notice):
        return Response(PartyNoticeSerializer(notice, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=PartyNoticeSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._done(services.publish_notice(actor=request.user, notice=self._to_change()))

    @extend_schema(request=WithdrawSerializer, responses=PartyNoticeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        notice = self._to_change()
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.withdraw_notice(actor=request.user, notice=notice, **data.validated_data))

    @extend_schema(request=DuesNoticeSerializer, responses={201: PartyNoticeSerializer})
    @action(detail=False, methods=["post"])
    def dues(self, request):
        """生成党费收缴情况公开（草稿）：按党支部的党费记录生成，不手工填写。"""
        data = DuesNoticeSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        notice = services.draft_dues_notice(actor=request.user, **data.validated_data)
        return Response(PartyNoticeSerializer(notice, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=None, responses={200: PartyNoticeSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """党员本人阅读：只记录一次。"""
        notice = self.get_object()
        services.mark_read(actor=request.user, notice=notice)
        return self._done(notice)

    @extend_schema(responses=ReadCountSerializer)
    @action(detail=True, methods=["get"])
    def reads(self, request, pk=None):
        """阅读情况：应知人数、已阅人数和未阅名单，仅公开单位的党务管理人员可查看。"""
        notice = self._to_change()
        total, read, unread = services.read_counts(notice)
        unread_rows = [{"id": member.pk, "name": member.name} for member in unread]
        return Response(ReadCountSerializer({"audience": total, "read": read, "unread": unread_rows}).data)
