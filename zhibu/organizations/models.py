from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import BaseModel

PATH_SEGMENT_WIDTH = 6


class OrganizationKind(models.TextChoices):
    GONGWEI = "gongwei", "机关工委"
    DANGWEI = "dangwei", "机关党委"
    DANGZU = "dangzu", "党组"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    JOINT_BRANCH = "joint_branch", "联合党支部"
    TEMPORARY_BRANCH = "temporary_branch", "临时党支部"
    GROUP = "group", "党小组"


BRANCH_KINDS = frozenset({OrganizationKind.BRANCH, OrganizationKind.JOINT_BRANCH, OrganizationKind.TEMPORARY_BRANCH})
COMMITTEE_KINDS = frozenset({OrganizationKind.GONGWEI, OrganizationKind.DANGWEI, OrganizationKind.DANGZU})

# Which kinds may stand directly under which (None: at the top of the tree).
ALLOWED_PARENTS: dict[str, frozenset] = {
    OrganizationKind.GONGWEI: frozenset({None, OrganizationKind.GONGWEI}),
    OrganizationKind.DANGWEI: frozenset({OrganizationKind.GONGWEI, OrganizationKind.DANGWEI}),
    OrganizationKind.DANGZU: frozenset({OrganizationKind.GONGWEI, OrganizationKind.DANGWEI}),
    OrganizationKind.GENERAL_BRANCH: frozenset({OrganizationKind.DANGWEI, OrganizationKind.DANGZU}),
    OrganizationKind.BRANCH: frozenset({OrganizationKind.DANGWEI, OrganizationKind.GENERAL_BRANCH}),
    OrganizationKind.JOINT_BRANCH: frozenset({OrganizationKind.DANGWEI, OrganizationKind.GENERAL_BRANCH}),
    OrganizationKind.TEMPORARY_BRANCH: frozenset({OrganizationKind.DANGWEI, OrganizationKind.GENERAL_BRANCH}),
    OrganizationKind.GROUP: BRANCH_KINDS | {OrganizationKind.GENERAL_BRANCH},
}


class Unit(BaseModel):
    """A 单位 (agency, department) that organisations belong to; ``owner`` is the organisation that keeps the record."""

    name = models.CharField("单位名称", max_length=100)
    code = models.CharField("单位代码", max_length=32, blank=True, help_text="统一社会信用代码或内部编码，可不填")
    staff_headcount = models.PositiveIntegerField("在编人数", default=0, validators=[MinValueValidator(0)])
    party_staff = models.PositiveIntegerField(
        "专职党务干部人数", default=0, help_text="机关专职党务干部一般占在编人数的1%至2%（AGY-01）"
    )
    owner = models.ForeignKey(
        "Organization", verbose_name="管理组织", on_delete=models.PROTECT, related_name="owned_units"
    )
    note = models.CharField("备注", max_length=200, blank=True)

    scope_path = "owner__path"

    class Meta:
        ordering = ["name"]
        verbose_name = "单位"
        verbose_name_plural = "单位"
        constraints = [models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="unique_unit_code")]

    def __str__(self):
        return self.name

    def audit_organization(self):
        return self.owner


class Organization(BaseModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "正常"
        MERGED = "merged", "已合并"
        DISSOLVED = "dissolved", "已撤销"

    name = models.CharField("全称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=32, choices=OrganizationKind.choices)
    code = models.CharField("组织代码", max_length=32, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name="上级组织", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField("路径", max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField("层级", default=1, editable=False)
    units = models.ManyToManyField(Unit, verbose_name="所属单位", blank=True, related_name="organizations")
    founded_on = models.DateField("成立日期")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="并入组织", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    note = models.CharField("备注", max_length=200, blank=True)

    scope_path = "path"

    class Meta:
        ordering = ["path"]
        verbose_name = "党组织"
        verbose_name_plural = "党组织"

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("organizations:detail", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user, org_paths):
        # A member's meetings include those of the 党小组 of their branch, so the groups' pages are theirs to open.
        return Q(path__in=org_paths) | Q(parent__path__in=org_paths, kind=OrganizationKind.GROUP)

    def audit_organization(self):
        return self

    @property
    def is_branch(self) -> bool:
        return self.kind in BRANCH_KINDS

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def ancestors(self):
        """Ancestors from the top down, from the path alone (one query)."""
        return Organization.objects.filter(path__in=lineage_paths(self.path)[:-1]).order_by("depth")

    def subtree(self) -> "models.QuerySet[Organization]":
        return Organization.objects.filter(path__startswith=self.path)


def lineage_paths(path: str) -> list[str]:
    """The paths of an organisation and of each of its ancestors, from the top: "000001.000010." → "000001.",
    "000001.000010."."""
    segments = path.strip(".").split(".")
    return [".".join(segments[: i + 1]) + "." for i in range(len(segments))]
