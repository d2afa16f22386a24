"""学习培训: the hours each meeting kind is worth, training classes (sessions, roster, attendance) and trainings taken
elsewhere (imported from Excel). A person's hours are never typed: ``hours.py`` adds them up from these records and
the activities app's attendance."""

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import BaseModel
from zhibu.core.scoping import ScopedQuerySet

HOURS_FIELD = {"max_digits": 5, "decimal_places": 1, "validators": [MinValueValidator(Decimal("0"))]}


class KindHours(BaseModel):
    """学时 one attended meeting of a kind is worth; kept by the 工委 (a kind without a row counts nothing)."""

    kind = models.OneToOneField(
        "activities.ActivityKind", verbose_name="活动类型", on_delete=models.PROTECT, related_name="training_hours"
    )
    hours = models.DecimalField(
        "每次学时", max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(16)]
    )

    class Meta:
        ordering = ["kind__sort_order", "kind_id"]
        verbose_name = "活动学时"
        verbose_name_plural = "活动学时"

    def __str__(self) -> str:
        return f"{self.kind}：{self.hours}学时"


class ClassCategory(models.TextChoices):
    CANDIDATE = "candidate", "发展对象培训"
    ACTIVIST = "activist", "入党积极分子培训"
    SECRETARY = "secretary", "书记培训"
    COMMITTEE = "committee", "支委委员培训"
    ROTATION = "rotation", "党员集中轮训"
    OTHER = "other", "其他培训"


class TrainingClass(BaseModel):
    """A training class an organisation runs: its sessions carry the hours, its roster who should come."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="举办党组织", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("培训班名称", max_length=100)
    category = models.CharField("培训类别", max_length=16, choices=ClassCategory.choices)
    concentrated = models.BooleanField("集中培训", default=True, help_text="计入EDU-02“每年至少参加1次集中培训”")
    starts_on = models.DateField("开班日期")
    ends_on = models.DateField("结业日期")

    objects: ClassVar[models.Manager["TrainingClass"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "培训班"
        verbose_name_plural = "培训班"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("training:class_detail", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        # A member sees the classes they are on the roster of, not every class of their branch.
        return Q(enrollments__member__user=user)


class ClassSession(BaseModel):
    training_class = models.ForeignKey(
        TrainingClass, verbose_name="培训班", on_delete=models.PROTECT, related_name="sessions"
    )
    held_on = models.DateField("上课日期")
    topic = models.CharField("课程内容", max_length=200)
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))])

    objects: ClassVar[models.Manager["ClassSession"]] = ScopedQuerySet.as_manager()
    scope_path = "training_class__organization__path"

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = "培训课次"
        verbose_name_plural = "培训课次"

    def __str__(self) -> str:
        return f"{self.training_class} {self.held_on} {self.topic}"

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        return Q(training_class__enrollments__member__user=user)

    def audit_organization(self):
        return self.training_class.organization


class Enrollment(BaseModel):
    """One person on a class's roster."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name="培训班", on_delete=models.PROTECT, related_name="enrollments"
    )
    member = models.ForeignKey("members.Member", verbose_name="学员", on_delete=models.PROTECT, related_name="+")

    objects: ClassVar[models.Manager["Enrollment"]] = ScopedQuerySet.as_manager()
    scope_path = "training_class__organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["training_class", "member__name", "id"]
        constraints = [models.UniqueConstraint(fields=["training_class", "member"], name="unique_enrollment")]

    def __str__(self) -> str:
        return f"{self.training_class} {self.member}"

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        return Q(member__user=user)

    def audit_organization(self):
        return self.training_class.organization


class SessionAttendance(BaseModel):
    """A person on the roster attended a session (a row means present: the hours are the session's)."""

    session = models.ForeignKey(ClassSession, verbose_name="课次", on_delete=models.PROTECT, related_name="present")
    member = models.ForeignKey("members.Member", verbose_name="学员", on_delete=models.PROTECT, related_name="+")

    objects: ClassVar[models.Manager["SessionAttendance"]] = ScopedQuerySet.as_manager()
    scope_path = "session__training_class__organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="unique_session_attendance")]

    def __str__(self) -> str:
        return f"{self.session} {self.member}"

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        return Q(member__user=user)

    def audit_organization(self):
        return self.session.training_class.organization


class ExternalTraining(BaseModel):
    """A training taken elsewhere (党校, 网络学院, 上级调训), imported from Excel by the member's organisation."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="登记党组织", on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey("members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("培训名称", max_length=100)
    organizer = models.CharField("举办单位", max_length=100)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    concentrated = models.BooleanField("集中培训", default=False)

    objects: ClassVar[models.Manager["ExternalTraining"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"
    member_fields = ("member",)

    class Meta:
        ordering = ["-ended_on", "-id"]
        verbose_name = "外部培训"
        verbose_name_plural = "外部培训"

    def __str__(self) -> str:
        return f"{self.member} {self.title}"

    @classmethod
    def member_scope_q(cls, user, org_paths) -> Q:
        return Q(member__user=user)


class FirstTopic(BaseModel):
    """第一议题 library: what the 工委 offers branches to study first at a meeting, with its source and date. Reference
    data every official reads; a meeting takes one through the activities app's 第一议题 agenda flag."""

    title = models.CharField("议题", max_length=200, unique=True)
    source = models.CharField("出处", max_length=200, help_text="如：《习近平谈治国理政》第四卷，或讲话的场合")
    published_on = models.DateField("发表日期")

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "第一议题"
        verbose_name_plural = "第一议题"

    def __str__(self) -> str:
        return self.title
