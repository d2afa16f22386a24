"""Leaders' duties API: contact points and their visits, research records, 书记项目; writes go through the same
services as the pages."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE, require
from zhibu.leadership import services
from zhibu.leadership.filters import ContactPointFilter, ContactVisitFilter, ProjectFilter, ResearchFilter
from zhibu.leadership.models import ContactPoint, ContactVisit, ResearchRecord, SecretaryProject
from zhibu.members.models import Member
from zhibu.organizations.models import Organization


class ContactPointSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="所属机关党委或党组")
    leader = ScopedRelatedField(model=Member, action=CHANGE, help_text="领导干部（党员编号）")
    branch = ScopedRelatedField(model=Organization, action=CHANGE, help_text="联系支部")
    leader_name = serializers.CharField(source="leader.name", read_only=True, help_text="领导干部姓名")

    class Meta:
        model = ContactPoint
        fields = ("id", "organization", "leader", "leader_name", "post", "branch", "since", "until")

    def create(self, validated_data):
        validated_data.pop("until", None)  # a new contact point is open; it ends by a change (PATCH)
        return services.create_contact_point(actor=actor(self), **validated_data)

    def update(self, instance, validated_data):
        return services.update_contact_point(
            actor=actor(self),
            contactpoint=instance,
            post=validated_data.get("post", instance.post),
            until=validated_data.get("until", instance.until),
        )


class ContactPointViewSet(ScopedViewSet):
    """党建联系点：领导干部联系的支部及联系期；修改（PATCH）只改职务 post 和联系终止日期 until。"""

    serializer_class = ContactPointSerializer
    filterset_class = ContactPointFilter
    select_related = ("leader",)
    http_method_names = ["get", "post", "patch", "head", "options"]


class ContactVisitSerializer(serializers.ModelSerializer):
    contact = ScopedRelatedField(model=ContactPoint, action=CHANGE, help_text="联系点编号")

    class Meta:
        model = ContactVisit
        fields = ("id", "contact", "visited_on", "kind", "notes")

    def create(self, validated_data):
        return services.record_visit(actor=actor(self), contactpoint=validated_data.pop("contact"), **validated_data)


class ContactVisitViewSet(ScopedViewSet):
    """联系点活动：日期、内容类别（参加组织生活、调研、讲党课、其他）和情况记录。"""

    serializer_class = ContactVisitSerializer
    filterset_class = ContactVisitFilter
    select_related = ("contact",)
    http_method_names = ["get", "post", "head", "options"]


class ReportFileSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="文件编号")
    name = serializers.CharField(source="original_name", help_text="文件名")
    size = serializers.IntegerField(help_text="字节数")
    download = serializers.SerializerMethodField(help_text="下载地址（页面路由，与调研记录同样的权限范围）")

    def get_download(self, attachment) -> str:
        return reverse("leadership:research_report", args=[self.context["record"].pk, attachment.pk])


class ResearchRecordSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="所属机关党委或党组")
    leader = ScopedRelatedField(model=Member, action=CHANGE, help_text="领导干部（党员编号）")
    days = serializers.IntegerField(min_value=1, max_value=services.MAX_RESEARCH_DAYS, help_text="调研天数")
    reports = serializers.SerializerMethodField(help_text="已上传的调研报告文件")

    class Meta:
        model = ResearchRecord
        fields = ("id", "organization", "leader", "started_on", "days", "topic", "report_title", "reports")

    @extend_schema_field(ReportFileSerializer(many=True))
    def get_reports(self, record) -> list:
        return list(ReportFileSerializer(list(record.reports.all()), many=True, context={"record": record}).data)

    def create(self, validated_data):
        return services.record_research(actor=actor(self), **validated_data)


class ReportUploadSerializer(serializers.Serializer):
    upload = serializers.FileField(help_text="调研报告文件（PDF、.docx 或图片），与页面上传相同的检查")
    report_title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="调研报告题目；已登记题目的可不填"
    )


class ResearchRecordViewSet(ScopedViewSet):
    """调研记录：领导干部的调研日期、天数、课题、调研报告题目和报告文件。"""

    serializer_class = ResearchRecordSerializer
    filterset_class = ResearchFilter
    select_related = ("leader",)
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("reports")

    @extend_schema(request={"multipart/form-data": ReportUploadSerializer}, responses=ResearchRecordSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def reports(self, request, pk=None):
        """上传一份调研报告文件（multipart/form-data，字段 upload），须有该调研记录的修改权限。"""
        record = self.get_object()
        require(request.user, CHANGE, record)
        body = ReportUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.add_research_report(actor=request.user, researchrecord=record, **body.validated_data)
        fresh = self.get_queryset().get(pk=record.pk)
        return Response(ResearchRecordSerializer(fresh, context=self.get_serializer_context()).data)


class SecretaryProjectSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="党组织")
    secretary = ScopedRelatedField(model=Member, action=CHANGE, help_text="书记（党员编号）")
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="年度")

    class Meta:
        model = SecretaryProject
        fields = ("id", "organization", "secretary", "year", "title", "goals", "progress", "status")

    def create(self, validated_data):
        validated_data.pop("progress", None)  # progress is reported on the project once it runs (PATCH)
        return services.create_project(actor=actor(self), **validated_data)

    def update(self, instance, validated_data):
        return services.update_project(
            actor=actor(self),
            secretaryproject=instance,
            goals=validated_data.get("goals", instance.goals),
            progress=validated_data.get("progress", instance.progress),
            status=validated_data.get("status", instance.status),
        )


class SecretaryProjectViewSet(ScopedViewSet):
    """书记项目：项目名称、目标、年度进展与成效、状态；更新（PATCH）只改目标 goals、进展与成效 progress 和状态 status。"""

    serializer_class = SecretaryProjectSerializer
    filterset_class = ProjectFilter
    select_related = ("organization", "secretary")
    http_method_names = ["get", "post", "patch", "head", "options"]
