"""学习清单: a higher organisation issues a month's or a quarter's study topics to its subtree; a branch's meeting
that studied a topic links it (``StudyLink``, from the meeting record: nothing is typed again); the issuer reads the
coverage by branch from those links (``coverage.py``). No check-ins, no ranking: a topic is taken by a meeting or not.
"""

from decimal import Decimal
from typing import Any, ClassVar, Self

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.contracts import Viewer
from zhibu.core.models import BaseModel
from zhibu.core.scoping import EXPORT, VIEW, ScopedQuerySet
from zhibu.organizations.models import lineage_paths


def _lineage(org_paths: list[str]) -> list[str]:
    return sorted({path for own in org_paths for path in lineage_paths(own)})


class IssuedQuerySet(ScopedQuerySet[Any]):
    """Issued to a subtree: besides the issuer's own scope, whoever may see an organisation below the issuer reads
    the list (a branch reads what its 党委 and 工委 issued). Changing stays with the issuer's scope."""

    def visible_to(self, user: Viewer, action: str = VIEW) -> Self:
        visible = super().visible_to(user, action)
        if action not in (VIEW, EXPORT) or user is None or not getattr(user, "is_authenticated", False):
            return visible
        subtree_paths, _ = user.scope_paths(action)  # type: ignore[union-attr]
        if not subtree_paths:
            return visible
        field = self.model.issuer_path
        return visible | self.filter(**{f"{field}__in": _lineage(list(subtree_paths))})


class Period(models.TextChoices):
    MONTH = "month", "月度"
    QUARTER = "quarter", "季度"


class SuggestedForm(models.TextChoices):
    COLLECTIVE = "collective", "集中学习"
    LECTURE = "lecture", "专题党课"
    DISCUSSION = "discussion", "研讨交流"
    SELF_STUDY = "self_study", "个人自学后交流"


