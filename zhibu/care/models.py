"""Care for members (关心关怀): the registry of members in hardship, veteran and retired members, and the dated visits
and support (慰问, 帮扶) given to them, with the amount where money was given.

Seen only by the keepers of the member's organisation and above (those who may change its records): not by ordinary
members, not by other branches, not by read-only roles such as 纪检 — hardship is personal (``CareQuerySet``)."""

import datetime
from typing import ClassVar, Self, TypeVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from zhibu.core.contracts import Viewer
from zhibu.core.models import BaseModel
from zhibu.core.scoping import CHANGE, MANAGE_ROLES, ScopedQuerySet

_M = TypeVar("_M", bound=models.Model)


class CareQuerySet(ScopedQuerySet[_M]):
    def visible_to(self, user: Viewer, action: str = "view") -> Self:
        """Reading (and exporting) needs the right to keep the records too: a reader-only role sees none."""
        if action == MANAGE_ROLES:
            return self.none()
        allowed = super().visible_to(user, action)
        return allowed if action == CHANGE else allowed & super().visible_to(user, CHANGE)


class Kind(models.TextChoices):
    HARDSHIP = "hardship", "生活困难党员"
    VETERAN = "veteran", "老党员"
    RETIRED = "retired", "离退休党员"


class Level(models.TextChoices):
    ORDINARY = "ordinary", "一般关注"
    KEY = "key", "重点关怀"
    SPECIAL = "special", "特别困难"


class VisitKind(models.TextChoices):
    CONDOLENCE = "condolence", "走访慰问"
    SUPPORT = "support", "帮扶"


class CareCase(BaseModel):
    """One member on the care registry: why, since when and how much care is needed; ``ended_on`` takes them off."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="所在党组织", on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey("members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("关怀类别", max_length=10, choices=Kind.choices)
    reason = models.CharField("情况说明", max_length=300, help_text="如：本人患重病，家庭收入低；入党50年以上")
    since = models.DateField("列入日期")
    level = models.CharField("关怀程度", max_length=10, choices=Level.choices, default=Level.ORDINARY)
    ended_on = models.DateField("退出日期", null=True, blank=True, help_text="困难解除或不再列入时填写")

    objects: ClassVar[models.Manager["CareCase"]] = CareQuerySet.as_manager()
    scope_path = "organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["organization__path", "-since", "id"]
        verbose_name = "关怀对象"
        verbose_name_plural = "关怀对象"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind"], condition=models.Q(ended_on__isnull=True), name="one_open_care_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.name}（{self.get_kind_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("care:detail", args=[self.pk])

    def is_open(self, today: datetime.date) -> bool:
        return self.ended_on is None or self.ended_on > today


class CareVisit(BaseModel):
    """One dated visit or support; ``amount`` in yuan where money was given (慰问金、帮扶资金)."""

    case = models.ForeignKey(CareCase, verbose_name="关怀对象", on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField("方式", max_length=12, choices=VisitKind.choices)
    visited_on = models.DateField("日期")
    visitors = models.CharField("走访人", max_length=100, help_text="如：支部书记王某、组织委员李某")
    note = models.CharField("内容", max_length=500, help_text="慰问或帮扶的内容，如：送去慰问品，了解就医情况")
    amount = models.DecimalField(
        "金额（元）", max_digits=10, decimal_places=2, null=True, blank=True, help_text="发放慰问金或帮扶资金时填写"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[models.Manager["CareVisit"]] = CareQuerySet.as_manager()
    scope_path = "case__organization__path"
    member_fields = ("case__member",)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = "走访慰问与帮扶"
        verbose_name_plural = "走访慰问与帮扶"

    def __str__(self) -> str:
        return f"{self.case.member.name} {self.get_kind_display()} {self.visited_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("care:detail", args=[self.case_id])

    def audit_organization(self) -> models.Model:
        return self.case.organization
