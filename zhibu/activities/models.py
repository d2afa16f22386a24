"""Organisation life: 三会一课, 主题党日, 组织生活会, 民主评议, 谈心谈话 … planned, held, minuted, signed, locked."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import BaseModel
from zhibu.core.scoping import ScopedQuerySet
from zhibu.members.models import Member


class LockedRecordError(PermissionError):
    """A signed record changes only through an amendment (rules: records that are official stay official)."""

    def __init__(self):
        super().__init__("该记录已签发锁定，只能通过“更正”修改，原记录保留")


class ActivityKind(BaseModel):
    """A kind of activity and its rules, as data: a 工委 adds kinds without code."""

    class Attendees(models.TextChoices):
        MEMBERS = "members", "全体党员"
        COMMITTEE = "committee", "委员会成员"
        GROUP = "group", "党小组成员"
        INVITED = "invited", "指定人员"

    class Quorum(models.TextChoices):
        NONE = "none", "不设法定人数"
        HALF_OF_VOTERS = "half_of_voters", "有表决权党员过半数到会（党员大会）"
        HALF_OF_COMMITTEE = "half_of_committee", "委员过半数到会（委员会会议）"
        TWO_THIRDS = "two_thirds", "应到人数三分之二以上到会（民主生活会）"

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    attendees = models.CharField("应到人员", max_length=16, choices=Attendees.choices)
    quorum = models.CharField("法定人数规则", max_length=24, choices=Quorum.choices, default=Quorum.NONE)
    votes_allowed = models.BooleanField("可以表决", default=False)
    for_committees = models.BooleanField("党委/党组层级", default=False, help_text="否则为支部层级")
    is_study = models.BooleanField("属学习类", default=False, help_text="计入政治学习笔记本")
    expected_period = models.CharField(
        "召开频次",
        max_length=8,
        choices=[("", "不定期"), ("month", "每月"), ("quarter", "每季度"), ("year", "每年")],
        blank=True,
        default="",
        help_text="用于提醒“本期尚未召开”；达标判定由标准体系另行设置",
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "活动类型"
        verbose_name_plural = "活动类型"

    def __str__(self):
        return self.name


class ActivityQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        if self.filter(status=Activity.Status.SIGNED).exists():
            raise LockedRecordError()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=Activity.Status.SIGNED).exists():
            raise LockedRecordError()
        return super().delete()


class Activity(BaseModel):
    class Status(models.TextChoices):
        PLANNED = "planned", "计划"
        HELD = "held", "已召开"
        MINUTED = "minuted", "已记录"
        SIGNED = "signed", "已签发"
        CANCELLED = "cancelled", "已取消"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党组织", on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.ForeignKey(ActivityKind, verbose_name="类型", on_delete=models.PROTECT, related_name="activities")
    title = models.CharField("主题", max_length=100)
    planned_at = models.DateTimeField("计划时间")
    place = models.CharField("地点", max_length=100, blank=True)
    host = models.ForeignKey(
        "members.Member", verbose_name="主持人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorder = models.ForeignKey(
        "members.Member", verbose_name="记录人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    theme_day = models.ForeignKey(
        "self", verbose_name="所属主题党日", null=True, blank=True, on_delete=models.PROTECT, related_name="parts"
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PLANNED)
    held_at = models.DateTimeField("召开时间", null=True, blank=True)
    minutes = models.TextField("会议记录", blank=True)
    minutes_shared = models.BooleanField(
        "会议记录向党员公开",
        default=False,
        help_text="委员会会议的记录默认只给应到人员和上级看；选中后本支部党员也能看到",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField("签发时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    evidence = models.ManyToManyField("core.Attachment", verbose_name="佐证材料", blank=True, related_name="+")

    objects: ClassVar[models.Manager["Activity"]] = ActivityQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["-planned_at", "-id"]
        verbose_name = "组织生活"
        verbose_name_plural = "组织生活"
        indexes = [models.Index(fields=["organization", "kind", "held_at"], name="activity_org_kind_held")]

    def __str__(self):
        return f"{self.kind}：{self.title}"

    def get_absolute_url(self):
        return reverse("activities:detail", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user, org_paths):
        # A member attends the meetings of their branch, of the 党小组 they belong to, of the branch of their 双重组织生活,
        # of the committees they sit on and any meeting that lists them as expected.
        return Q(organization__path__in=org_paths) | _own_meetings_q(user)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SIGNED

    def save(self, *args, **kwargs):
        if self.pk:
            refuse_if_signed({self.pk})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_locked:
            raise LockedRecordError()
        return super().delete(*args, **kwargs)


def _own_meetings_q(user, prefix: str = "") -> Q:
    """The meetings a member attends beyond their branch's; ``prefix`` reaches the activity from a part of it."""
    from zhibu.committees.models import Position

    own = Member.objects.filter(user=user, restricted_at__isnull=True)
    seats = Position.objects.filter(holder__in=own, ended_on__isnull=True).values("term__organization_id")
    return (
        Q(**{f"{prefix}organization_id__in": own.filter(party_group__isnull=False).values("party_group_id")})
        | Q(**{f"{prefix}organization_id__in": own.values("dual_life_organization_id")})
        | Q(**{f"{prefix}organization_id__in": seats})
        | Q(**{f"{prefix}pk__in": Attendance.objects.filter(member__in=own).values("activity_id")})
    )


