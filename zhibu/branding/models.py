"""四强党支部 and branch brands (党建品牌, 一支部一品牌).

四强: a branch applies for a year with its locked star-rating result attached by the system (a snapshot of its row in
the sheet's 定稿 results) and its evidence; the level above reviews (approve or return with a reason), publicises it
for a number of working days (objections recorded and answered, as in awards: ``zhibu.core.publicity``) and names it.
A named branch's cases (案例) are collected for exchange.

Brands: one brand per branch with its type, projects and goals; each year the branch writes its progress and results,
and the level above reviews them with a comment and a grade."""

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import BaseModel
from zhibu.core.publicity import ObjectionFields
from zhibu.core.scoping import ScopedQuerySet


class Stage(models.TextChoices):
    SUBMITTED = "submitted", "待上级审核"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "审核通过，待公示"
    PUBLICISED = "publicised", "公示中"
    NAMED = "named", "已命名"
    WITHDRAWN = "withdrawn", "公示异议属实，已撤销"


# An application in one of these stages no longer blocks a new one for the same year.
CLOSED_STAGES = (Stage.RETURNED, Stage.WITHDRAWN)


class FourStrongApplication(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="申报党支部", on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        "organizations.Organization", verbose_name="审核组织（上级）", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    sheet = models.ForeignKey(
        "ratings.ScoringSheet", verbose_name="星级评定表", on_delete=models.PROTECT, related_name="+"
    )
    rating = models.JSONField("星级评定结果（定稿）", default=dict)
    evidence = models.TextField("创建情况和佐证说明")
    evidence_files = models.ManyToManyField("core.Attachment", verbose_name="佐证材料", blank=True, related_name="+")
    stage = models.CharField("进度", max_length=12, choices=Stage.choices, default=Stage.SUBMITTED)
    submitted_on = models.DateField("申报日期")
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    publicity_days = models.PositiveSmallIntegerField(
        "公示期（工作日）", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    publicity_from = models.DateField("公示开始", null=True, blank=True)
    publicity_until = models.DateField("公示结束", null=True, blank=True)
    named_on = models.DateField("命名日期", null=True, blank=True)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="命名人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager["FourStrongApplication"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["-year", "organization__path", "id"]
        verbose_name = "四强党支部申报"
        verbose_name_plural = "四强党支部申报"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=~Q(stage__in=["returned", "withdrawn"]),
                name="one_open_four_strong_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization.name}{self.year}年度“四强”党支部申报"

    def get_absolute_url(self) -> str:
        return reverse("branding:application", args=[self.pk])

    @property
    def title(self) -> str:
        return f"{self.year}年度“四强”党支部"


class FourStrongObjection(ObjectionFields, BaseModel):
    application = models.ForeignKey(
        FourStrongApplication, verbose_name="申报", on_delete=models.PROTECT, related_name="objections"
    )

    objects: ClassVar[models.Manager["FourStrongObjection"]] = ScopedQuerySet.as_manager()
    scope_path = "application__organization__path"

    class Meta:
        ordering = ["application", "received_on", "id"]
        verbose_name = "四强公示异议"
        verbose_name_plural = "四强公示异议"

    def __str__(self) -> str:
        return f"对{self.application.organization.name}的异议（{self.received_on:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("branding:application", args=[self.application_id]) + "#objections"

    def audit_organization(self):
        return self.application.organization


class Case(BaseModel):
    """A named branch's case (案例) for exchange: what it did and how, with a file."""

    application = models.ForeignKey(
        FourStrongApplication, verbose_name="四强党支部", on_delete=models.PROTECT, related_name="cases"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党支部", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("案例标题", max_length=100)
    text = models.TextField("案例内容")
    file = models.ForeignKey(
        "core.Attachment", verbose_name="附件", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager["Case"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = "四强党支部案例"
        verbose_name_plural = "四强党支部案例"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("branding:case", args=[self.pk])


class BrandKind(models.TextChoices):
    FOUNDATION = "foundation", "基桩型"
    NAIL = "nail", "钉钉子型"
    JOINT = "joint", "联建型"
    ENGINE = "engine", "引擎型"
    LEARNING = "learning", "学习型"
    OTHER = "other", "其他"


class BrandStatus(models.TextChoices):
    SUBMITTED = "submitted", "待评价"
    RECOGNISED = "recognised", "已认定"
    NOT_RECOGNISED = "not_recognised", "未认定"


class Brand(BaseModel):
    """A party-building brand (党建品牌, 一支部一品牌) registered by a branch or an agency's committee, with the records
    that bear it out (its meetings and activities, its 四强 cases), evaluated by the committee above it (the 机关党委
    for a branch, the 工委 for a 机关党委): recognised or not, with the reason."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="创建党组织", on_delete=models.PROTECT, related_name="+"
    )
    evaluator = models.ForeignKey(
        "organizations.Organization", verbose_name="评价组织", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("品牌名称", max_length=50)
    slogan = models.CharField("品牌口号", max_length=100)
    kind = models.CharField("品牌类型", max_length=12, choices=BrandKind.choices)
    description = models.TextField("品牌内涵和创建做法")
    activities = models.ManyToManyField(
        "activities.Activity", verbose_name="支撑的组织生活和活动", blank=True, related_name="+"
    )
    cases = models.ManyToManyField(Case, verbose_name="支撑的案例", blank=True, related_name="+")
    status = models.CharField("评价结果", max_length=16, choices=BrandStatus.choices, default=BrandStatus.SUBMITTED)
    registered_on = models.DateField("登记日期")
    evaluated_on = models.DateField("评价日期", null=True, blank=True)
    evaluation_note = models.CharField("评价意见", max_length=500, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评价人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager["Brand"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["organization__path", "-registered_on", "id"]
        verbose_name = "党建品牌"
        verbose_name_plural = "党建品牌"
        constraints = [
            # 一支部一品牌: a brand not recognised leaves room for the next one.
            models.UniqueConstraint(
                fields=["organization"], condition=~Q(status="not_recognised"), name="one_brand_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.organization.name}）"

    def get_absolute_url(self) -> str:
        return reverse("branding:brand", args=[self.pk])


class BrandProject(BaseModel):
    """A project of a brand for a year: its goal, then the progress and results the organisation writes as it goes;
    the evaluator's yearly review (``BrandReview``) reads them."""

    brand = models.ForeignKey(Brand, verbose_name="党建品牌", on_delete=models.PROTECT, related_name="projects")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("项目名称", max_length=100)
    goal = models.TextField("目标")
    progress = models.TextField("进展", blank=True)
    results = models.TextField("成效", blank=True)
    progress_on = models.DateField("进展更新日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager["BrandProject"]] = ScopedQuerySet.as_manager()
    scope_path = "brand__organization__path"

    class Meta:
        ordering = ["brand", "-year", "id"]
        verbose_name = "品牌项目"
        verbose_name_plural = "品牌项目"
        constraints = [
            models.UniqueConstraint(fields=["brand", "year", "title"], name="one_brand_project_title_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.brand.name}，{self.year}年度）"

    def get_absolute_url(self) -> str:
        return reverse("branding:brand", args=[self.brand_id]) + f"#project-{self.pk}"


class BrandReview(BaseModel):
    """The evaluator's yearly 认定 of a recognised brand: the year's projects, progress and results read, recognised
    for the year or not, with the reason."""

    brand = models.ForeignKey(Brand, verbose_name="党建品牌", on_delete=models.PROTECT, related_name="reviews")
    year = models.PositiveSmallIntegerField("年度")
    recognised = models.BooleanField("本年度认定")
    note = models.CharField("评价意见", max_length=500)
    reviewed_on = models.DateField("评价日期")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评价人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager["BrandReview"]] = ScopedQuerySet.as_manager()
    scope_path = "brand__organization__path"

    class Meta:
        ordering = ["brand", "-year"]
        verbose_name = "品牌年度评价"
        verbose_name_plural = "品牌年度评价"
        constraints = [models.UniqueConstraint(fields=["brand", "year"], name="one_brand_review_a_year")]

    def __str__(self) -> str:
        return f"{self.brand.name}{self.year}年度评价：{'认定' if self.recognised else '不予认定'}"

    def get_absolute_url(self) -> str:
        return reverse("branding:brand", args=[self.brand_id]) + f"#review-{self.year}"