class StudyList(BaseModel):
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="下发党组织", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("清单名称", max_length=100)
    period = models.CharField("周期", max_length=8, choices=Period.choices)
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("截止日期")

    objects: ClassVar[models.Manager["StudyList"]] = IssuedQuerySet.as_manager()
    scope_path = "organization__path"
    issuer_path = "organization__path"

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "学习清单"
        verbose_name_plural = "学习清单"
        constraints = [
            models.UniqueConstraint(fields=["organization", "period", "starts_on"], name="one_study_list_per_period")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("study:detail", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        return Q(organization__path__in=_lineage(org_paths))


class StudyTopic(BaseModel):
    study_list = models.ForeignKey(StudyList, verbose_name="学习清单", on_delete=models.PROTECT, related_name="topics")
    position = models.PositiveSmallIntegerField("序号")
    title = models.CharField("学习内容", max_length=200)
    materials = models.TextField("学习材料", blank=True, help_text="每行一项材料的标题")
    suggested_form = models.CharField("建议学习形式", max_length=16, choices=SuggestedForm.choices)
    kinds = models.ManyToManyField(
        "activities.ActivityKind", verbose_name="建议结合的会议类型", blank=True, related_name="+"
    )
    attachments = models.ManyToManyField("core.Attachment", verbose_name="材料文件", blank=True, related_name="+")

    objects: ClassVar[models.Manager["StudyTopic"]] = IssuedQuerySet.as_manager()
    scope_path = "study_list__organization__path"
    issuer_path = "study_list__organization__path"

    class Meta:
        ordering = ["study_list", "position", "id"]
        verbose_name = "学习清单议题"
        verbose_name_plural = "学习清单议题"
        constraints = [models.UniqueConstraint(fields=["study_list", "position"], name="unique_study_topic_position")]

    def __str__(self) -> str:
        return f"{self.study_list}：{self.title}"

    def get_absolute_url(self) -> str:
        return self.study_list.get_absolute_url()

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        return Q(study_list__organization__path__in=_lineage(org_paths))

    def audit_organization(self):
        return self.study_list.organization

    def material_lines(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class StudyLink(BaseModel):
    """A meeting took a topic of a study list: the branch's record (its scope is the meeting's organisation)."""

    topic = models.ForeignKey(StudyTopic, verbose_name="学习内容", on_delete=models.PROTECT, related_name="links")
    activity = models.ForeignKey(
        "activities.Activity", verbose_name="会议", on_delete=models.PROTECT, related_name="study_links"
    )

    objects: ClassVar[models.Manager["StudyLink"]] = ScopedQuerySet.as_manager()
    scope_path = "activity__organization__path"

    class Meta:
        ordering = ["topic", "activity__planned_at", "id"]
        verbose_name = "学习清单落实"
        verbose_name_plural = "学习清单落实"
        constraints = [models.UniqueConstraint(fields=["topic", "activity"], name="unique_study_link")]

    def __str__(self) -> str:
        return f"{self.activity} 学习 {self.topic.title}"

    def get_absolute_url(self) -> str:
        return self.activity.get_absolute_url()

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        return Q(activity__organization__path__in=org_paths)

    def audit_organization(self):
        return self.activity.organization


# 理论学习中心组 ------------------------------------------------------------------------------------------------------


class SeatRole(models.TextChoices):
    LEADER = "leader", "组长"
    DEPUTY = "deputy", "副组长"
    MEMBER = "member", "成员"
    SECRETARY = "secretary", "学习秘书"


class Participation(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    OBSERVER = "observer", "列席旁听"


class SpeechKind(models.TextChoices):
    LECTURE = "lecture", "主讲"
    REMARKS = "remarks", "交流发言"


class TheoryGroup(BaseModel):
    """An agency's 理论学习中心组 (kept by its 党委/党组's organisation): who sits on it and its study sessions. A person
    sees the groups they sit on or attended; officials of the organisation see its groups."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="所属党组织", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("中心组名称", max_length=100)

    objects: ClassVar[models.Manager["TheoryGroup"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["organization__path", "name", "id"]
        verbose_name = "理论学习中心组"
        verbose_name_plural = "理论学习中心组"
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_theory_group_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("study:theory_group", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        return Q(pk__in=TheoryGroupSeat.objects.filter(member__user=user).values("group_id"))


class TheoryGroupSeat(BaseModel):
    group = models.ForeignKey(TheoryGroup, verbose_name="中心组", on_delete=models.PROTECT, related_name="seats")
    member = models.ForeignKey("members.Member", verbose_name="成员", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("职务", max_length=16, choices=SeatRole.choices, default=SeatRole.MEMBER)

    objects: ClassVar[models.Manager["TheoryGroupSeat"]] = ScopedQuerySet.as_manager()
    scope_path = "group__organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["group", "role", "member__name", "id"]
        verbose_name = "中心组成员"
        verbose_name_plural = "中心组成员"
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="unique_theory_group_seat")]

    def __str__(self) -> str:
        return f"{self.group} {self.member}（{self.get_role_display()}）"

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        return Q(member__user=user)

    def audit_organization(self):
        return self.group.organization


class TheorySession(BaseModel):
    """One 中心组 study session: its date, topic, materials, who lectured and spoke, who came. Its hours count for
    everyone present or 列席旁听 (``zhibu/training/hours.py`` reads them through the source this app registers)."""

    group = models.ForeignKey(TheoryGroup, verbose_name="中心组", on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField("学习日期")
    topic = models.CharField("学习主题", max_length=200)
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))])
    materials = models.TextField("学习材料", blank=True, help_text="每行一项材料的标题")
    summary = models.TextField("学习情况", blank=True)
    attachments = models.ManyToManyField("core.Attachment", verbose_name="材料文件", blank=True, related_name="+")

    objects: ClassVar[models.Manager["TheorySession"]] = ScopedQuerySet.as_manager()
    scope_path = "group__organization__path"

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "中心组学习"
        verbose_name_plural = "中心组学习"

    def __str__(self) -> str:
        return f"{self.group} {self.held_on:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("study:theory_session", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        return Q(pk__in=TheoryAttendance.objects.filter(member__user=user).values("session_id")) | Q(
            group__in=TheoryGroupSeat.objects.filter(member__user=user).values("group_id")
        )

    def audit_organization(self):
        return self.group.organization

    def material_lines(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class TheoryAttendance(BaseModel):
    """A person's part in a session: present, on leave, or 列席旁听 (not on the group). A seat with no row was absent."""

    session = models.ForeignKey(
        TheorySession, verbose_name="中心组学习", on_delete=models.PROTECT, related_name="attendances"
    )
    member = models.ForeignKey("members.Member", verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("出席情况", max_length=16, choices=Participation.choices)

    objects: ClassVar[models.Manager["TheoryAttendance"]] = ScopedQuerySet.as_manager()
    scope_path = "session__group__organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["session", "status", "member__name", "id"]
        verbose_name = "中心组学习出席"
        verbose_name_plural = "中心组学习出席"
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="unique_theory_attendance")]

    def __str__(self) -> str:
        return f"{self.session} {self.member} {self.get_status_display()}"

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        return Q(member__user=user)

    def audit_organization(self):
        return self.session.group.organization


class TheorySpeech(BaseModel):
    """主讲 or 交流发言 at a session: a person on the record, or an invited speaker named in ``speaker_name``."""

    session = models.ForeignKey(
        TheorySession, verbose_name="中心组学习", on_delete=models.PROTECT, related_name="speeches"
    )
    kind = models.CharField("类型", max_length=16, choices=SpeechKind.choices)
    member = models.ForeignKey(
        "members.Member", verbose_name="发言人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    speaker_name = models.CharField("特邀主讲人", max_length=60, blank=True)
    title = models.CharField("题目", max_length=200, blank=True)

    objects: ClassVar[models.Manager["TheorySpeech"]] = ScopedQuerySet.as_manager()
    scope_path = "session__group__organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["session", "kind", "id"]
        verbose_name = "中心组学习发言"
        verbose_name_plural = "中心组学习发言"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.speaker}"

    @property
    def speaker(self) -> str:
        return self.member.name if self.member is not None else self.speaker_name

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        return Q(session__in=TheorySession.objects.filter(TheorySession.member_scope_q(user, org_paths)).values("pk"))

    def audit_organization(self):
        return self.session.group.organization


def material_files_readable_by(user: Any) -> Any:
    """The material files of every study-list topic and 中心组 session the user reads: a list issued by a 党委 hands
    its files to the branches below it (and their members), never to another agency's."""
    topics = StudyTopic.attachments.through.objects.filter(studytopic__in=StudyTopic.objects.visible_to(user, VIEW))
    sessions = TheorySession.attachments.through.objects.filter(
        theorysession__in=TheorySession.objects.visible_to(user, VIEW)
    )
    return topics.values("attachment_id").union(sessions.values("attachment_id"))
