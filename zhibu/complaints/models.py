"""Public complaints (效能投诉): where a citizen can complain (an intake point with its QR link), the complaint itself
and the dated handling steps officials record on it. The submitter's address is never stored here: it goes only into
the security log (``zhibu/complaints/public_views.py``)."""

import datetime
import secrets
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from zhibu.core.fields import EncryptedTextField
from zhibu.core.models import BaseModel
from zhibu.core.scoping import ScopedQuerySet

# Letters and digits a citizen will not misread when copying the code by hand (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16  # 31**16 ≈ 2**79: unguessable, and short enough to read out on the phone


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_intake_token() -> str:
    return secrets.token_urlsafe(18)


class PlaceKind(models.TextChoices):
    UNIT = "unit", "单位"
    WINDOW = "window", "窗口"
    HALL = "hall", "服务大厅"


class Status(models.TextChoices):
    RECEIVED = "received", "待受理"
    ACCEPTED = "accepted", "已受理"
    ASSIGNED = "assigned", "已交办"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"


class StepKind(models.TextChoices):
    ACCEPT = "accept", "受理"
    ASSIGN = "assign", "交办"
    ANSWER = "answer", "答复"
    CLOSE = "close", "办结"


# The handling path in order, and the status each step leaves the complaint in.
STEP_ORDER = (StepKind.ACCEPT, StepKind.ASSIGN, StepKind.ANSWER, StepKind.CLOSE)
# A complaint reopened after an unsatisfied return visit is handled again from 交办 (it stays 受理).
REOPENED_ORDER = (StepKind.ASSIGN, StepKind.ANSWER, StepKind.CLOSE)
STATUS_AFTER = {
    StepKind.ACCEPT: Status.ACCEPTED,
    StepKind.ASSIGN: Status.ASSIGNED,
    StepKind.ANSWER: Status.ANSWERED,
    StepKind.CLOSE: Status.CLOSED,
}


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class ComplaintKind(BaseModel):
    """What a complaint is about, with its handling deadline; reference data every official reads, kept by the
    工委管理员."""

    name = models.CharField("投诉类别", max_length=30, unique=True)
    deadline_days = models.PositiveSmallIntegerField(
        "办理时限（天）",
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="自收到投诉之日起的自然日数；超过时限未办结即为超期",
    )
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "投诉类别"
        verbose_name_plural = "投诉类别"

    def __str__(self) -> str:
        return self.name


