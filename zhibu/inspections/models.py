"""督查 → 整改 → 销号: an inspection plan, the branches it looks at, what it found, and the rectification items that
close only when the inspector accepts the evidence."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import BaseModel

# The inspecting organisation sees everything of its plan; the inspected branch (and every level above it) sees
# what concerns it.
PLAN_AND_TARGET = ("plan__organization__path", "organization__path")


class InspectionPlan(BaseModel):
    class Kind(models.TextChoices):
        REGULAR = "regular", "定期检查"
        RANDOM = "random", "随机抽查"
        SPECIAL = "special", "专项督查"

    class Status(models.TextChoices):
        ACTIVE = "active", "检查中"
        CLOSED = "closed", "已结束"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="组织检查的党组织", on_delete=models.PROTECT, related_name="+"
    )
    scope = models.ForeignKey(
        "organizations.Organization", verbose_name="检查范围", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("检查名称", max_length=100)
    kind = models.CharField("检查方式", max_length=16, choices=Kind.choices)
    focus = models.CharField("检查重点", max_length=300, blank=True)
    rule_ids = models.JSONField("重点规则", default=list, blank=True)
    period_start = models.DateField("检查期间起")
    period_end = models.DateField("检查期间止")
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="检查人员", related_name="+")
    sample_size = models.PositiveIntegerField("抽查数量", null=True, blank=True)
    weighted = models.BooleanField("按得分加权", default=False, help_text="达标率越低，被抽中的机会越大")
    seed = models.BigIntegerField("抽样随机码", null=True, blank=True)
    # Every candidate of a draw with its rate and weight, so anyone can repeat the draw from the seed.
    sampling_basis = models.JSONField("抽样依据", default=list, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    # Seen by the inspecting organisation and by whoever oversees the whole scope (so inspectors can open it).
    scope_path = ("organization__path", "scope__path")

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = "督查计划"
        verbose_name_plural = "督查计划"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:plan", args=[self.pk])


class InspectionTarget(BaseModel):
    """A branch the plan inspects, with the figures it was drawn by (so the draw can be checked later)."""

    plan = models.ForeignKey(InspectionPlan, verbose_name="督查计划", on_delete=models.CASCADE, related_name="targets")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="被检查组织", on_delete=models.PROTECT, related_name="+"
    )
    compliance_rate = models.FloatField("抽样时达标率(%)", null=True, blank=True)
    weight = models.FloatField("抽样权重", default=1.0)
    position = models.PositiveIntegerField("顺序", default=0)

    scope_path = PLAN_AND_TARGET

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "被检查组织"
        verbose_name_plural = "被检查组织"
        constraints = [models.UniqueConstraint(fields=["plan", "organization"], name="one_target_per_plan")]

    def __str__(self):
        return f"{self.plan} · {self.organization}"


class Finding(BaseModel):
    """A problem found, tied to the rule, verdict or record it is about."""

    plan = models.ForeignKey(InspectionPlan, verbose_name="督查计划", on_delete=models.PROTECT, related_name="findings")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="被检查组织", on_delete=models.PROTECT, related_name="+"
    )
    found_on = models.DateField("检查日期")
    description = models.TextField("发现的问题")
    rule_id = models.CharField("涉及规则", max_length=12, blank=True)
    verdict = models.ForeignKey(
        "standards.Verdict",
        verbose_name="涉及评估结论",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name="涉及记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_path = PLAN_AND_TARGET

    class Meta:
        ordering = ["organization__path", "id"]
        verbose_name = "发现问题"
        verbose_name_plural = "发现问题"

    def __str__(self):
        return self.description[:40]


class RectificationItem(BaseModel):
    class Status(models.TextChoices):
        OPEN = "open", "整改中"
        REPORTED = "reported", "待验收"
        CLOSED = "closed", "已销号"

    finding = models.ForeignKey(Finding, verbose_name="发现问题", on_delete=models.PROTECT, related_name="items")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="整改组织", on_delete=models.PROTECT, related_name="+"
    )
    task = models.CharField("整改要求", max_length=300)
    owner = models.ForeignKey("members.Member", verbose_name="责任人", on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField("整改时限")
    required_evidence = models.CharField("应提交的佐证材料", max_length=200)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    report_text = models.TextField("整改情况", blank=True)
    evidence = models.ForeignKey(
        "core.Attachment", verbose_name="佐证材料", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报告人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField("报告时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="验收人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("验收时间", null=True, blank=True)
    review_comment = models.CharField("验收意见", max_length=300, blank=True)
    times_returned = models.PositiveIntegerField("退回次数", default=0)
    escalated_to = models.ForeignKey(
        "organizations.Organization",
        verbose_name="已上报至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    escalated_at = models.DateTimeField("上报时间", null=True, blank=True)

    scope_path = ("finding__plan__organization__path", "organization__path")

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        indexes = [models.Index(fields=["status", "deadline"], name="rectification_due")]

    @classmethod
    def member_scope_q(cls, user, org_paths):
        """A member sees the rectification items they are responsible for (their 待办)."""
        return Q(owner__user=user)

    def __str__(self):
        return self.task

    def get_absolute_url(self):
        return reverse("inspections:item", args=[self.pk])

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.deadline < today
