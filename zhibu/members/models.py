import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.fields import EncryptedTextField
from zhibu.core.models import BaseModel
from zhibu.core.scoping import VIEW, ScopedQuerySet
from zhibu.members.choices import (
    ETHNICITY_CHOICES,
    Category,
    Education,
    EventKind,
    Gender,
    JobPosition,
    LeaveManner,
    LostContactReason,
    PartyStatus,
    RecordStatus,
)

RESTRICTED_NAME = "（已限制处理）"


class MemberQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: str = VIEW):
        """Restricted records (PIPL erasure requested, party rules still require keeping them) leave every normal
        view; only the archive role sees them, read-only."""
        normal = super().visible_to(user, action).filter(restricted_at__isnull=True)
        archive_paths = user.archive_paths() if action == VIEW and hasattr(user, "archive_paths") else []
        if not archive_paths:
            return normal
        archived = Q(pk__in=[])
        for path in archive_paths:
            archived |= Q(organization__path__startswith=path)
        return normal | self.filter(archived, restricted_at__isnull=False)

    def current(self):
        """Members on the roll (在册): not transferred out, not left, not deceased. A restricted record (erasure
        requested) is kept for the archive only: it is not counted, chased for dues or expected at meetings."""
        return self.filter(record_status=RecordStatus.ACTIVE, restricted_at__isnull=True)

    def in_subtree(self, organization):
        return self.filter(organization__path__startswith=organization.path)

    def in_organization_on(self, organization, on: datetime.date, *, subtree: bool = False):
        """Members who belonged to the organisation on a past date, from the affiliation history (restricted records
        left out, as from ``current``)."""
        lookup = {"organization__path__startswith": organization.path} if subtree else {"organization": organization}
        affiliations = Affiliation.objects.filter(started_on__lte=on, **lookup).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=on)
        )
        return self.filter(pk__in=affiliations.values("member_id"), restricted_at__isnull=True)