class IntakePoint(BaseModel):
    """A unit, a service window or a service hall where a QR poster invites complaints; ``token`` is its link."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="负责党组织", on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField("单位名称", max_length=100, help_text="印在二维码海报和投诉页上，如：市行政审批局")
    kind = models.CharField("类型", max_length=8, choices=PlaceKind.choices, default=PlaceKind.UNIT)
    name = models.CharField("窗口或大厅名称", max_length=100, blank=True, help_text="如：3号综合受理窗口；单位可不填")
    token = models.CharField(max_length=32, unique=True, default=new_intake_token, editable=False)
    active = models.BooleanField("启用", default=True)
    # Who is told of every new complaint at once (the routing): set per intake point, because a hall's windows answer
    # to different units; an empty one falls back to the record keepers of the organisation (``routing.recipients``).
    unit_head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="单位负责人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="收到投诉即通知；须有该组织或上级组织的角色",
    )
    efficiency_office = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="效能办",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="效能办联系人，收到投诉即通知；须有该组织或上级组织的角色",
    )

    objects: ClassVar[models.Manager["IntakePoint"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"
    audit_exclude = ("created_at", "updated_at", "token")

    class Meta:
        ordering = ["organization__path", "unit_name", "name"]
        verbose_name = "投诉受理点"
        verbose_name_plural = "投诉受理点"

    def __str__(self) -> str:
        return f"{self.unit_name} {self.name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("complaints:poster", args=[self.pk])

    def public_path(self) -> str:
        return reverse("complaints:public_form", args=[self.token])


class Complaint(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="负责党组织", on_delete=models.PROTECT, related_name="+"
    )
    intake_point = models.ForeignKey(IntakePoint, verbose_name="受理点", on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(ComplaintKind, verbose_name="投诉类别", on_delete=models.PROTECT, related_name="+")
    what = models.TextField("投诉内容")
    place = models.CharField("发生地点", max_length=200)
    happened_on = models.DateField("发生日期")
    contact = EncryptedTextField("联系电话", mask_kind="phone")
    images = models.ManyToManyField("core.Attachment", verbose_name="图片", blank=True, related_name="+")
    received_on = models.DateField("收到日期")
    due_on = models.DateField("办理期限")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.RECEIVED)
    # 1 for the first handling; each reopening after an unsatisfied return visit starts the next round of steps.
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    # Bearer secrets of the citizen: never shown to officials nor in the API.
    tracking_code = models.CharField(max_length=CODE_LENGTH, unique=True, editable=False)
    submission_key = models.CharField(max_length=64, unique=True, editable=False)
    rating = models.CharField("满意度", max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField("评价意见", max_length=300, blank=True)
    rated_on = models.DateField("评价日期", null=True, blank=True)
    # A complaint that reveals a work-style problem is tracked in the 整改 loop of the inspections app: linked, not
    # copied, so its report and acceptance stay there.
    rectification = models.ForeignKey(
        "inspections.RectificationItem",
        verbose_name="整改事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[models.Manager["Complaint"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"
    audit_exclude = ("created_at", "updated_at", "tracking_code", "submission_key")

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "效能投诉"
        verbose_name_plural = "效能投诉"
        indexes = [models.Index(fields=["status", "due_on"], name="complaint_status_due")]

    def __str__(self) -> str:
        return f"{self.kind.name}投诉（{self.received_on:%Y-%m-%d}收到，编号{self.pk}）"

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.pk])

    @property
    def is_anonymous(self) -> bool:
        return not self.contact

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status != Status.CLOSED and self.due_on < today


class ComplaintStep(BaseModel):
    """One dated handling step, by a named official."""

    complaint = models.ForeignKey(Complaint, verbose_name="投诉", on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField("步骤", max_length=8, choices=StepKind.choices)
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    happened_on = models.DateField("日期")
    official = models.CharField("经办人", max_length=50)
    note = models.TextField("办理情况", blank=True, help_text="交办写明承办单位或人员；答复写明答复内容（投诉人可见）")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_path = "complaint__organization__path"

    class Meta:
        ordering = ["complaint", "happened_on", "id"]
        verbose_name = "投诉办理步骤"
        verbose_name_plural = "投诉办理步骤"
        constraints = [
            models.UniqueConstraint(fields=["complaint", "round", "kind"], name="one_step_of_each_kind_a_round")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on:%Y-%m-%d}"

    def audit_organization(self):
        return self.complaint.organization


class ReviewDecision(models.TextChoices):
    RESOLVE = "resolve", "本级解决（撤回说“不”，继续办理）"
    REPORT = "report", "本级无法解决，报上级"


class Refusal(BaseModel):
    """A 说“不” on a complaint: a recorded decision with its reason, reviewed by the unit (a named reviewer, a date, a
    decision), and what the unit cannot solve goes to the parent organisation — at once when the review says so, or
    by itself on ``report_by`` (working days, ``COMPLAINTS_REFUSAL_REPORT_WORKDAYS``) when the unit has not resolved
    it by then — which records the closing decision. Every step dated."""

    complaint = models.OneToOneField(Complaint, verbose_name="投诉", on_delete=models.PROTECT, related_name="refusal")
    decided_on = models.DateField("说“不”日期")
    official = models.CharField("决定人", max_length=50)
    reason = models.TextField("不予办理的理由")
    report_by = models.DateField("报上级期限", help_text="本级未解决的，此日起报上级组织")
    next_level = models.ForeignKey(
        "organizations.Organization", verbose_name="上级组织", on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField("复核日期", null=True, blank=True)
    reviewer = models.CharField("复核人", max_length=50, blank=True)
    review_decision = models.CharField("复核结论", max_length=8, choices=ReviewDecision.choices, blank=True)
    review_note = models.TextField("复核意见", blank=True)
    closed_on = models.DateField("上级决定日期", null=True, blank=True)
    closing_official = models.CharField("上级决定人", max_length=50, blank=True)
    closing_decision = models.TextField("上级最终决定", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[models.Manager["Refusal"]] = ScopedQuerySet.as_manager()
    scope_path = "complaint__organization__path"

    class Meta:
        ordering = ["report_by", "id"]
        verbose_name = "说“不”记录"
        verbose_name_plural = "说“不”记录"

    def __str__(self) -> str:
        return f"说“不”（{self.decided_on:%Y-%m-%d}，投诉编号{self.complaint_id}）"

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.complaint_id])

    def audit_organization(self):
        return self.complaint.organization

    def escalated_on(self, today: datetime.date) -> datetime.date | None:
        """The day it went to the next level, or None while it is still the unit's (or the unit resolved it)."""
        if self.review_decision == ReviewDecision.REPORT and self.reviewed_on and self.reviewed_on < self.report_by:
            return self.reviewed_on
        if self.reviewed_on is not None and self.reviewed_on < self.report_by:
            return None  # resolved in time at this level
        return self.report_by if self.report_by <= today else None


