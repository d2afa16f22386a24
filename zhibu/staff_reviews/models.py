"""党务工作者考核 (multi-rater review of party-affairs staff): a yearly round set by a 机关工委 or 机关党委 for the
people holding the 支部书记 or 党务干部 role in its subtree. Each person (``Subject``) is judged by indicators read
from the records (``indicators.py``) and by anonymous ballots of invited raters in three groups (上级, 同级, 下级:
read per ballot from the rater's and the person's organisations, ``relations.py``), each group weighted; the final
score weighs the indicators against the ratings, and the arithmetic is kept with the result.

Anonymity as in the 述职评议: a ``Ballot`` holds only the person rated, the rater group and the choice (no rater, no
time, a random key); the rater's ``Vote`` records only that they have rated that person."""

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
    RATING = "rating", "评议中"
    SCORED = "scored", "已评定"


class Group(models.TextChoices):
    SUPERIOR = "superior", "上级"
    PEER = "peer", "同级"
    SUBORDINATE = "subordinate", "下级"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASIC = "basic", "基本称职"
    INCOMPETENT = "incompetent", "不称职"


# The score each choice of a ballot counts for (百分制).
CHOICE_SCORES = {Grade.EXCELLENT: 100, Grade.COMPETENT: 80, Grade.BASIC: 60, Grade.INCOMPETENT: 40}


def _percent(label: str, default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )


class StaffReviewRound(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=100, help_text="如：2026年度党务工作者考核")
    status = models.CharField("进度", max_length=8, choices=Status.choices, default=Status.RATING)
    weight_indicators = _percent("记录指标权重（%）", 40)
    weight_ratings = _percent("评议权重（%）", 60)
    weight_superior = _percent("上级评议权重（%）", 40)
    weight_peer = _percent("同级评议权重（%）", 30)
    weight_subordinate = _percent("下级评议权重（%）", 30)
    band_excellent = models.PositiveSmallIntegerField(
        "“优秀”的最低分", default=90, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    band_competent = models.PositiveSmallIntegerField(
        "“称职”的最低分", default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    band_basic = models.PositiveSmallIntegerField(
        "“基本称职”的最低分", default=60, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager["StaffReviewRound"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["-year", "organization__path", "id"]
        verbose_name = "党务工作者考核"
        verbose_name_plural = "党务工作者考核"
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_staff_review_a_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("staff_reviews:round", args=[self.pk])

    def group_weights(self) -> dict[str, int]:
        return {
            Group.SUPERIOR: self.weight_superior,
            Group.PEER: self.weight_peer,
            Group.SUBORDINATE: self.weight_subordinate,
        }

    def grade_for(self, score: Decimal) -> Grade:
        if score >= self.band_excellent:
            return Grade.EXCELLENT
        if score >= self.band_competent:
            return Grade.COMPETENT
        if score >= self.band_basic:
            return Grade.BASIC
        return Grade.INCOMPETENT


class Subject(BaseModel):
    """One person under review: the member, the organisation where they hold the role, the indicators (live until the
    round is scored, then kept as read), the score, the grade and the arithmetic."""

    round = models.ForeignKey(
        StaffReviewRound, verbose_name="党务工作者考核", on_delete=models.PROTECT, related_name="subjects"
    )
    member = models.ForeignKey("members.Member", verbose_name="考核对象", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="任职党组织", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("岗位", max_length=20)
    indicators = models.JSONField("记录指标（评定时快照）", default=list, blank=True)
    score = models.DecimalField("综合得分", max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField("考核等次", max_length=12, choices=Grade.choices, blank=True)
    arithmetic = models.JSONField("计算过程", default=dict, blank=True)

    objects: ClassVar[models.Manager["Subject"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["round", "organization__path", "id"]
        verbose_name = "考核对象"
        verbose_name_plural = "考核对象"
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="one_staff_subject_per_round")]

    def __str__(self) -> str:
        return f"{self.member.name}（{self.organization.name}{self.role}，{self.round.year}年度）"

    def get_absolute_url(self) -> str:
        return reverse("staff_reviews:subject", args=[self.pk])


class Rater(BaseModel):
    """A user the organiser invited to rate the round's people. Which group each of their ballots counts in is read
    per person from the organisations (``relations.py``); ``group`` is the fallback when no relation can be read."""

    round = models.ForeignKey(
        StaffReviewRound, verbose_name="党务工作者考核", on_delete=models.PROTECT, related_name="raters"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评议人", on_delete=models.PROTECT, related_name="+"
    )
    group = models.CharField(
        "默认评议人类别",
        max_length=12,
        choices=Group.choices,
        help_text="按组织关系无法判断与考核对象的上下级关系时采用；能判断时按关系计入上级、同级或下级",
    )

    objects: ClassVar[models.Manager["Rater"]] = ScopedQuerySet.as_manager()
    scope_path = "round__organization__path"

    class Meta:
        ordering = ["round", "group", "id"]
        verbose_name = "考核评议人"
        verbose_name_plural = "考核评议人"
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="one_staff_rater_per_round")]

    def __str__(self) -> str:
        return f"{self.user}（{self.get_group_display()}）"


class Vote(models.Model):
    """That a rater has rated a person — and nothing of what they chose."""

    subject = models.ForeignKey(Subject, verbose_name="考核对象", on_delete=models.PROTECT, related_name="votes")
    rater = models.ForeignKey(Rater, verbose_name="评议人", on_delete=models.PROTECT, related_name="votes")

    class Meta:
        verbose_name = "考核已投票记录"
        verbose_name_plural = "考核已投票记录"
        constraints = [models.UniqueConstraint(fields=["subject", "rater"], name="one_staff_vote_per_rater")]

    def __str__(self) -> str:
        return f"已投票：{self.subject_id}"


class Ballot(models.Model):
    """An anonymous ballot: the person rated, the rater group (for its weight; the rater's relation to this person,
    read when the ballot was cast) and the choice; no rater, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.ForeignKey(Subject, verbose_name="考核对象", on_delete=models.PROTECT, related_name="ballots")
    group = models.CharField("评议人类别", max_length=12, choices=Group.choices)
    choice = models.CharField("评价", max_length=12, choices=Grade.choices)

    class Meta:
        verbose_name = "考核评议票"
        verbose_name_plural = "考核评议票"
        ordering = ["subject", "group", "choice"]

    def __str__(self) -> str:
        return f"{self.get_group_display()}：{self.get_choice_display()}"
