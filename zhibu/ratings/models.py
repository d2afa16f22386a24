"""星级评定 and 四强: a scoring sheet per year, made by a 工委 or 机关党委 for the branches below it.

Each item of the sheet is worth a number of points and belongs to one of the four 四强 dimensions. An automatic item
earns its points from the year's stored verdicts of the rules it names; a manual item from an assessor's score with
its basis. Results are computed when read (see ``scoring``), so a verdict that changes changes the score."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from zhibu.core.models import BaseModel


class Dimension(models.TextChoices):
    POLITICAL = "political", "政治功能强"
    COMMITTEE = "committee", "支部班子强"
    MEMBERS = "members", "党员队伍强"
    IMPACT = "impact", "作用发挥强"


DEFAULT_STAR_LINES = {"5": 90, "4": 80, "3": 70, "2": 60}


class ScoringSheet(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="评定组织", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField("年度")
    title = models.CharField("名称", max_length=100)
    star_lines = models.JSONField(
        "星级分数线", default=dict, help_text='得分率达到该线即评为相应星级，如 {"5": 90, "4": 80}'
    )
    five_star_quota = models.PositiveIntegerField(
        "五星名额比例(%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="留空不限；超出名额的按得分从高到低评定，其余评为四星",
    )
    four_strong_line = models.PositiveIntegerField(
        "四强分数线(%)",
        default=85,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="四个方面的得分率都达到此线，且达到三星以上，方可推荐为“四强”党支部",
    )
    locked_at = models.DateTimeField("定稿时间", null=True, blank=True)
    # At 定稿 the results are kept as they stood, so that a later change of a verdict does not change a published star.
    final_results = models.JSONField("定稿结果", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_path = "organization__path"

    class Meta:
        ordering = ["-year", "organization__path"]
        verbose_name = "星级评定表"
        verbose_name_plural = "星级评定表"
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_sheet_per_year")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ratings:sheet", args=[self.pk])


class ScoringItem(BaseModel):
    class Kind(models.TextChoices):
        AUTO = "auto", "自动（按标准体系评估结论）"
        MANUAL = "manual", "评分（由评定人员打分）"

    sheet = models.ForeignKey(ScoringSheet, verbose_name="评定表", on_delete=models.CASCADE, related_name="items")
    dimension = models.CharField("方面", max_length=16, choices=Dimension.choices)
    title = models.CharField("评分项目", max_length=100)
    kind = models.CharField("计分方式", max_length=8, choices=Kind.choices)
    points = models.DecimalField("分值", max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))])
    rule_ids = models.JSONField("依据规则", default=list, blank=True)
    guidance = models.CharField("评分标准", max_length=300, blank=True)
    position = models.PositiveIntegerField("顺序", default=0)

    scope_path = "sheet__organization__path"

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "评分项目"
        verbose_name_plural = "评分项目"

    def __str__(self):
        return self.title


class ManualScore(BaseModel):
    """An assessor's score of one branch on one manual item, with the basis for it."""

    item = models.ForeignKey(ScoringItem, verbose_name="评分项目", on_delete=models.CASCADE, related_name="scores")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党支部", on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField("得分", max_digits=5, decimal_places=1)
    basis = models.CharField("评分依据", max_length=300)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评定人", on_delete=models.PROTECT, related_name="+"
    )

    scope_path = ("item__sheet__organization__path", "organization__path")

    class Meta:
        verbose_name = "评定打分"
        verbose_name_plural = "评定打分"
        constraints = [models.UniqueConstraint(fields=["item", "organization"], name="one_score_per_item")]

    def __str__(self):
        return f"{self.item} {self.organization} {self.points}"
