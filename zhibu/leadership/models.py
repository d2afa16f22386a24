"""Leaders' duties (领导干部履职): the branches a leader keeps as a contact point (党建联系点) and the visits made there
(AGY-04), the leader's research days and reports (调研, AGY-05), and 书记项目 with their goals and yearly results.

A contact point and a research record belong to the agency organisation (机关党委/党组) whose leader it is; its keepers
and those above see and change them. A 书记项目 belongs to the organisation whose secretary runs it."""

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import BaseModel
from zhibu.core.scoping import ScopedQuerySet


class VisitKind(models.TextChoices):
    LIFE = "life", "参加组织生活"
    RESEARCH = "research", "调研"
    LECTURE = "lecture", "讲党课"
    OTHER = "other", "其他"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "已立项"
    ONGOING = "ongoing", "推进中"
    DONE = "done", "已完成"
    STOPPED = "stopped", "已终止"


class ContactPoint(BaseModel):
    """A leader (a member, typically a 班子成员) keeping a branch as contact point from ``since`` until ``until``."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="所属党组织", on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey("members.Member", verbose_name="领导干部", on_delete=models.PROTECT, related_name="+")
    post = models.CharField("职务", max_length=60, blank=True, help_text="如：党组书记、局长；机关党委副书记")
    branch = models.ForeignKey(
        "organizations.Organization", verbose_name="联系支部", on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField("联系起始日期")
    until = models.DateField("联系终止日期", null=True, blank=True, help_text="调整联系点时填写")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[models.Manager["ContactPoint"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"
    member_fields = ("leader",)

    class Meta:
        ordering = ["organization__path", "leader__name", "-since", "id"]
        verbose_name = "党建联系点"
        verbose_name_plural = "党建联系点"
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "branch"], condition=models.Q(until__isnull=True), name="one_open_contact_point"
            )
        ]

    def __str__(self) -> str:
        return f"{self.leader.name}联系{self.branch.name}"

    def get_absolute_url(self) -> str:
        return reverse("leadership:contact_detail", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user: Any, org_paths: list[str]) -> Q:
        # The leader reads their own contact points (their duties, reminded in the 待办 inbox) without a role.
        return Q(leader__user=user)

    def is_open(self, day: datetime.date) -> bool:
        return self.since <= day and (self.until is None or self.until >= day)


class ContactVisit(BaseModel):
    """One dated visit of the leader to the contact branch and what was done there."""

    contact = models.ForeignKey(ContactPoint, verbose_name="联系点", on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField("日期")
    kind = models.CharField("内容类别", max_length=10, choices=VisitKind.choices)
    notes = models.CharField("情况记录", max_length=500, help_text="如：参加支部主题党日，听取支部工作汇报")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[models.Manager["ContactVisit"]] = ScopedQuerySet.as_manager()
    scope_path = "contact__organization__path"
    member_fields = ("contact__leader",)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = "联系点活动"
        verbose_name_plural = "联系点活动"

    def __str__(self) -> str:
        return f"{self.contact} {self.visited_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("leadership:contact_detail", args=[self.contact_id])

    def audit_organization(self) -> models.Model:
        return self.contact.organization

    @classmethod
    def member_scope_q(cls, user: Any, org_paths: list[str]) -> Q:
        return Q(contact__leader__user=user)


class ResearchRecord(BaseModel):
    """A leader's research (调研): when, how many days, on what topic, and the report written from it."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="所属党组织", on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey("members.Member", verbose_name="领导干部", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("调研日期", help_text="调研开始的日期")
    days = models.PositiveSmallIntegerField("调研天数")
    topic = models.CharField("调研课题", max_length=200)
    report_title = models.CharField("调研报告题目", max_length=200, blank=True, help_text="形成调研报告时填写")
    reports = models.ManyToManyField("core.Attachment", verbose_name="调研报告文件", blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[models.Manager["ResearchRecord"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"
    member_fields = ("leader",)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "调研记录"
        verbose_name_plural = "调研记录"

    def __str__(self) -> str:
        return f"{self.leader.name}：{self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("leadership:research_detail", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user: Any, org_paths: list[str]) -> Q:
        return Q(leader__user=user)


class SecretaryProject(BaseModel):
    """A 书记项目: the secretary's project of the organisation for a year, its goals, progress and results."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    secretary = models.ForeignKey("members.Member", verbose_name="书记", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("项目名称", max_length=120)
    goals = models.TextField("项目目标", max_length=2000)
    progress = models.TextField("进展与成效", max_length=4000, blank=True)
    status = models.CharField("状态", max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)

    objects: ClassVar[models.Manager["SecretaryProject"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"
    member_fields = ("secretary",)

    class Meta:
        ordering = ["-year", "organization__path", "id"]
        verbose_name = "书记项目"
        verbose_name_plural = "书记项目"
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "title"], name="one_secretary_project_title")
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("leadership:project_detail", args=[self.pk])
