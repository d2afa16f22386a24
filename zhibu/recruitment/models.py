"""A person on the way into the Party (发展党员): their own record from the application on, and one dated record per
step of the path in ``steps.yaml``. At admission they also become a ``members.Member``; this record keeps the path."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from zhibu.core.fields import EncryptedTextField
from zhibu.core.models import BaseModel
from zhibu.core.scoping import ScopedQuerySet
from zhibu.members.choices import ETHNICITY_CHOICES, Education, Gender, JobPosition


class Stage(models.TextChoices):
    APPLICANT = "applicant", "入党申请人"
    ACTIVIST = "activist", "入党积极分子"
    CANDIDATE = "candidate", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"
    STOPPED = "stopped", "已终止培养"
    CANCELLED = "cancelled", "已取消预备党员资格"


OPEN_STAGES = (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY)


class Role(models.TextChoices):
    MENTOR = "mentor", "培养联系人"
    SPONSOR = "sponsor", "入党介绍人"
    TALKER = "talker", "谈话人"


class Recruit(BaseModel):
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    id_number = EncryptedTextField("公民身份号码", mask_kind="id_number")
    mobile = EncryptedTextField("手机号码", mask_kind="phone")
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=16, choices=ETHNICITY_CHOICES, default="汉族")
    education = models.CharField("学历", max_length=32, choices=Education.choices)
    job_position = models.CharField("工作岗位", max_length=32, choices=JobPosition.choices)
    employer = models.CharField("工作单位", max_length=100, blank=True)
    employer_position = models.CharField("职务（岗位）", max_length=50, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="所在党支部", on_delete=models.PROTECT, related_name="recruits"
    )
    stage = models.CharField("当前阶段", max_length=16, choices=Stage.choices, default=Stage.APPLICANT)
    member = models.OneToOneField(
        "members.Member",
        verbose_name="党员记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recruit",
        editable=False,
    )
    leaves_unit_on = models.DateField(
        "预计离开本单位日期", null=True, blank=True, help_text="3个月内将离开工作单位的发展对象一般暂缓发展"
    )
    id_number_index = models.CharField(max_length=64, unique=True, editable=False)
    id_tail = models.CharField("身份证后四位", max_length=4, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects: ClassVar[models.Manager["Recruit"]] = ScopedQuerySet.as_manager()
    scope_path = "organization__path"
    audit_exclude = ("created_at", "updated_at", "version", "id_tail")

    class Meta:
        ordering = ["organization__path", "name"]
        verbose_name = "发展对象档案"
        verbose_name_plural = "发展对象档案"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("recruitment:detail", args=[self.pk])


class RecruitStep(BaseModel):
    recruit = models.ForeignKey(Recruit, verbose_name="发展对象", on_delete=models.PROTECT, related_name="steps")
    code = models.CharField("步骤", max_length=32)
    happened_on = models.DateField("日期")
    acting_organization = models.ForeignKey(
        "organizations.Organization", verbose_name="办理组织", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField("备注", max_length=300, blank=True)
    explanation = models.TextField("情况说明", blank=True)
    explained_rules = models.JSONField("情况说明所针对的规则", default=list, blank=True)
    vote = models.ForeignKey(
        "activities.Vote",
        verbose_name="支部大会表决",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    written_yes = models.PositiveSmallIntegerField(
        "未到会正式党员书面赞成", default=0, help_text="因故不能到会的有表决权党员书面表达的赞成意见"
    )
    training_days = models.PositiveSmallIntegerField("培训天数", null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField("培训学时", null=True, blank=True)
    vetting_conclusion = models.CharField("政审结论", max_length=300, blank=True)
    vetting_passed = models.BooleanField("政审合格", null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField("延长预备期（月）", null=True, blank=True)
    evidence = models.ManyToManyField("core.Attachment", verbose_name="材料", blank=True, related_name="+")

    objects: ClassVar[models.Manager["RecruitStep"]] = ScopedQuerySet.as_manager()
    scope_path = "recruit__organization__path"

    class Meta:
        ordering = ["recruit", "happened_on", "id"]
        verbose_name = "发展步骤"
        verbose_name_plural = "发展步骤"

    def __str__(self):
        return f"{self.recruit} {self.code} {self.happened_on}"

    def get_absolute_url(self):
        return f"{self.recruit.get_absolute_url()}#step-{self.pk}"

    def audit_organization(self):
        return self.recruit.organization


class StepPerson(BaseModel):
    """A member acting in a step: a 培养联系人, an 入党介绍人, a talker."""

    step = models.ForeignKey(RecruitStep, on_delete=models.CASCADE, related_name="people")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    member = models.ForeignKey("members.Member", verbose_name="党员", on_delete=models.PROTECT, related_name="+")

    scope_path = "step__recruit__organization__path"

    class Meta:
        ordering = ["step", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["step", "role", "member"], name="one_role_per_person_per_step")]

    def __str__(self):
        return f"{self.get_role_display()} {self.member}"
