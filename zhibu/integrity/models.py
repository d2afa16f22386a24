"""Integrity (廉政): the risk register — risk points of posts and processes, with their level, controls, owner and
periodic reviews — and the early-stage discipline records (提醒谈话、函询、诫勉, 监督执纪"第一种形态").

A discipline record is seen only by the 纪检 of its organisation or above and by the sitting committee of its
organisation or an organisation above (``DisciplineQuerySet``); nobody sees a record about themselves. It appears on
no other page, in no member list and no export but its own, and its audit rows carry no content."""

import datetime
from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhibu.accounts.roles import Role
from zhibu.core.contracts import Viewer
from zhibu.core.models import BaseModel
from zhibu.core.scoping import ACTIONS, MANAGE_ROLES, NOTHING, ScopedQuerySet


class RiskLevel(models.TextChoices):
    HIGH = "high", "高"
    MEDIUM = "medium", "中"
    LOW = "low", "低"


class RiskPoint(BaseModel):
    """One risk point of a post or a process, reviewed every ``review_interval_months``; ``next_review_on`` is kept
    by the services (from the last review, or from when it was identified) so overdue reviews are one query."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField("岗位", max_length=60, help_text="如：财务科会计岗")
    process = models.CharField("业务流程", max_length=60, blank=True, help_text="如：经费报销审批")
    description = models.CharField("风险点", max_length=300)
    level = models.CharField("风险等级", max_length=8, choices=RiskLevel.choices)
    controls = models.CharField("防控措施", max_length=500)
    owner = models.CharField("责任人", max_length=50)
    review_interval_months = models.PositiveSmallIntegerField(
        "复查周期（月）", validators=[MinValueValidator(1), MaxValueValidator(24)], default=6
    )
    identified_on = models.DateField("识别日期")
    last_reviewed_on = models.DateField("上次复查", null=True, blank=True)
    next_review_on = models.DateField("下次复查")
    active = models.BooleanField("有效", default=True)

    scope_path = "organization__path"

    class Meta:
        ordering = ["organization__path", "next_review_on", "id"]
        verbose_name = "廉政风险点"
        verbose_name_plural = "廉政风险点"
        indexes = [models.Index(fields=["active", "next_review_on"], name="risk_review_due")]

    def __str__(self) -> str:
        return f"{self.post}：{self.description[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("integrity:risk", args=[self.pk])

    def review_overdue(self, today: datetime.date) -> bool:
        return self.active and self.next_review_on < today


class RiskReview(BaseModel):
    risk = models.ForeignKey(RiskPoint, verbose_name="风险点", on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField("复查日期")
    reviewer = models.CharField("复查人", max_length=50)
    finding = models.CharField("复查情况", max_length=500, help_text="防控措施落实情况、发现的问题")
    level = models.CharField("复查后风险等级", max_length=8, choices=RiskLevel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_path = "risk__organization__path"

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = "廉政风险点复查"
        verbose_name_plural = "廉政风险点复查"

    def __str__(self) -> str:
        return f"{self.risk} 复查 {self.reviewed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("integrity:risk", args=[self.risk_id])

    def audit_organization(self) -> models.Model:
        return self.risk.organization


class DisciplineKind(models.TextChoices):
    REMINDER_TALK = "reminder_talk", "提醒谈话"
    INQUIRY = "inquiry", "函询"
    ADMONISHMENT = "admonishment", "诫勉"


def discipline_paths(user: Any) -> list[str]:
    """The organisation paths under which the user may keep discipline records: their 纪检 grants, and the
    organisations on whose sitting committee their member record holds a post today."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    if not hasattr(user, "_meta"):  # a command or the demo builder: full scope, as everywhere
        return list(user.scope_paths("view")[0])
    from zhibu.committees.models import Position

    today = timezone.localdate()
    paths = list(user.role_grants.filter(role=Role.DISCIPLINE).values_list("organization__path", flat=True))
    paths += Position.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today),
        Q(term__ended_on__isnull=True) | Q(term__ended_on__gt=today),
        holder__user_id=user.pk,
        holder__restricted_at__isnull=True,
        started_on__lte=today,
    ).values_list("term__organization__path", flat=True)
    return sorted(set(paths))


class DisciplineQuerySet(ScopedQuerySet["DisciplineRecord"]):
    def visible_to(self, user: Viewer, action: str = "view") -> Self:
        """Not the role matrix: only 纪检 and the committee, for every action but granting roles; never one's own."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        paths = discipline_paths(user) if action != MANAGE_ROLES else []
        if not paths:
            return self.none()
        condition = NOTHING
        for path in paths:
            condition |= Q(organization__path__startswith=path)
        rows = self.filter(condition, member__restricted_at__isnull=True)
        own = getattr(user, "pk", None)
        return rows.exclude(member__user_id=own) if own is not None else rows


class DisciplineRecord(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey("members.Member", verbose_name="对象", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("方式", max_length=16, choices=DisciplineKind.choices)
    happened_on = models.DateField("日期")
    reason = models.CharField("事由", max_length=500)
    outcome = models.CharField("结果", max_length=500, blank=True, help_text="如：本人已作出说明，予以了结")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[models.Manager["DisciplineRecord"]] = DisciplineQuerySet.as_manager()
    scope_path = "organization__path"
    member_fields = ("member",)
    # The audit page is read by roles that may not see these records: the audit rows keep no content at all.
    audit_exclude = ("created_at", "updated_at", "member", "kind", "happened_on", "reason", "outcome", "recorded_by")
    AUDIT_REPR = "早期处置记录（内容仅纪检和党组织委员会可见）"

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = "早期处置记录"
        verbose_name_plural = "早期处置记录"

    def __str__(self) -> str:
        return f"{self.member.name} {self.get_kind_display()}（{self.happened_on:%Y年%m月%d日}）"

    def get_absolute_url(self) -> str:
        return reverse("integrity:discipline", args=[self.pk])
