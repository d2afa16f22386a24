"""Party-affairs notices (党务公开): a notice an organisation publishes to the members of its subtree for a period, and
each member's read receipt. The yearly dues publication (党费收缴情况公开) is a notice of category 党费收缴使用 with
its ``year``, generated from the dues records (``services.draft_dues_notice``); FEE-09 counts it once published.

Who sees what (``NoticeQuerySet``): the keepers of an organisation see its subtree's notices (any status) and the
published notices of the organisations above it, addressed to them too; an ordinary member sees only the published
notices of their branch and its ancestors while in period. Who has read what is only for the publisher's keepers."""

import datetime
from typing import Any, ClassVar, Self, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhibu.core.contracts import Viewer
from zhibu.core.models import BaseModel
from zhibu.core.scoping import VIEW, ScopedQuerySet
from zhibu.organizations.models import lineage_paths

_M = TypeVar("_M", bound=models.Model)


class Category(models.TextChoices):
    ORGANIZATION = "organization", "组织建设"
    DUES = "dues", "党费收缴使用"
    RECRUITMENT = "recruitment", "发展党员"
    AWARDS = "awards", "评先评优"
    OTHER = "other", "其他"


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已公开"
    WITHDRAWN = "withdrawn", "已撤回"


def lineage_of(paths: list[str]) -> list[str]:
    """The paths of every organisation above (and including) the given ones."""
    return sorted({path for own in paths for path in lineage_paths(own)})


def in_period(today: datetime.date) -> Q:
    return Q(status=Status.PUBLISHED, publish_from__lte=today) & (
        Q(publish_until__isnull=True) | Q(publish_until__gte=today)
    )


class NoticeQuerySet(ScopedQuerySet[_M]):
    def visible_to(self, user: Viewer, action: str = VIEW) -> Self:
        allowed = super().visible_to(user, action)
        if action != VIEW or user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
            return allowed
        # A keeper also reads what was published from above to their subtree (a 党委's notice, at a branch).
        subtree, _ = user.scope_paths(VIEW)
        if not subtree:
            return allowed
        return allowed | self.filter(status=Status.PUBLISHED, organization__path__in=lineage_of(subtree))


class Notice(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="公开单位", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文", help_text="按段落书写，空一行分段")
    category = models.CharField("公开类别", max_length=16, choices=Category.choices)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    publish_from = models.DateField("公开起始日期")
    publish_until = models.DateField("公开截止日期", null=True, blank=True, help_text="不填则长期公开")
    year = models.PositiveSmallIntegerField("党费年度", null=True, blank=True, help_text="党费收缴情况公开的年度")
    attachments = models.ManyToManyField("core.Attachment", verbose_name="附件", blank=True, related_name="+")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.CharField("撤回原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[models.Manager["Notice"]] = NoticeQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["-publish_from", "-id"]
        verbose_name = "党务公开事项"
        verbose_name_plural = "党务公开事项"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(category="dues") & ~Q(status="withdrawn"),
                name="one_dues_notice_per_year",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notices:detail", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user: Any, org_paths: list[str]) -> Q:
        return in_period(timezone.localdate()) & Q(organization__path__in=lineage_of(org_paths))

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.replace("\r\n", "\n").split("\n\n") if part.strip()]


class NoticeRead(BaseModel):
    """A member opened a published notice on their own pages: once, the first time."""

    notice = models.ForeignKey(Notice, verbose_name="公开事项", on_delete=models.PROTECT, related_name="reads")
    member = models.ForeignKey("members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField("阅读时间")

    scope_path = "notice__organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["notice", "read_at"]
        verbose_name = "阅读记录"
        verbose_name_plural = "阅读记录"
        constraints = [models.UniqueConstraint(fields=["notice", "member"], name="one_read_per_member")]

    def __str__(self) -> str:
        return f"{self.member} {self.notice}"

    def audit_organization(self) -> models.Model:
        return self.notice.organization