def refuse_if_signed(activity_ids: set) -> None:
    """Every write path to a meeting's record (save, delete, update, bulk) asks this first."""
    if activity_ids and Activity._base_manager.filter(pk__in=activity_ids, status=Activity.Status.SIGNED).exists():
        raise LockedRecordError()


class PartOfActivity(BaseModel):
    """Base of the rows that belong to an activity's official record: frozen once the activity is signed."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="+")
    scope_path = "activity__organization__path"

    class Meta:
        abstract = True

    @classmethod
    def member_scope_q(cls, user, org_paths):
        return Q(activity__organization__path__in=org_paths) | _own_meetings_q(user, "activity__")

    def audit_organization(self):
        return self.activity.organization

    def save(self, *args, **kwargs):
        refuse_if_signed({self.activity_id})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_signed({self.activity_id})
        return super().delete(*args, **kwargs)


class PartQuerySet(ScopedQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        refuse_if_signed({obj.activity_id for obj in objs})
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        refuse_if_signed({obj.activity_id for obj in objs})
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        if self.filter(activity__status=Activity.Status.SIGNED).exists():
            raise LockedRecordError()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(activity__status=Activity.Status.SIGNED).exists():
            raise LockedRecordError()
        return super().delete()


class AgendaItem(PartOfActivity):
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="agenda")
    position = models.PositiveSmallIntegerField("序号")
    title = models.CharField("议题", max_length=200)
    is_first_topic = models.BooleanField("第一议题", default=False)
    is_major_decision = models.BooleanField("三重一大事项", default=False)
    is_cadre_appointment = models.BooleanField("干部任免", default=False)

    objects: ClassVar[models.Manager["AgendaItem"]] = PartQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "position"]
        constraints = [models.UniqueConstraint(fields=["activity", "position"], name="unique_agenda_position")]

    def __str__(self):
        return f"{self.position}. {self.title}"


class Attendance(PartOfActivity):
    class Status(models.TextChoices):
        PRESENT = "present", "出席"
        LEAVE = "leave", "请假"
        ABSENT = "absent", "缺席"
        # Nobody has said yet whether this person came: never counted as present, never shown as ticked.
        UNRECORDED = "unrecorded", "未登记"

    class LeaveKind(models.TextChoices):
        PERSONAL = "personal", "事假"
        SICK = "sick", "病假"
        OFFICIAL = "official", "因公"

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey("members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("出席情况", max_length=16, choices=Status.choices, default=Status.UNRECORDED)
    leave_kind = models.CharField("请假类型", max_length=16, choices=LeaveKind.choices, blank=True)
    reason = models.CharField("说明", max_length=100, blank=True)
    has_voting_rights = models.BooleanField("有表决权", default=False)
    is_dual_life = models.BooleanField("双重组织生活", default=False)
    checked_in_by_qr = models.BooleanField("扫码签到", default=False)

    objects: ClassVar[models.Manager["Attendance"]] = PartQuerySet.as_manager()
    member_fields = ("member",)

    class Meta:
        ordering = ["activity", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="unique_attendance")]

    def __str__(self):
        return f"{self.member} {self.get_status_display()}"


class MakeUp(BaseModel):
    """补学: an absent member catches up later. Recorded apart, so the signed attendance stays as it was."""

    attendance = models.OneToOneField(Attendance, on_delete=models.PROTECT, related_name="makeup")
    done_on = models.DateField("补学日期")
    note = models.CharField("补学方式", max_length=200)

    scope_path = "attendance__activity__organization__path"
    member_fields = ("attendance__member",)

    def __str__(self):
        return f"{self.attendance.member} 补学 {self.done_on}"

    def audit_organization(self):
        return self.attendance.activity.organization


class Vote(PartOfActivity):
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="votes")
    subject = models.CharField("表决事项", max_length=200)
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    yes = models.PositiveIntegerField("赞成")
    no = models.PositiveIntegerField("反对")
    abstain = models.PositiveIntegerField("弃权")
    eligible = models.PositiveIntegerField("应到有表决权人数")
    present_eligible = models.PositiveIntegerField("实到有表决权人数")
    is_valid = models.BooleanField("表决有效")
    passed = models.BooleanField("通过")
    explanation = models.CharField("说明", max_length=300)

    objects: ClassVar[models.Manager["Vote"]] = PartQuerySet.as_manager()

    def __str__(self):
        return self.subject


class Resolution(BaseModel):
    """A decision with an owner and a deadline. Its follow-up (done, evidence) continues after the minutes are signed."""

    class Status(models.TextChoices):
        OPEN = "open", "落实中"
        DONE = "done", "已完成"

    activity = models.ForeignKey(Activity, verbose_name="会议", on_delete=models.PROTECT, related_name="resolutions")
    text = models.CharField("决议内容", max_length=300)
    owner_member = models.ForeignKey(
        "members.Member", verbose_name="责任人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="责任组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField("完成时限")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField("完成日期", null=True, blank=True)
    evidence = models.CharField("完成情况", max_length=300, blank=True)

    scope_path = "activity__organization__path"

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = "决议"
        verbose_name_plural = "决议"

    def __str__(self):
        return self.text

    @classmethod
    def member_scope_q(cls, user, org_paths):
        """A member sees the resolutions they are responsible for (their 待办), not the rest of the branch's."""
        return Q(owner_member__user=user)

    def audit_organization(self):
        return self.activity.organization

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.deadline < today


