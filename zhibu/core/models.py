from collections.abc import Callable
from typing import Any, ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.audit_models import AuditEvent as AuditEvent  # model registration; re-exported for older imports
from zhibu.core.contracts import ScopePath, ScopingActor, Viewer
from zhibu.core.scoping import NOTHING, VIEW, ScopedQuerySet


class BaseModel(models.Model):
    """Every domain model inherits this: timestamps, the scoped manager, and how it is audited.

    ``scope_path`` names the lookup that reaches the organisation's materialised path (e.g.
    ``"organization__path"``); ``None`` marks reference data readable by everyone.
    """

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    # A model reached through two organisations (an inspection: the inspecting one and the inspected scope) names both.
    scope_path: ClassVar[ScopePath | None] = None
    audit_exclude: ClassVar[tuple[str, ...]] = ("created_at", "updated_at")

    class Meta:
        abstract = True

    @classmethod
    def member_scope_q(cls, user: ScopingActor, org_paths: list[str]) -> Q:
        """Rows an ordinary member (党员 role) may see: none unless the model says otherwise."""
        return NOTHING

    def audit_organization(self) -> models.Model | None:
        """The organisation an audit event on this record belongs to."""
        return getattr(self, "organization", None)


AttachmentReader = Callable[[ScopingActor], "models.QuerySet[Any]"]
_shared_readers: list[AttachmentReader] = []


def register_attachment_readers(reader: AttachmentReader) -> None:
    """A higher app whose records hand files down the tree (a study list's materials, read by the branches it was
    issued to) names, for a user, the attachment ids those records let them read; ``Attachment.objects.visible_to``
    adds them for viewing, so the download route stays the one scoped file view."""
    _shared_readers.append(reader)


class AttachmentQuerySet(ScopedQuerySet["Attachment"]):
    def visible_to(self, user: Viewer, action: str = VIEW) -> Self:
        own = super().visible_to(user, action)
        if action != VIEW or not _shared_readers or isinstance(user, AnonymousUser):
            return own
        if user is None or not user.is_authenticated or not user.is_active:
            return own
        shared = NOTHING
        for reader in _shared_readers:
            shared |= Q(pk__in=reader(user))
        return own | self.filter(shared)


class Attachment(BaseModel):
    """A checked, stored upload (see ``zhibu.core.uploads``); served only through the access-checked file view. Its
    organisation's scope reads it, and whoever a registered reader lets read it (``register_attachment_readers``)."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="所属组织", on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField("用途", max_length=40)
    original_name = models.CharField("原文件名", max_length=120)
    stored_name = models.CharField(max_length=120, unique=True, editable=False)
    content_type = models.CharField("类型", max_length=120)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[models.Manager["Attachment"]] = AttachmentQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("attachment", args=[self.pk])


class NotificationQuerySet(ScopedQuerySet["Notification"]):
    def visible_to(self, user: Viewer, action: str = "view") -> Self:
        """A notification belongs to one person; nobody else sees it, whatever their role."""
        if user is None or not getattr(user, "is_authenticated", False) or not hasattr(user, "_meta"):
            return self.none()
        return self.filter(user=user)


class Notification(BaseModel):
    """An in-app message to one user: a meeting to attend, minutes to sign, a resolution due."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField("内容", max_length=200)
    url = models.CharField("链接", max_length=200, blank=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    task = models.CharField("待办事项", max_length=64, blank=True, help_text="办完即视为已读，如 activity.sign:12")

    objects: ClassVar[models.Manager["Notification"]] = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(fields=["task"], name="notification_task"),
        ]

    def __str__(self) -> str:
        return self.text


class SubmissionKeyQuerySet(ScopedQuerySet["SubmissionKey"]):
    def visible_to(self, user: Viewer, action: str = "view") -> Self:
        """Bookkeeping of the idempotency mechanism: no page or API lists it."""
        return self.none()


class SubmissionKey(BaseModel):
    """One submitted create (a form post, an API call with ``Idempotency-Key``): its key is claimed in the same
    transaction as the create, so the same submission sent again finds what it made instead of making it twice."""

    key = models.CharField("提交标识", max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("创建的记录类型", max_length=40)
    object_id = models.PositiveBigIntegerField("创建的记录", null=True, blank=True)

    objects: ClassVar[models.Manager["SubmissionKey"]] = SubmissionKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "提交标识"
        verbose_name_plural = "提交标识"

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