def escalated_q(today: datetime.date, prefix: str = "") -> models.Q:
    """The refusals at the next level on ``today`` (the query twin of ``Refusal.escalated_on``)."""
    reviewed_in_time = models.Q(**{f"{prefix}reviewed_on__lt": models.F(f"{prefix}report_by")})
    reported = reviewed_in_time & models.Q(**{f"{prefix}review_decision": ReviewDecision.REPORT})
    return reported | (~reviewed_in_time & models.Q(**{f"{prefix}report_by__lte": today}))


class VisitWay(models.TextChoices):
    PHONE = "phone", "电话回访"
    VISIT = "visit", "上门回访"
    MESSAGE = "message", "短信或留言回访"


class FollowUp(models.TextChoices):
    NONE = "none", "无需后续处理"
    REOPEN = "reopen", "重新办理"
    RECTIFY = "rectify", "纳入整改"
    KEEP = "keep", "维持办理结果（说明理由）"


class ReturnVisit(BaseModel):
    """回访: after 办结 an official asks the citizen how it went — the date, the way, who visited, what the citizen said
    and whether they are satisfied. An unsatisfied visit carries a recorded decision: reopen the handling (the next
    round of steps), take it into the 整改 loop, or keep the result with the reason. One visit per handling round."""

    complaint = models.ForeignKey(
        Complaint, verbose_name="投诉", on_delete=models.PROTECT, related_name="return_visits"
    )
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    visited_on = models.DateField("回访日期")
    way = models.CharField("回访方式", max_length=8, choices=VisitWay.choices)
    visitor = models.CharField("回访人", max_length=50)
    feedback = models.TextField("群众意见")
    satisfied = models.BooleanField("群众是否满意")
    follow_up = models.CharField("后续处理", max_length=8, choices=FollowUp.choices, default=FollowUp.NONE)
    decision_note = models.TextField("处理决定说明", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[models.Manager["ReturnVisit"]] = ScopedQuerySet.as_manager()
    scope_path = "complaint__organization__path"

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = "投诉回访"
        verbose_name_plural = "投诉回访"
        constraints = [models.UniqueConstraint(fields=["complaint", "round"], name="one_return_visit_a_round")]

    def __str__(self) -> str:
        return f"回访（{self.visited_on:%Y-%m-%d}，投诉编号{self.complaint_id}）"

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.complaint_id])

    def audit_organization(self):
        return self.complaint.organization
