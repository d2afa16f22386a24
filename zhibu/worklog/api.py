"""The work ledger over the API: plans (with their sections and points), tasks and progress reports, read as the
pages scope them; and the owner's two writes, ``POST /worklog-tasks/{id}/progress/`` (one month's report) and
``POST /worklog-tasks/{id}/closure/`` (a closure request; evidence files are uploaded on the task page, so over the API
the request names attachments already uploaded for the task's own progress reports); and the issuer's
``POST /worklog-tasks/{id}/review/`` (a quarter's 季度点评). Each write runs once per ``Idempotency-Key``: 201 the first
time, 200 with the same record on a retry."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from zhibu.core import idempotency
from zhibu.core.api import ReadOnlyScopedViewSet, write_once
from zhibu.core.scoping import CHANGE, require
from zhibu.worklog import reviews, services
from zhibu.worklog.filters import PlanFilter, TaskFilter
from zhibu.worklog.models import Closure, Plan, Point, Progress, Review, Section, Task
from zhibu.worklog.views import TASK_RELATED

PROGRESS_KIND, CLOSURE_KIND, REVIEW_KIND = "worklog.progress", "worklog.closure", "worklog.review"


class WorklogPointSerializer(serializers.ModelSerializer):
    class Meta:
        model = Point
        fields = ("id", "number", "text")


class WorklogSectionSerializer(serializers.ModelSerializer):
    points = WorklogPointSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ("id", "number", "title", "points")


class WorklogPlanSerializer(serializers.ModelSerializer):
    sections = WorklogSectionSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ("id", "issuer", "year", "title", "issued_on", "note", "sections")


class WorklogProgressSerializer(serializers.ModelSerializer):
    evidence: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="佐证材料（附件编号）"
    )

    class Meta:
        model = Progress
        fields = ("id", "task", "month", "percent", "narrative", "evidence", "reported_by")


class WorklogClosureSerializer(serializers.ModelSerializer):
    evidence: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="佐证材料（附件编号）"
    )

    class Meta:
        model = Closure
        fields = ("id", "task", "requested_on", "summary", "evidence", "decision", "decided_on", "reason")


class WorklogReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = ("id", "task", "year", "quarter", "comment", "score", "written_on", "written_by")


class WorklogTaskSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="point.section.plan_id", read_only=True, help_text="年度工作要点编号")
    point_number = serializers.IntegerField(source="point.number", read_only=True, help_text="条目序号")
    closures = WorklogClosureSerializer(many=True, read_only=True)
    reviews = WorklogReviewSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = (
            "id",
            "plan",
            "point",
            "point_number",
            "owner",
            "deliverable",
            "deadline",
            "weight",
            "leader",
            "responsible",
            "status",
            "accepted_on",
            "closed_on",
            "percent",
            "returned_count",
            "escalated_to",
            "escalated_on",
            "parent",
            "resolution",
            "rectification",
            "closures",
            "reviews",
        )


class WorklogProgressRequestSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="所报月份（该月任意一天，按月份计）；不能是将来月份，每月一次")
    percent = serializers.IntegerField(min_value=0, max_value=100, help_text="完成进度，0至100")
    narrative = serializers.CharField(max_length=2000, help_text="进展情况")


class WorklogClosureRequestSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=2000, help_text="完成情况")
    evidence = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=20,
        help_text="佐证材料：本任务月度进展中已上传的附件编号，至少一个（新文件请在任务页面上传）",
        error_messages={"min_length": "申请销号须附佐证材料"},
    )


class WorklogReviewRequestSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="年度")
    quarter = serializers.IntegerField(min_value=1, max_value=4, help_text="季度，1至4")
    comment = serializers.CharField(max_length=2000, help_text="点评意见")
    score = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True, help_text="评分，0至100，可不填"
    )


def _refusal(name, serializer_class):
    fields = (*serializer_class._declared_fields, "non_field_errors", idempotency.HEADER)
    body = inline_serializer(
        name, {field: serializers.ListField(child=serializers.CharField(), required=False) for field in fields}
    )
    return OpenApiResponse(
        body, description="不能报送：每个字段的中文说明（如将来月份、进度超出0至100、未认领、无佐证材料）"
    )


class WorklogDeniedSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="原因（中文）")


KEY_PARAMETER = OpenApiParameter(
    idempotency.HEADER,
    str,
    OpenApiParameter.HEADER,
    description="每次提交一个（8至64位字母、数字或 - _ . :），重试时原样发送：只报送一次，重试返回200和同一记录",
)
FORBIDDEN = OpenApiResponse(WorklogDeniedSerializer, description="可以查看该任务，但不是责任单位一方（如只读角色）")
NOT_FOUND = OpenApiResponse(WorklogDeniedSerializer, description="任务不存在或不在您的权限范围内")


class PlanViewSet(ReadOnlyScopedViewSet):
    """年度工作要点：印发组织、年度、各部分及其条目。责任单位一方可以读到其承担任务的工作要点。"""

    serializer_class = WorklogPlanSerializer
    filterset_class = PlanFilter
    select_related = ("issuer",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("sections__points")


class ProgressViewSet(ReadOnlyScopedViewSet):
    """工作任务的月度进展。"""

    serializer_class = WorklogProgressSerializer
    select_related = ("task",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("evidence")


class ReviewViewSet(ReadOnlyScopedViewSet):
    """工作任务的季度点评（印发组织填写）。"""

    serializer_class = WorklogReviewSerializer
    select_related = ("task",)


class TaskViewSet(ReadOnlyScopedViewSet):
    """工作任务台账：每项任务的责任单位、成果、时限、权重、状态、最新进度和销号申请；责任单位报送进度、申请销号。"""

    serializer_class = WorklogTaskSerializer
    filterset_class = TaskFilter
    select_related = TASK_RELATED
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("closures__evidence", "reviews")

    def create(self, request, *args, **kwargs):
        # Tasks are decomposed on the plan's page; the list takes no POST.
        raise exceptions.MethodNotAllowed("POST")

    def _owner_task(self):
        """Loaded before the body is read: out of scope 404, not the owner's keeper 403, whatever the body."""
        task = self.get_object()
        require(self.request.user, CHANGE, task.owner)
        return task

    def _once(self, task, kind, model, body, write):
        return write_once(
            self.request, kind=kind, model=model, body=body, write=write, belongs=lambda done: done.task_id == task.pk
        )

    @extend_schema(
        summary="报送月度进展",
        description="与任务页面的报送相同：任务须已认领且未申请销号；月份不能是将来月份，每月一次（重复的答复409）。",
        request=WorklogProgressRequestSerializer,
        parameters=[KEY_PARAMETER],
        responses={
            201: WorklogProgressSerializer,
            200: WorklogProgressSerializer,
            400: _refusal("WorklogProgressRefusal", WorklogProgressRequestSerializer),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        task = self._owner_task()

        def write(data):
            return services.report_progress(actor=request.user, task=task, **data)

        report, created = self._once(
            task, PROGRESS_KIND, Progress, WorklogProgressRequestSerializer(data=request.data), write
        )
        body = WorklogProgressSerializer(Progress.objects.prefetch_related("evidence").get(pk=report.pk)).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        summary="申请销号",
        description="写明完成情况并附佐证材料（本任务已上传的附件编号）；审核由印发组织在页面上办理。",
        request=WorklogClosureRequestSerializer,
        parameters=[KEY_PARAMETER],
        responses={
            201: WorklogClosureSerializer,
            200: WorklogClosureSerializer,
            400: _refusal("WorklogClosureRefusal", WorklogClosureRequestSerializer),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def closure(self, request, pk=None):
        task = self._owner_task()

        def write(data):
            return services.request_closure(
                actor=request.user, task=task, summary=data["summary"], attachments=data["evidence"]
            )

        closure, created = self._once(
            task, CLOSURE_KIND, Closure, WorklogClosureRequestSerializer(data=request.data), write
        )
        body = WorklogClosureSerializer(Closure.objects.prefetch_related("evidence").get(pk=closure.pk)).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        summary="季度点评",
        description="印发组织对任务的季度点评（可附0至100的评分）：每项任务每季度一次，已点评的季度答复409；"
        "季度须已开始且不早于工作要点印发的季度。",
        request=WorklogReviewRequestSerializer,
        parameters=[KEY_PARAMETER],
        responses={
            201: WorklogReviewSerializer,
            200: WorklogReviewSerializer,
            400: _refusal("WorklogReviewRefusal", WorklogReviewRequestSerializer),
            403: OpenApiResponse(WorklogDeniedSerializer, description="可以查看该任务，但不是印发组织一方"),
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        task = self.get_object()
        require(request.user, CHANGE, task.plan)

        def write(data):
            return reviews.write_review(actor=request.user, task=task, **data)

        review, created = self._once(
            task, REVIEW_KIND, Review, WorklogReviewRequestSerializer(data=request.data), write
        )
        body = WorklogReviewSerializer(review).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
