"""The 五化 work ledger (工作台账): a plan of annual work points (年度工作要点) issued by a committee to its subtree,
its sections and numbered points, the tasks each point is broken into for owner organisations, the owners' monthly
progress and their closure requests, which the issuer accepts (销号) or returns.

A task is seen from two sides: the owner organisation's keepers report on it, the issuer's keepers review it. So its
``scope_path`` names both organisations, and a plan is also visible to whoever sees one of its tasks."""

from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.urls import reverse

from zhibu.core.contracts import ScopingActor, Viewer
from zhibu.core.models import BaseModel
from zhibu.core.scoping import EXPORT, VIEW, ScopedQuerySet


class PlanQuerySet(ScopedQuerySet["Plan"]):
    def visible_to(self, user: Viewer, action: str = VIEW) -> Self:
        """The issuer's subtree keeps the plan; an owner below reads it (the points it has tasks under) too."""
        own = super().visible_to(user, action)
        if action not in (VIEW, EXPORT):
            return own
        owed = Task.objects.visible_to(user, action).values("point__section__plan")
        return self.filter(models.Q(pk__in=own.values("pk")) | models.Q(pk__in=owed))


class Plan(BaseModel):
    issuer = models.ForeignKey(
        "organizations.Organization", verbose_name="印发组织", on_delete=models.PROTECT, related_name="work_plans"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=100)
    issued_on = models.DateField("印发日期")
    note = models.TextField("说明", blank=True)

    objects: ClassVar[models.Manager["Plan"]] = PlanQuerySet.as_manager()
    scope_path = "issuer__path"

    class Meta:
        ordering = ["-year", "issuer__path", "title"]
        verbose_name = "年度工作要点"
        verbose_name_plural = "年度工作要点"
        constraints = [models.UniqueConstraint(fields=["issuer", "year", "title"], name="worklog_one_plan_per_title")]

    def __str__(self) -> str:
        return f"{self.year}年{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("worklog:plan_detail", args=[self.pk])

    def audit_organization(self) -> Any:
        return self.issuer


class Section(BaseModel):
    plan = models.ForeignKey(Plan, verbose_name="工作要点", on_delete=models.PROTECT, related_name="sections")
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("标题", max_length=100)

    scope_path = "plan__issuer__path"

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = "要点部分"
        verbose_name_plural = "要点部分"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="worklog_section_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def audit_organization(self) -> Any:
        return self.plan.issuer


class Point(BaseModel):
    """A numbered work point; numbers run through the whole plan (1 … 21), not per section."""

    section = models.ForeignKey(Section, verbose_name="部分", on_delete=models.PROTECT, related_name="points")
    number = models.PositiveSmallIntegerField("序号")
    text = models.TextField("工作要点")

    scope_path = "section__plan__issuer__path"

    class Meta:
        ordering = ["section__plan", "number"]
        verbose_name = "工作要点条目"
        verbose_name_plural = "工作要点条目"

    def __str__(self) -> str:
        return f"第{self.number}条 {self.text[:30]}"

    def audit_organization(self) -> Any:
        return self.section.plan.issuer


class Status(models.TextChoices):
    ISSUED = "issued", "待认领"
    IN_PROGRESS = "in_progress", "推进中"
    REQUESTED = "requested", "待销号审核"
    CLOSED = "closed", "已销号"


OPEN_STATUSES = (Status.ISSUED, Status.IN_PROGRESS)