class Amendment(BaseModel):
    """更正 of a signed record: the original stays as it was; this says who, when, what and why."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="amendments")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    part = models.CharField("更正部分", max_length=40)
    original = models.TextField("原内容", blank=True)
    corrected = models.TextField("更正为")
    reason = models.CharField("更正原因", max_length=300)

    scope_path = "activity__organization__path"

    class Meta:
        ordering = ["activity", "created_at"]

    def __str__(self):
        return f"{self.activity} 更正 {self.part}"

    def audit_organization(self):
        return self.activity.organization


class Talk(BaseModel):
    """谈心谈话: a pairwise record. Its kind follows from who sat on the committee that day (MTG-13)."""

    class Kind(models.TextChoices):
        COMMITTEE_COMMITTEE = "cc", "班子成员之间"
        COMMITTEE_MEMBER = "cm", "班子成员与党员"
        MEMBER_MEMBER = "mm", "党员之间"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党支部", on_delete=models.PROTECT, related_name="talks"
    )
    talked_on = models.DateField("谈话日期")
    first = models.ForeignKey("members.Member", verbose_name="谈话人", on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey("members.Member", verbose_name="谈话对象", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=4, choices=Kind.choices)
    topic = models.CharField("谈话主题", max_length=200)

    scope_path = "organization__path"
    member_fields = ("second", "first")

    class Meta:
        ordering = ["-talked_on", "-id"]
        verbose_name = "谈心谈话"
        verbose_name_plural = "谈心谈话"

    def __str__(self):
        return f"{self.first}—{self.second} {self.talked_on}"


class Appraisal(BaseModel):
    """民主评议党员: one member's result for one year (self-assessment → peer assessment → rating)."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        QUALIFIED = "qualified", "合格"
        BASICALLY = "basically", "基本合格"
        UNQUALIFIED = "unqualified", "不合格"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="党支部", on_delete=models.PROTECT, related_name="appraisals"
    )
    year = models.PositiveSmallIntegerField("年度")
    member = models.ForeignKey("members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    self_assessment = models.CharField("个人自评", max_length=500, blank=True)
    peer_summary = models.CharField("党员互评意见", max_length=500, blank=True)
    grade = models.CharField("评定等次", max_length=16, choices=Grade.choices)

    scope_path = "organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["organization", "-year", "member"]
        verbose_name = "民主评议结果"
        verbose_name_plural = "民主评议结果"
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="one_appraisal_per_member_year")]

    def __str__(self):
        return f"{self.year} {self.member} {self.get_grade_display()}"

    @classmethod
    def member_scope_q(cls, user, org_paths):
        return Q(member__user=user)
