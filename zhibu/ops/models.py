"""One row per run of a scheduled job (``run_jobs``): when it started and ended, how it went and the end of what it
printed. The rows belong to no organisation: only the 系统管理员 (and a superuser) sees them."""

from typing import Self

from django.db import models

from zhibu.core.contracts import Viewer
from zhibu.core.models import BaseModel
from zhibu.core.scoping import VIEW, ScopedQuerySet

OUTPUT_TAIL_CHARS = 4000


def is_system_admin(user: Viewer) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return bool(getattr(user, "is_system_admin", False))


class JobRunQuerySet(ScopedQuerySet["JobRun"]):
    def visible_to(self, user: Viewer, action: str = VIEW) -> Self:
        # Not an organisation's record: the base method would show it to everyone as reference data.
        return self.all() if is_system_admin(user) else self.none()


class JobRun(BaseModel):
    class Outcome(models.TextChoices):
        RUNNING = "running", "运行中"
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"

    job = models.CharField("任务", max_length=60, db_index=True)
    started_at = models.DateTimeField("开始时间", db_index=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    output_tail = models.TextField("输出（末尾）", blank=True)

    objects = JobRunQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ("-started_at", "-id")
        verbose_name = "计划任务运行记录"
        indexes = [models.Index(fields=("job", "-started_at"))]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ops:run", args=[self.pk])

    @property
    def job_label(self) -> str:
        from zhibu.ops.jobs import JOBS_BY_NAME

        job = JOBS_BY_NAME.get(self.job)
        return job.label if job else self.job

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 1)
