"""The job runs over the API: read-only, for the 系统管理员 (anyone else gets an empty list and 404 for a run)."""

from rest_framework import serializers

from zhibu.core.api import ReadOnlyScopedViewSet
from zhibu.ops.filters import JobRunFilter
from zhibu.ops.models import JobRun


class JobRunSerializer(serializers.ModelSerializer):
    job_label = serializers.CharField(read_only=True, help_text="任务名称")
    seconds = serializers.FloatField(read_only=True, allow_null=True, help_text="用时（秒）；运行中为空")

    class Meta:
        model = JobRun
        fields = ("id", "job", "job_label", "started_at", "finished_at", "seconds", "outcome", "output_tail")
        read_only_fields = fields


class JobRunViewSet(ReadOnlyScopedViewSet):
    """计划任务运行记录（仅系统管理员可见）：开始、结束时间，结果和输出末尾。"""

    serializer_class = JobRunSerializer
    filterset_class = JobRunFilter
