"""学习清单: a higher organisation issues a month's or a quarter's study topics to its subtree; a branch's meeting
that studied a topic links it (``StudyLink``, from the meeting record: nothing is typed again); the issuer reads the
coverage by branch from those links (``coverage.py``). No check-ins, no ranking: a topic is taken by a meeting or not.
"""

from typing import Any, ClassVar, Self

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


def material_files_readable_by(user: Any) -> Any:
    """The material files of every study-list topic the user reads: a list issued by a 党委 hands its files to the
    branches below it (and their members), never to another agency's."""
    return StudyTopic.attachments.through.objects.filter(
        studytopic__in=StudyTopic.objects.visible_to(user, VIEW)
    ).values("attachment_id")
