"""Stored verdicts of the BTX engine, the 工委 parameter overrides, and 情况说明 for missed items.

A verdict is derived data: the engine rewrites it whenever its records change; nobody edits it. What people write
(overrides, 情况说明 and their review) is kept in its own tables and audited.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhibu.core.contracts import ScopingActor
from zhibu.core.labels import rule_label
from zhibu.core.models import BaseModel
from zhibu.core.periods import key_label
from zhibu.standards.catalogue import DEFAULT_SOURCE, by_id
from zhibu.standards.parameters import described, label, value_text


def names_members_q() -> Q:
    """Rules whose verdicts name individual members: the member rules, the dues rules but the yearly publication of
    totals (FEE-09), leading cadres' dual organisation life (MTG-14) and training hours (EDU-*: who is short)."""
    return (
        Q(rule_id__startswith="MEM-")
        | Q(rule_id__startswith="FEE-")
        | Q(rule_id__startswith="EDU-")
        | Q(rule_id="MTG-14")
    ) & ~Q(rule_id="FEE-09")


class VerdictStatus(models.TextChoices):
    MET = "met", "达标"
    IN_PROGRESS = "in_progress", "进行中"
    MISSED = "missed", "未达标"
    NOT_APPLICABLE = "not_applicable", "不适用"
    EXPLAINED = "explained", "已说明"


class Verdict(BaseModel):
    rule_id = models.CharField("规则", max_length=12)
    # No index of its own: the unique constraint leads with it (every index costs a first evaluation's COPY).
    # Derived data goes with its organisation; the records it was judged from are what keep an organisation.
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="党组织",
        on_delete=models.CASCADE,
        related_name="verdicts",
        db_index=False,
    )
    period_key = models.CharField("期间", max_length=16, help_text="2024-03、2024-Q1、2024 或 now（现状）")
    period_start = models.DateField("期间开始")
    period_end = models.DateField("期间结束")
    status = models.CharField("结论", max_length=16, choices=VerdictStatus.choices)
    explanation = models.CharField("说明", max_length=500)
    evidence = models.JSONField("依据", default=list, help_text="[{label, url}]")
    # Empty when the catalogue's values applied (most verdicts); see ``parameters``.
    applied = models.JSONField("适用参数", default=dict, blank=True)
    computed_at = models.DateTimeField("评估时间")
    # A 64-bit hash of what the verdict says (status, explanation, evidence, parameters, period): a recompute compares
    # this instead of reading every stored verdict back.
    digest = models.BigIntegerField("摘要", default=0)

    scope_path = "organization__path"

    class Meta:
        ordering = ["organization", "rule_id", "period_start"]
        verbose_name = "达标结论"
        verbose_name_plural = "达标结论"
        constraints = [
            models.UniqueConstraint(fields=["organization", "rule_id", "period_key"], name="one_verdict_per_period")
        ]
        indexes = [models.Index(fields=["period_start", "status"], name="verdict_period_status")]

    def __str__(self) -> str:
        return (
            f"{self.organization} {rule_label(self.rule_id)}（{key_label(self.period_key)}）{self.get_status_display()}"
        )

    @classmethod
    def member_scope_q(cls, user: ScopingActor, org_paths: list[str]) -> Q:
        """An ordinary member sees their branch's verdicts, except those that name other members (arrears, payments,
        absences, assessments): those are for the branch's officers."""
        return Q(organization__path__in=org_paths) & ~names_members_q()

    @property
    def parameters(self) -> dict[str, Any]:
        """The parameter values the verdict was judged with and whose they were (``source``)."""
        if self.applied:
            applied: dict[str, Any] = self.applied
            return applied
        rule = by_id().get(self.rule_id)
        return {**(rule.threshold if rule else {}), "source": DEFAULT_SOURCE}

    @property
    def parameter_lines(self) -> list[str]:
        return described(self.parameters)


class ParameterOverride(BaseModel):
    """A 工委 sets a rule's parameter for its subtree (e.g. 党课 per year instead of per quarter)."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="设定组织", on_delete=models.PROTECT, related_name="+"
    )
    rule_id = models.CharField("规则", max_length=12)
    key = models.CharField("参数", max_length=32)
    value = models.JSONField("取值")
    reason = models.CharField("依据或理由", max_length=200)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="设定人", on_delete=models.PROTECT, related_name="+"
    )

    scope_path = "organization__path"

    class Meta:
        ordering = ["rule_id", "key"]
        verbose_name = "标准参数调整"
        verbose_name_plural = "标准参数调整"
        constraints = [
            models.UniqueConstraint(fields=["organization", "rule_id", "key"], name="one_override_per_parameter")
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.key_label}：{self.value_label}"

    @property
    def key_label(self) -> str:
        return label(self.key)

    @property
    def value_label(self) -> str:
        return value_text(self.key, self.value)


class ExplanationNote(BaseModel):
    """情况说明 for a missed item: written by the organisation, accepted or returned by the organisation above it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        ACCEPTED = "accepted", "已接受"
        RETURNED = "returned", "已退回"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党组织", on_delete=models.PROTECT, related_name="+"
    )
    rule_id = models.CharField("规则", max_length=12)
    period_key = models.CharField("期间", max_length=16)
    text = models.TextField("情况说明")
    attachment = models.ForeignKey(
        "core.Attachment", verbose_name="附件", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.CharField("审核意见", max_length=300, blank=True)

    scope_path = "organization__path"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "情况说明"
        verbose_name_plural = "情况说明"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "rule_id", "period_key"],
                condition=~Q(status="returned"),
                name="one_live_note_per_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {rule_label(self.rule_id)}（{key_label(self.period_key)}）情况说明"