class Member(BaseModel):
    # The 16 national fields (docs/rules.md MEM-01) …
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    id_number = EncryptedTextField("公民身份号码", mask_kind="id_number")
    ethnicity = models.CharField("民族", max_length=16, choices=ETHNICITY_CHOICES, default="汉族")
    birth_date = models.DateField("出生日期")
    education = models.CharField("学历", max_length=32, choices=Education.choices)
    category = models.CharField("人员类别", max_length=16, choices=Category.choices)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="所在党支部", on_delete=models.PROTECT, related_name="members"
    )
    joined_on = models.DateField("入党日期")
    full_member_on = models.DateField("转正日期", null=True, blank=True)
    job_position = models.CharField("工作岗位", max_length=32, choices=JobPosition.choices)
    mobile = EncryptedTextField("手机号码", mask_kind="phone")
    landline = EncryptedTextField("固定电话", mask_kind="phone")
    address = EncryptedTextField("家庭住址", mask_kind="address")
    party_status = models.CharField("党籍状态", max_length=16, choices=PartyStatus.choices, default=PartyStatus.NORMAL)
    is_lost_contact = models.BooleanField("失联党员", default=False)
    lost_contact_on = models.DateField("失去联系日期", null=True, blank=True)
    lost_contact_reason = models.CharField("失联原因", max_length=32, choices=LostContactReason.choices, blank=True)
    is_mobile_member = models.BooleanField("流动党员", default=False)
    mobile_destination = models.CharField("外出流向", max_length=100, blank=True, help_text="省、市、县")
    # … and what a branch also keeps.
    probation_extension_months = models.PositiveSmallIntegerField("预备期延长（月）", default=0)
    current_party_post = models.CharField("现任党内职务", max_length=50, blank=True)
    employer = models.CharField("工作单位", max_length=100, blank=True)
    employer_position = models.CharField("职务", max_length=50, blank=True)
    sponsors = models.CharField("入党介绍人", max_length=100, blank=True)
    is_hardship = models.BooleanField("困难党员", default=False)
    is_veteran = models.BooleanField("老党员", default=False)
    is_retired = models.BooleanField("离退休", default=False)
    is_leading_cadre = models.BooleanField("领导干部", default=False)
    party_group = models.ForeignKey(
        "organizations.Organization",
        verbose_name="所在党小组",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_members",
    )
    dual_life_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="双重组织生活所在支部",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dual_life_members",
        help_text="领导干部以普通党员身份参加组织生活的党支部",
    )
    record_status = models.CharField(
        "在册状态", max_length=20, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    photo = models.ForeignKey(
        "core.Attachment",
        verbose_name="照片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Derived, for search and uniqueness without decrypting.
    id_number_index = models.CharField(max_length=64, unique=True, editable=False)
    id_tail = models.CharField("身份证后四位", max_length=4, db_index=True, editable=False)
    name_initials = models.CharField("姓名拼音首字母", max_length=50, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    # PIPL: erasure requested while party rules still require the record (security.md C6).
    restricted_at = models.DateTimeField("限制处理时间", null=True, blank=True, editable=False)
    restriction_reason = models.CharField("限制处理原因", max_length=200, blank=True, editable=False)
    retain_until = models.DateField("保存期限", null=True, blank=True, editable=False)
    purged_at = models.DateTimeField("个人信息清除时间", null=True, blank=True, editable=False)

    objects: ClassVar[models.Manager["Member"]] = MemberQuerySet.as_manager()
    scope_path = "organization__path"
    audit_exclude = ("created_at", "updated_at", "version", "name_initials", "id_tail")

    class Meta:
        ordering = ["organization__path", "name_initials", "name"]  # roughly pinyin order within a branch
        verbose_name = "党员"
        verbose_name_plural = "党员"
        indexes = [models.Index(fields=["organization", "record_status"], name="member_org_status")]

    def __str__(self):
        # Where a restricted member is only named (a meeting's host, a task's owner) the record stays, the name goes.
        return RESTRICTED_NAME if self.restricted_at is not None else self.name

    def get_absolute_url(self):
        return reverse("members:detail", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user, org_paths):
        return Q(user=user)

    @property
    def has_voting_rights(self) -> bool:
        return self.category == Category.FULL and self.party_status == PartyStatus.NORMAL


class Affiliation(BaseModel):
    """Which organisation a member belonged to, and when: the source for 'the branch on a past date'."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="affiliations")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    reason = models.CharField("原因", max_length=100, blank=True)

    scope_path = ("organization__path", "member__organization__path")
    member_fields = ("member",)

    class Meta:
        ordering = ["member", "started_on"]
        indexes = [models.Index(fields=["organization", "started_on", "ended_on"], name="affiliation_org_dates")]

    def __str__(self):
        return f"{self.member} @ {self.organization} {self.started_on}–{self.ended_on or ''}"

    @classmethod
    def member_scope_q(cls, user, org_paths):
        return Q(member__user=user)

    def audit_organization(self):
        return self.organization


class MemberEvent(BaseModel):
    """A dated change of category or status: 转正, 停止党籍, 恢复, 出党, 死亡 …"""

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事项", max_length=32, choices=EventKind.choices)
    happened_on = models.DateField("日期")
    extension_months = models.PositiveSmallIntegerField("延长月数", null=True, blank=True)
    leave_manner = models.CharField("出党方式", max_length=16, choices=LeaveManner.choices, blank=True)
    document_number = models.CharField("文号", max_length=60, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="当时所在组织", on_delete=models.PROTECT, related_name="+"
    )

    scope_path = "member__organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["member", "happened_on", "id"]
        verbose_name = "党员状态变动"
        verbose_name_plural = "党员状态变动"

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.happened_on}"

    @classmethod
    def member_scope_q(cls, user, org_paths):
        return Q(member__user=user)


class Transfer(BaseModel):
    """组织关系转接. The old organisation keeps the member until the receiving side confirms (docs/rules.md MEM-05)."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", "系统内转接"
        OUTBOUND = "outbound", "转出至系统外"
        INBOUND = "inbound", "从系统外转入"

    class Status(models.TextChoices):
        PENDING = "pending", "待接收"
        COMPLETED = "completed", "已完成"
        CANCELLED = "cancelled", "已撤销"

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    from_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="转出组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_out",
    )
    to_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="接收组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_in",
    )
    counterpart = models.CharField("系统外对方组织", max_length=100, blank=True)
    letter_number = models.CharField("介绍信编号", max_length=60, blank=True)
    issued_on = models.DateField("开具日期")
    received_on = models.DateField("接收日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    scope_path = ("from_organization__path", "to_organization__path")
    member_fields = ("member",)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "组织关系转接"
        verbose_name_plural = "组织关系转接"
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(status="pending"), name="one_pending_transfer_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.issued_on}"

    @classmethod
    def member_scope_q(cls, user, org_paths):
        return Q(member__user=user)

    def audit_organization(self):
        return self.from_organization or self.to_organization
