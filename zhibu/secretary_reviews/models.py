"""党组织书记抓基层党建述职评议考核 (一述一评): a yearly round set by a 党委 or 工委 for the secretaries of the
organisations directly below it, each secretary's report with the year's figures attached as a snapshot, the
organiser's critique, the invited raters' anonymous ballots weighted by rater group, and the grade.

Anonymity: a ballot (``Ballot``) holds only the report, the rater group and the choice — no rater, no timestamp, and a
random key, so neither its id order nor its time lines it up with the rater's ``Vote`` (which records only that the
rater has voted on that report)."""

import uuid
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from zhibu.core.models import BaseModel
from zhibu.core.scoping import ScopedQuerySet


class Status(models.TextChoices):
    OPEN = "open", "述职中"
    RATING = "rating", "评议中"
    GRADED = "graded", "已定等次"
    CLOSED = "closed", "已结束"


class Group(models.TextChoices):
    SUPERIOR = "superior", "上级"
    PEER = "peer", "同级"
    MEMBER = "member", "党员代表"


class Grade(models.TextChoices):
    GOOD = "good", "好"
    FAIRLY_GOOD = "fairly_good", "较好"
    AVERAGE = "average", "一般"
    POOR = "poor", "差"


# The score each choice of a ballot counts for (百分制).
CHOICE_SCORES = {Grade.GOOD: 100, Grade.FAIRLY_GOOD: 80, Grade.AVERAGE: 60, Grade.POOR: 40}


class AppraisalRound(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=100, help_text="如：2026年度党组织书记抓基层党建述职评议考核")
    status = models.CharField("进度", max_length=8, choices=Status.choices, default=Status.OPEN)
    weight_superior = models.PositiveSmallIntegerField(
        "上级权重（%）", default=40, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    weight_peer = models.PositiveSmallIntegerField(
        "同级权重（%）", default=30, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    weight_member = models.PositiveSmallIntegerField(
        "党员代表权重（%）", default=30, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    band_good = models.PositiveSmallIntegerField(
        "“好”的最低分", default=90, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    band_fairly_good = models.PositiveSmallIntegerField(
        "“较好”的最低分", default=75, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    band_average = models.PositiveSmallIntegerField(
        "“一般”的最低分", default=60, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager["AppraisalRound"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["-year", "organization__path", "id"]
        verbose_name = "述职评议"
        verbose_name_plural = "述职评议"
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_appraisal_round_a_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("secretary_reviews:round", args=[self.pk])

    def weights(self) -> dict[str, int]:
        return {Group.SUPERIOR: self.weight_superior, Group.PEER: self.weight_peer, Group.MEMBER: self.weight_member}

    def grade_for(self, score: Decimal) -> Grade:
        if score >= self.band_good:
            return Grade.GOOD
        if score >= self.band_fairly_good:
            return Grade.FAIRLY_GOOD
        if score >= self.band_average:
            return Grade.AVERAGE
        return Grade.POOR


class Report(BaseModel):
    """One secretary's 述职 in the round: the organisation reporting, the text, the figures snapshot, the critique and
    the result."""

    round = models.ForeignKey(AppraisalRound, verbose_name="述职评议", on_delete=models.PROTECT, related_name="reports")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="述职党组织", on_delete=models.PROTECT, related_name="+"
    )
    secretary = models.CharField("述职书记", max_length=50)
    text = models.TextField("述职报告")
    attachment = models.ForeignKey(
        "core.Attachment", verbose_name="附件", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    figures = models.JSONField("年度数据（快照）", default=dict)
    submitted_on = models.DateField("述职日期")
    critique = models.TextField("点评意见", blank=True)
    critiqued_on = models.DateField("点评日期", null=True, blank=True)
    score = models.DecimalField("综合得分", max_digits=5, decimal_places=2, null=True, blank=True)
    arithmetic = models.JSONField("计算过程", default=dict, blank=True)
    grade = models.CharField("评议等次", max_length=12, choices=Grade.choices, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager["Report"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["round", "organization__path", "id"]
        verbose_name = "述职报告"
        verbose_name_plural = "述职报告"
        constraints = [models.UniqueConstraint(fields=["round", "organization"], name="one_report_per_organization")]

    def __str__(self) -> str:
        return f"{self.organization.name}书记{self.secretary}述职（{self.round.year}年度）"

    def get_absolute_url(self) -> str:
        return reverse("secretary_reviews:report", args=[self.pk])


class Rater(BaseModel):
    """A user the organiser invited to rate the round's reports, in one rater group."""

    round = models.ForeignKey(AppraisalRound, verbose_name="述职评议", on_delete=models.PROTECT, related_name="raters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评议人", on_delete=models.PROTECT, related_name="+"
    )
    group = models.CharField("评议人类别", max_length=8, choices=Group.choices)

    objects: ClassVar[models.Manager["Rater"]] = ScopedQuerySet.as_manager()
    scope_path = "round__organization__path"

    class Meta:
        ordering = ["round", "group", "id"]
        verbose_name = "评议人"
        verbose_name_plural = "评议人"
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="one_rater_per_round")]

    def __str__(self) -> str:
        return f"{self.user}（{self.get_group_display()}）"


class Vote(models.Model):
    """That a rater has voted on a report — and nothing of what they chose."""

    report = models.ForeignKey(Report, verbose_name="述职报告", on_delete=models.PROTECT, related_name="votes")
    rater = models.ForeignKey(Rater, verbose_name="评议人", on_delete=models.PROTECT, related_name="votes")

    class Meta:
        verbose_name = "已投票记录"
        verbose_name_plural = "已投票记录"
        constraints = [models.UniqueConstraint(fields=["report", "rater"], name="one_vote_per_rater")]

    def __str__(self) -> str:
        return f"已投票：{self.report_id}"


class Ballot(models.Model):
    """An anonymous ballot: the report, the rater group (for its weight) and the choice; no rater, no time, a random
    key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, verbose_name="述职报告", on_delete=models.PROTECT, related_name="ballots")
    group = models.CharField("评议人类别", max_length=8, choices=Group.choices)
    choice = models.CharField("评价", max_length=12, choices=Grade.choices)

    class Meta:
        verbose_name = "评议票"
        verbose_name_plural = "评议票"
        ordering = ["report", "group", "choice"]

    def __str__(self) -> str:
        return f"{self.get_group_display()}：{self.get_choice_display()}"


class RaisedItem(BaseModel):
    """A rectification item raised in the critique, entered in the work ledger (工作台账) as a task of the reporting
    organisation: its progress, deadline cards and 销号 follow the ledger's loop."""

    report = models.ForeignKey(Report, verbose_name="述职报告", on_delete=models.PROTECT, related_name="items")
    task = models.OneToOneField(
        "worklog.Task", verbose_name="工作台账任务", on_delete=models.PROTECT, related_name="secretary_review_item"
    )

    objects: ClassVar[models.Manager["RaisedItem"]] = ScopedQuerySet.as_manager()
    scope_path = "report__organization__path"

    class Meta:
        ordering = ["report", "id"]
        verbose_name = "述职整改事项"
        verbose_name_plural = "述职整改事项"

    def __str__(self) -> str:
        return str(self.task)

    def get_absolute_url(self) -> str:
        return self.task.get_absolute_url()
