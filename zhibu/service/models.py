"""Serving the people (为民服务): communities kept as data beside the party tree, their pairing with branches
(双百共建), members' registration in their home community (双报到) and the services they did there, wishes (微心愿)
with their path 待认领 → 已认领 → 已兑现 → 已确认, and projects (我为群众办实事), linked to a work-ledger task where
the work ledger already carries them."""

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.fields import EncryptedTextField
from zhibu.core.models import BaseModel
from zhibu.core.scoping import ScopedQuerySet
from zhibu.organizations.models import lineage_paths


def _lineage(org_paths: list[str]) -> list[str]:
    """The member's branches and every organisation above them: whose communities and wishes a member reads."""
    return sorted({path for org_path in org_paths for path in lineage_paths(org_path)})


class Community(BaseModel):
    """A community (社区) outside the party tree, kept by the branch or 党委 that works with it."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="联系党组织", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("社区名称", max_length=100)
    address = models.CharField("地址", max_length=200, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = EncryptedTextField("联系电话", mask_kind="phone", blank=True)
    active = models.BooleanField("启用", default=True)

    objects: ClassVar[models.Manager["Community"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["organization__path", "name"]
        verbose_name = "社区"
        verbose_name_plural = "社区"
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="service_community_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("service:community_edit", args=[self.pk])

    def audit_organization(self) -> Any:
        return self.organization

    @classmethod
    def member_scope_q(cls, user: Any, org_paths: list[str]) -> Q:
        return Q(organization__path__in=_lineage(org_paths))


class Pairing(BaseModel):
    """双百共建: a branch paired with a community from a date (until a date, when the pairing ends)."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="共建党组织", on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(Community, verbose_name="共建社区", on_delete=models.PROTECT, related_name="pairings")
    started_on = models.DateField("共建开始日期")
    ended_on = models.DateField("共建结束日期", null=True, blank=True)
    content = models.CharField("共建内容", max_length=300, blank=True)

    objects: ClassVar[models.Manager["Pairing"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["organization__path", "-started_on"]
        verbose_name = "共建结对"
        verbose_name_plural = "共建结对"

    def __str__(self) -> str:
        return f"{self.organization} — {self.community}"

    def get_absolute_url(self) -> str:
        return reverse("service:pairings")

    def audit_organization(self) -> Any:
        return self.organization


class Registration(BaseModel):
    """双报到: a member registered in their home community."""

    member = models.ForeignKey("members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(Community, verbose_name="居住地社区", on_delete=models.PROTECT, related_name="+")
    registered_on = models.DateField("报到日期")

    objects: ClassVar[models.Manager["Registration"]] = ScopedQuerySet.as_manager()
    scope_path = "member__organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["member__organization__path", "member__name"]
        verbose_name = "社区报到"
        verbose_name_plural = "社区报到"
        constraints = [models.UniqueConstraint(fields=["member", "community"], name="service_register_once")]

    def __str__(self) -> str:
        return f"{self.member} 报到 {self.community}"

    def get_absolute_url(self) -> str:
        return reverse("service:registrations")

    @classmethod
    def member_scope_q(cls, user: Any, org_paths: list[str]) -> Q:
        return Q(member__user=user)

    def audit_organization(self) -> Any:
        return self.member.organization


class Wish(BaseModel):
    """微心愿: posted for a community (by its contact, recorded by the keeper) or by a branch; claimed by a member or a
    branch; fulfilled with evidence; confirmed by the resident (recorded by the keeper)."""

    class Status(models.TextChoices):
        OPEN = "open", "待认领"
        CLAIMED = "claimed", "已认领"
        FULFILLED = "fulfilled", "已兑现"
        CONFIRMED = "confirmed", "已确认"

    class PostedBy(models.TextChoices):
        COMMUNITY = "community", "社区"
        BRANCH = "branch", "党组织"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="登记党组织", on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(Community, verbose_name="社区", on_delete=models.PROTECT, related_name="wishes")
    posted_by = models.CharField("发布方", max_length=10, choices=PostedBy.choices, default=PostedBy.COMMUNITY)
    resident = models.CharField("心愿人", max_length=50, help_text="如：独居老人王某；只写称呼即可")
    title = models.CharField("心愿内容", max_length=100)
    detail = models.TextField("详细说明", blank=True)
    posted_on = models.DateField("发布日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    claimed_by_member = models.ForeignKey(
        "members.Member", verbose_name="认领党员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_by_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="认领党组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    claimed_on = models.DateField("认领日期", null=True, blank=True)
    fulfilled_on = models.DateField("兑现日期", null=True, blank=True)
    fulfilment = models.TextField("兑现情况", blank=True)
    evidence = models.ManyToManyField("core.Attachment", verbose_name="佐证材料", blank=True, related_name="+")
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    confirmation = models.CharField("群众确认情况", max_length=300, blank=True)

    objects: ClassVar[models.Manager["Wish"]] = ScopedQuerySet.as_manager()
    scope_path = ("organization__path", "claimed_by_organization__path")

    class Meta:
        ordering = ["-posted_on", "-id"]
        verbose_name = "微心愿"
        verbose_name_plural = "微心愿"

    def __str__(self) -> str:
        return f"{self.community}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("service:wish_detail", args=[self.pk])

    def audit_organization(self) -> Any:
        return self.organization

    @classmethod
    def member_scope_q(cls, user: Any, org_paths: list[str]) -> Q:
        # A member reads the wishes their branch and the organisations above it keep, and the ones they claimed.
        return Q(organization__path__in=_lineage(org_paths)) | Q(claimed_by_member__user=user)

    @property
    def claimer(self) -> str:
        return str(self.claimed_by_member or self.claimed_by_organization or "")


class ServiceRecord(BaseModel):
    """A service a member did in a community: the date, what, the hours (volunteer hours add up from these)."""

    member = models.ForeignKey("members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(Community, verbose_name="社区", on_delete=models.PROTECT, related_name="+")
    served_on = models.DateField("服务日期")
    what = models.CharField("服务内容", max_length=200)
    hours = models.DecimalField("服务时长（小时）", max_digits=5, decimal_places=1)
    wish = models.ForeignKey(
        Wish, verbose_name="兑现的微心愿", null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[models.Manager["ServiceRecord"]] = ScopedQuerySet.as_manager()
    scope_path = "member__organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["-served_on", "-id"]
        verbose_name = "志愿服务记录"
        verbose_name_plural = "志愿服务记录"
        constraints = [models.CheckConstraint(condition=Q(hours__gt=Decimal("0")), name="service_hours_positive")]

    def __str__(self) -> str:
        return f"{self.member} {self.served_on:%Y-%m-%d} {self.what}"

    def get_absolute_url(self) -> str:
        return reverse("service:records")

    @classmethod
    def member_scope_q(cls, user: Any, org_paths: list[str]) -> Q:
        return Q(member__user=user)

    def audit_organization(self) -> Any:
        return self.member.organization


class Project(BaseModel):
    """我为群众办实事: goals, progress and results. Where the work ledger carries the project as a task, the task is
    linked and its monthly progress is read from there instead of being kept twice."""

    class Status(models.TextChoices):
        PLANNED = "planned", "谋划中"
        ACTIVE = "active", "推进中"
        DONE = "done", "已办结"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="责任党组织", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("实事项目", max_length=100)
    community = models.ForeignKey(
        Community, verbose_name="服务社区", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    goals = models.TextField("目标")
    progress = models.TextField("进展", blank=True, help_text="已关联工作台账任务的，进展以月度进展为准")
    results = models.TextField("成效", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField("开始日期")
    finished_on = models.DateField("办结日期", null=True, blank=True)
    work_task = models.ForeignKey(
        "worklog.Task", verbose_name="工作台账任务", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager["Project"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["organization__path", "-started_on"]
        verbose_name = "实事项目"
        verbose_name_plural = "实事项目"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("service:project_edit", args=[self.pk])

    def audit_organization(self) -> Any:
        return self.organization
