"""Work orders and reporting requests up the line (报送要求): a committee asks the organisations below it for a form to
fill, a file to upload or a report the system generates (the monthly organisation-life 月报, the 中心组学习台账), by
a deadline; each recipient answers once, the sender accepts or returns it with a reason, and reminds the laggards in one step.

A request belongs to its sender (``ReportRequest``, seen by the sender's keepers and those above); each recipient's
answer belongs to the recipient (``ReportAnswer``): a recipient sees only its own answer, the sender — standing above
every recipient — sees them all. The burden of reporting is counted from the answers: fields typed, and how many
requests could have been answered from the records."""

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from zhibu.core.models import BaseModel
from zhibu.core.scoping import ScopedQuerySet


class AnswerKind(models.TextChoices):
    FORM = "form", "填写表单"
    FILE = "file", "上传文件"
    MONTHLY = "monthly", "组织生活月报（系统生成）"
    THEORY_GROUP = "theory_group", "理论学习中心组学习台账（系统生成）"


class Reach(models.TextChoices):
    CHILDREN = "children", "全部直属下级组织"
    BRANCHES = "branches", "所属全部党支部"
    PICKED = "picked", "指定的组织"


class AnswerStatus(models.TextChoices):
    PENDING = "pending", "待报送"
    SUBMITTED = "submitted", "已报送待审核"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已审核通过"


OPEN_STATUSES = (AnswerStatus.PENDING, AnswerStatus.RETURNED)


class ReportRequest(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="发文组织", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("标题", max_length=100, help_text="如：报送2026年11月组织生活月报")
    body = models.TextField("要求", max_length=2000, blank=True, help_text="报送内容、口径和注意事项")
    answer_kind = models.CharField("报送方式", max_length=12, choices=AnswerKind.choices)
    questions = models.TextField(
        "填报项目",
        max_length=2000,
        blank=True,
        help_text="报送方式为“填写表单”时填写，每行一项，如：本季度开展主题党日次数",
    )
    month = models.DateField("月报月份", null=True, blank=True, help_text="报送组织生活月报时填写（该月1日）")
    year = models.PositiveSmallIntegerField(
        "台账年度", null=True, blank=True, help_text="报送理论学习中心组学习台账时填写，如 2026"
    )
    reach = models.CharField("报送范围", max_length=10, choices=Reach.choices)
    deadline = models.DateField("截止日期")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发送人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[models.Manager["ReportRequest"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["-deadline", "-id"]
        verbose_name = "报送要求"
        verbose_name_plural = "报送要求"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting:detail", args=[self.pk])

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    @property
    def generated(self) -> bool:
        from zhibu.reporting.generated import GENERATED

        return self.answer_kind in GENERATED


class ReportAnswer(BaseModel):
    request = models.ForeignKey(
        ReportRequest, verbose_name="报送要求", on_delete=models.PROTECT, related_name="answers"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="报送组织", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.PENDING)
    answers = models.JSONField("填报内容", default=list, blank=True)  # [[question, answer], …] for a form
    attachment = models.ForeignKey(
        "core.Attachment", verbose_name="报送文件", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField("生成的报送内容", null=True, blank=True)  # the generated 月报's sections, as submitted
    fields_typed = models.PositiveIntegerField("手工填写项数", default=0)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    times_returned = models.PositiveIntegerField("退回次数", default=0)
    reminded_on = models.DateField("最近催报日期", null=True, blank=True)
    reminders = models.PositiveIntegerField("催报次数", default=0)

    objects: ClassVar[models.Manager["ReportAnswer"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["request__deadline", "organization__path", "id"]
        verbose_name = "报送答复"
        verbose_name_plural = "报送答复"
        constraints = [models.UniqueConstraint(fields=["request", "organization"], name="one_answer_per_recipient")]

    def __str__(self) -> str:
        return f"{self.organization}：{self.request.title}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:answer", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.request.deadline < today