class Task(BaseModel):
    point = models.ForeignKey(Point, verbose_name="工作要点条目", on_delete=models.PROTECT, related_name="tasks")
    owner = models.ForeignKey(
        "organizations.Organization", verbose_name="责任单位", on_delete=models.PROTECT, related_name="work_tasks"
    )
    deliverable = models.CharField("任务及成果", max_length=300)
    deadline = models.DateField("完成时限")
    weight = models.PositiveSmallIntegerField("权重", default=1, help_text="1至100，年终考核时按权重计分")
    leader = models.CharField("责任领导", max_length=50, blank=True)
    responsible = models.ForeignKey(
        "members.Member",
        verbose_name="具体责任人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_tasks",
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ISSUED)
    accepted_on = models.DateField("认领日期", null=True, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    percent = models.PositiveSmallIntegerField("最新进度（%）", default=0)
    returned_count = models.PositiveSmallIntegerField("退回次数", default=0)
    # Set once by escalate_worklog when the task is overdue past the grace: the owner's parent now follows it up.
    escalated_to = models.ForeignKey(
        "organizations.Organization",
        verbose_name="逾期上报至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_work_tasks",
    )
    escalated_on = models.DateField("逾期上报日期", null=True, blank=True)
    # A sub-task (子任务) the owner split its task into, one level deep: same point, owned within the owner's
    # subtree, closed (销号) by the parent task's owner rather than the plan's issuer. Its progress rolls up.
    parent = models.ForeignKey(
        "self", verbose_name="上级任务", null=True, blank=True, on_delete=models.PROTECT, related_name="subtasks"
    )

    # A meeting's resolution or an inspection's rectification item taken into the ledger: the task links the record
    # (its page shows where the task came from) instead of copying it into a second list; at most one task each.
    resolution = models.OneToOneField(
        "activities.Resolution",
        verbose_name="来源会议决议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_task",
    )
    rectification = models.OneToOneField(
        "inspections.RectificationItem",
        verbose_name="来源整改事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_task",
    )

    scope_path = ("owner__path", "point__section__plan__issuer__path")

    class Meta:
        ordering = ["point__section__plan", "point__number", "owner__path", "id"]
        verbose_name = "工作任务"
        verbose_name_plural = "工作任务"

    def __str__(self) -> str:
        return f"{self.owner}：{self.deliverable[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("worklog:task_detail", args=[self.pk])

    @classmethod
    def member_scope_q(cls, user: ScopingActor, org_paths: list[str]) -> models.Q:
        """An ordinary member reads the tasks that name them as the person responsible."""
        return models.Q(responsible__user_id=getattr(user, "pk", None))

    def audit_organization(self) -> Any:
        return self.owner

    @property
    def plan(self) -> Plan:
        return self.point.section.plan

    @property
    def source(self) -> Any:
        """The record this task was taken from (a resolution, a rectification item …), if any."""
        from zhibu.worklog.sources import source_of  # the registry imports the source apps' services

        found = source_of(self)
        return found[1] if found else None

    @property
    def reviewer(self) -> Any:
        """Who decides a closure request: the plan's issuer, or for a sub-task the parent task's owner."""
        return self.parent.owner if self.parent is not None else self.plan.issuer

    def rolled_up_percent(self) -> int | None:
        """The sub-tasks' progress weighted by their weights (a closed one counts 100 %); None without sub-tasks."""
        subtasks = list(self.subtasks.all())
        total = sum(sub.weight for sub in subtasks)
        if not total:
            return None
        done = sum(sub.weight * (100 if sub.status == Status.CLOSED else sub.percent) for sub in subtasks)
        return round(done / total)


class Progress(BaseModel):
    """One month's report on a task: how far it is (percent), what was done, the evidence."""

    task = models.ForeignKey(Task, verbose_name="工作任务", on_delete=models.PROTECT, related_name="progress")
    month = models.DateField("月份", help_text="所报月份的1日")
    percent = models.PositiveSmallIntegerField("完成进度（%）")
    narrative = models.TextField("进展情况")
    evidence = models.ManyToManyField("core.Attachment", verbose_name="佐证材料", blank=True, related_name="+")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_path = ("task__owner__path", "task__point__section__plan__issuer__path")

    class Meta:
        ordering = ["task", "-month"]
        verbose_name = "月度进展"
        verbose_name_plural = "月度进展"
        constraints = [models.UniqueConstraint(fields=["task", "month"], name="worklog_one_report_a_month")]

    def __str__(self) -> str:
        return f"{self.task} {self.month:%Y-%m} {self.percent}%"

    def audit_organization(self) -> Any:
        return self.task.owner


class Decision(models.TextChoices):
    PENDING = "pending", "待审核"
    ACCEPTED = "accepted", "已销号"
    RETURNED = "returned", "已退回"


class Closure(BaseModel):
    """The owner's request to close a task (申请销号) with its evidence, and the issuer's decision on it."""

    task = models.ForeignKey(Task, verbose_name="工作任务", on_delete=models.PROTECT, related_name="closures")
    requested_on = models.DateField("申请日期")
    summary = models.TextField("完成情况")
    evidence = models.ManyToManyField("core.Attachment", verbose_name="佐证材料", related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField("审核结果", max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField("审核日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField("审核意见", max_length=300, blank=True)

    scope_path = ("task__owner__path", "task__point__section__plan__issuer__path")

    class Meta:
        ordering = ["task", "-requested_on", "-id"]
        verbose_name = "销号申请"
        verbose_name_plural = "销号申请"

    def __str__(self) -> str:
        return f"{self.task} 销号申请（{self.get_decision_display()}）"

    def audit_organization(self) -> Any:
        return self.task.owner


QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


class Review(BaseModel):
    """The issuer's quarterly comment on a task (季度点评), with an optional score; one per task and quarter."""

    task = models.ForeignKey(Task, verbose_name="工作任务", on_delete=models.PROTECT, related_name="reviews")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", choices=sorted(QUARTER_NAMES.items()))
    comment = models.TextField("点评意见")
    score = models.PositiveSmallIntegerField("评分", null=True, blank=True, help_text="0至100，可不填")
    written_on = models.DateField("点评日期")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="点评人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_path = ("task__owner__path", "task__point__section__plan__issuer__path")

    class Meta:
        ordering = ["task", "-year", "-quarter"]
        verbose_name = "季度点评"
        verbose_name_plural = "季度点评"
        constraints = [models.UniqueConstraint(fields=["task", "year", "quarter"], name="worklog_one_review_a_quarter")]

    def __str__(self) -> str:
        return f"{self.task} {self.period}点评"

    @property
    def period(self) -> str:
        return f"{self.year}年{QUARTER_NAMES.get(self.quarter, '')}"

    def get_absolute_url(self) -> str:
        return reverse("worklog:task_detail", args=[self.task_id])

    def audit_organization(self) -> Any:
        return self.task.owner
