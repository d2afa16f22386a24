"""Awards (两优一先 and local honours): a round set by an organisation with the authority (工委/党委) with its nomination
window and quota caps, the nominations with the nominee's record attached as a snapshot, the objections raised during
公示, and the honour written once the authority approves."""

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import BaseModel
from zhibu.core.publicity import ObjectionFields, Resolution  # noqa: F401 - Resolution is part of this app's API
from zhibu.core.scoping import ScopedQuerySet


class Category(models.TextChoices):
    OUTSTANDING_MEMBER = "outstanding_member", "优秀共产党员"
    PARTY_WORKER = "party_worker", "优秀党务工作者"
    ADVANCED_ORG = "advanced_org", "先进基层党组织"


MEMBER_CATEGORIES = frozenset({Category.OUTSTANDING_MEMBER, Category.PARTY_WORKER})


class Stage(models.TextChoices):
    NOMINATED = "nominated", "已推荐"
    EVALUATED = "evaluated", "党员已评议"
    STUDIED = "studied", "支部已研究"
    PUBLICISED = "publicised", "公示中"
    CLEARED = "cleared", "纪检已出具意见"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未通过"


class Step(models.TextChoices):
    """The selection path, in order; each step leaves the nomination in the stage ``STAGE_AFTER`` names."""

    EVALUATE = "evaluate", "党员评议"
    STUDY = "study", "支部研究"
    PUBLICISE = "publicise", "公示"
    DISCIPLINE = "discipline", "纪检意见"
    DECIDE = "decide", "审批"


STEP_FROM = {
    Step.EVALUATE: Stage.NOMINATED,
    Step.STUDY: Stage.EVALUATED,
    Step.PUBLICISE: Stage.STUDIED,
    Step.DISCIPLINE: Stage.PUBLICISED,
    Step.DECIDE: Stage.CLEARED,
}
NEXT_STEP = {stage: step for step, stage in STEP_FROM.items()}


class AwardRound(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="评选组织", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("评选名称", max_length=100, help_text="如：2026年度“两优一先”评选")
    opens_on = models.DateField("推荐开始日期")
    closes_on = models.DateField("推荐截止日期")
    member_cap_percent = models.PositiveSmallIntegerField(
        "优秀共产党员名额比例（%）", default=15, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    worker_cap_percent = models.PositiveSmallIntegerField(
        "优秀党务工作者名额比例（%）", default=15, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    org_cap_percent = models.PositiveSmallIntegerField(
        "先进基层党组织名额比例（%）", default=20, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    publicity_days = models.PositiveSmallIntegerField(
        "公示期（工作日）", default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager["AwardRound"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["-year", "organization__path", "id"]
        verbose_name = "评选表彰"
        verbose_name_plural = "评选表彰"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:round", args=[self.pk])

    def cap_percent(self, category: str) -> int:
        return {
            Category.OUTSTANDING_MEMBER: self.member_cap_percent,
            Category.PARTY_WORKER: self.worker_cap_percent,
            Category.ADVANCED_ORG: self.org_cap_percent,
        }[Category(category)]


class Nomination(BaseModel):
    round = models.ForeignKey(AwardRound, verbose_name="评选", on_delete=models.PROTECT, related_name="nominations")
    category = models.CharField("推荐类别", max_length=20, choices=Category.choices)
    member = models.ForeignKey(
        "members.Member", verbose_name="被推荐党员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The member's branch, or the nominated organisation itself: whose records these are.
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="所在党组织", on_delete=models.PROTECT, related_name="+"
    )
    # Whose peers the quota counts: the member's branch, or the round's organisation for advanced organisations.
    quota_organization = models.ForeignKey(
        "organizations.Organization", verbose_name="名额计算单位", on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField("推荐理由（主要事迹）")
    record = models.JSONField("推荐时的记录（快照）", default=dict)
    stage = models.CharField("进度", max_length=12, choices=Stage.choices, default=Stage.NOMINATED)
    nominated_on = models.DateField("推荐日期")
    evaluated_on = models.DateField("党员评议日期", null=True, blank=True)
    evaluation_note = models.CharField("党员评议情况", max_length=500, blank=True)
    studied_on = models.DateField("支部研究日期", null=True, blank=True)
    study_note = models.CharField("支部研究意见", max_length=500, blank=True)
    publicity_from = models.DateField("公示开始", null=True, blank=True)
    publicity_until = models.DateField("公示结束", null=True, blank=True)
    discipline_on = models.DateField("纪检意见日期", null=True, blank=True)
    discipline_opinion = models.CharField("纪检意见", max_length=500, blank=True)
    discipline_agrees = models.BooleanField("纪检同意", null=True, blank=True)
    discipline_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="纪检意见人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="推荐人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager["Nomination"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["round", "category", "organization__path", "id"]
        verbose_name = "评选推荐"
        verbose_name_plural = "评选推荐"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "category", "member"], condition=Q(member__isnull=False), name="one_nomination_member"
            ),
            models.UniqueConstraint(
                fields=["round", "category", "organization"],
                condition=Q(member__isnull=True),
                name="one_nomination_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.nominee_name}"

    @property
    def nominee_name(self) -> str:
        return self.member.name if self.member is not None else self.organization.name

    def get_absolute_url(self) -> str:
        return reverse("awards:detail", args=[self.pk])

    @property
    def next_step(self) -> Step | None:
        return NEXT_STEP.get(Stage(self.stage))


class Objection(ObjectionFields, BaseModel):
    """An objection to a nomination raised during its 公示, with the answer and how it was resolved."""

    nomination = models.ForeignKey(Nomination, verbose_name="推荐", on_delete=models.PROTECT, related_name="objections")

    objects: ClassVar[models.Manager["Objection"]] = ScopedQuerySet.as_manager()
    scope_path = "nomination__organization__path"
    member_fields = ("nomination__member",)

    class Meta:
        ordering = ["nomination", "received_on", "id"]
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"

    def __str__(self) -> str:
        return f"对{self.nomination.nominee_name}的异议（{self.received_on:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("awards:detail", args=[self.nomination_id]) + "#objections"

    def audit_organization(self):
        return self.nomination.organization


class Honour(BaseModel):
    """An approved award, written to the member's or the organisation's record."""

    nomination = models.OneToOneField(Nomination, verbose_name="推荐", on_delete=models.PROTECT, related_name="honour")
    title = models.CharField("荣誉称号", max_length=100)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    year = models.PositiveSmallIntegerField("年度")
    member = models.ForeignKey(
        "members.Member", verbose_name="党员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    awarded_by = models.ForeignKey(
        "organizations.Organization", verbose_name="授予组织", on_delete=models.PROTECT, related_name="+"
    )
    awarded_on = models.DateField("授予日期")

    objects: ClassVar[models.Manager["Honour"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["-year", "organization__path", "id"]
        verbose_name = "荣誉"
        verbose_name_plural = "荣誉"

    def __str__(self) -> str:
        who = self.member.name if self.member is not None else self.organization.name
        return f"{who} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("awards:detail", args=[self.nomination_id])

    @classmethod
    def member_scope_q(cls, user, org_paths):
        return Q(member__user=user)
