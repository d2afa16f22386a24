from typing import Any, Self

from django.conf import settings
from django.db import models

from zhibu.core.audit_catalogue import label
from zhibu.core.contracts import Viewer
from zhibu.core.scoping import VIEW, ScopedQuerySet


class AppendOnlyQuerySet(ScopedQuerySet["AuditEvent"]):
    """Audit rows are never changed; the database triggers refuse it too, this only says so earlier and clearly."""

    def visible_to(self, user: Viewer, action: str = VIEW) -> Self:
        """The audit administrator sees every row; security roles also see rows without an organisation."""
        if getattr(user, "is_audit_admin", False):
            return self.all()
        scoped = super().visible_to(user, action)
        if getattr(user, "sees_unscoped_audit", False):
            return scoped | self.filter(organization_path="")
        return scoped

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("审计日志只能追加，不能修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志只能追加，不能删除（保留期满的清理请使用 purge_audit 命令）")


class AuditEvent(models.Model):
    """One append-only audit row. ``row_hash`` covers the content and the previous row's hash (a chain)."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"
        DENIED = "denied", "拒绝"

    occurred_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人（快照）", max_length=150)
    event = models.CharField("事件", max_length=64, db_index=True)
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    organization_path = models.CharField("所属组织路径", max_length=255, blank=True, db_index=True)
    source_ip = models.GenericIPAddressField("来源IP", null=True, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()
    scope_path = "organization_path"

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["event", "source_ip", "occurred_at"], name="audit_event_ip_time")]
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name} {self.event}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计日志只能追加，不能删除")

    @property
    def event_label(self) -> str:
        return label(self.event)
