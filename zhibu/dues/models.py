"""党费: each member's category and base for a year (the amount follows from them), and the payments, which are never
edited: a correction is a reversing entry."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhibu.core.models import BaseModel
from zhibu.dues import amounts


class Category(models.TextChoices):
    SALARIED = amounts.SALARIED, "在职"
    RETIRED = amounts.RETIRED, "离退休"
    FARMER = amounts.FARMER, "农民"
    LOW_INCOME = amounts.LOW_INCOME, "学生、下岗失业、低保、抚恤救济"
    ANNUAL_SALARY = amounts.ANNUAL_SALARY, "年薪制"
    HARDSHIP = amounts.HARDSHIP, "困难减免"


class Assessment(BaseModel):
    """What a member owes each month of a year, fixed at the start of the year (FEE-05)."""

    member = models.ForeignKey("members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党支部", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    category = models.CharField("缴费类别", max_length=16, choices=Category.choices)
    base = models.DecimalField("计算基数（元/月）", max_digits=10, decimal_places=2, null=True, blank=True)
    monthly_amount = models.DecimalField("月应缴（元）", max_digits=8, decimal_places=2)
    starts_on = models.DateField("起缴日期", help_text="预备党员自支部大会通过之日起缴纳")
    branch_decision = models.CharField("支部决定", max_length=200, blank=True, help_text="困难减免：支部研究决定")
    higher_approval = models.CharField("上级批准", max_length=200, blank=True, help_text="困难减免：上级党委批准文号")
    # Empty when a command set it (an import, the demo): the audit row names the command, as for other records.
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_path = "organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["organization__path", "member__name"]
        verbose_name = "党费核定"
        verbose_name_plural = "党费核定"
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="one_assessment_per_year")]

    def __str__(self):
        return f"{self.member} {self.year}年 {self.monthly_amount}元/月"


class Payment(BaseModel):
    class Kind(models.TextChoices):
        REGULAR = "regular", "按月缴纳"
        BACK = "back", "补交"
        PREPAY = "prepay", "预交"
        VOLUNTARY = "voluntary", "自愿多交"
        REVERSAL = "reversal", "冲正"

    class Method(models.TextChoices):
        CASH = "cash", "现金"
        TRANSFER = "transfer", "转账"
        ON_BEHALF = "on_behalf", "委托代交"

    member = models.ForeignKey("members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党支部", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("所属月份", help_text="该月1日")
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    method = models.CharField("方式", max_length=16, choices=Method.choices)
    paid_on = models.DateField("缴纳日期")
    idempotency_key = models.CharField("提交标识", max_length=64, unique=True)
    reverses = models.OneToOneField(
        "self", verbose_name="冲正的记录", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    note = models.CharField("备注", max_length=200, blank=True)
    flagged = models.CharField(
        "提示", max_length=100, blank=True, help_text="如：一次性自愿多交1000元以上，应全额上缴中央"
    )
    # Empty when a command recorded it: the audit row names the command.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    remitted_on = models.DateField(
        "上缴中央日期", null=True, blank=True, help_text="一次性自愿多交1000元以上（FEE-08）"
    )

    scope_path = "organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["month", "member__name", "id"]
        verbose_name = "党费缴纳"
        verbose_name_plural = "党费缴纳"
        indexes = [models.Index(fields=["organization", "month"], name="payment_branch_month")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(kind="reversal"), name="payment_positive_unless_reversal"
            )
        ]

    def __str__(self):
        return f"{self.member} {self.month:%Y-%m} {self.amount}元"


class Publication(BaseModel):
    """The branch published its year's dues collection to its members (FEE-09), with the totals it published."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党支部", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    published_on = models.DateField("公示日期")
    totals = models.JSONField("公示的合计", default=dict)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )

    scope_path = "organization__path"

    class Meta:
        ordering = ["-year", "organization__path"]
        verbose_name = "党费公示"
        verbose_name_plural = "党费公示"
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_publication_per_year")]

    def __str__(self):
        return f"{self.organization} {self.year}年党费公示"
