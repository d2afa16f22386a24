"""The work ledger's pages: plans (list, detail with sections → points → tasks, the issuer's forms), the task ledger
(list with filters and export) and a task's page with its progress, closure requests and the owner's and issuer's
forms."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from zhibu.activities.models import Resolution
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.scoping import CHANGE, VIEW, can
from zhibu.inspections.models import RectificationItem
from zhibu.members.models import Member
from zhibu.organizations.models import COMMITTEE_KINDS, Organization
from zhibu.worklog import due, services
from zhibu.worklog.filters import PlanFilter, TaskFilter
from zhibu.worklog.forms import (
    AcceptForm,
    ClosureForm,
    LinkForm,
    PlanForm,
    PointForm,
    ProgressForm,
    ReviewForm,
    SectionForm,
    SubtaskForm,
    TaskForm,
)
from zhibu.worklog.models import Closure, Plan, Point, Progress, Section, Status, Task
from zhibu.worklog.tables import LIST_COLUMNS, PLAN_COLUMNS, TASK_COLUMNS

TASK_RELATED = (
    "owner",
    "point__section__plan__issuer",
    "responsible",
    "escalated_to",
    "parent__owner",
    "resolution__activity",
    "rectification",
)

TOP_LEVEL = Q(sections__points__tasks__parent__isnull=True)  # a plan counts its tasks, not their sub-tasks


class PlanList(ScopedListView):
    model = Plan
    select_related = ("issuer",)
    filterset_class = PlanFilter
    columns = PLAN_COLUMNS
    template_name = "worklog/plan_list.html"

    def scoped_queryset(self, action=None):
        return (
            super()
            .scoped_queryset(action)
            .annotate(
                task_count=Count("sections__points__tasks", filter=TOP_LEVEL, distinct=True),
                closed_count=Count(
                    "sections__points__tasks",
                    filter=TOP_LEVEL & Q(sections__points__tasks__status=Status.CLOSED),
                    distinct=True,
                ),
            )
            .order_by("-year", "issuer__path", "title")  # counted rows lose the model's default ordering
        )

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["can_issue"] = (
            Organization.objects.visible_to(self.request.user, CHANGE).filter(kind__in=COMMITTEE_KINDS).exists()
        )
        return context


class PlanExport(PlanList, ScopedExportView):
    title = "年度工作要点"
    event = Event.WORKLOG_PLANS_EXPORTED


def task_rows(tasks, today: datetime.date) -> list[dict]:
    rows = []
    for task in tasks:
        reports = list(task.progress.all())
        rows.append({"task": task, "standing": due.standing(task, today), "last": reports[0] if reports else None})
    return rows


LATEST_FIRST = Prefetch("progress", queryset=Progress.objects.order_by("-month"))


class PlanDetail(ScopedDetailView):
    model = Plan
    select_related = ("issuer",)
    template_name = "worklog/plan_detail.html"

    def get_context_data(self):
        plan, user, today = self.object, self.request.user, timezone.localdate()
        tasks = (
            Task.objects.visible_to(user)
            .filter(point__section__plan=plan, parent__isnull=True)  # sub-tasks are on their task's page
            .select_related(*TASK_RELATED)
            .prefetch_related(LATEST_FIRST)
        )
        by_point: dict[int, list[dict]] = {}
        for row in task_rows(tasks, today):
            by_point.setdefault(row["task"].point_id, []).append(row)
        sections = []
        for section in plan.sections.prefetch_related("points"):
            points = [{"point": point, "tasks": by_point.get(point.pk, [])} for point in section.points.all()]
            sections.append({"section": section, "points": points})
        rows = [row for rows in by_point.values() for row in rows]
        return {
            "plan": plan,
            "sections": sections,
            "can_change": can(user, CHANGE, plan.issuer.path),
            "counts": {
                "tasks": len(rows),
                "closed": sum(row["task"].status == Status.CLOSED for row in rows),
                "overdue": sum(row["standing"].overdue for row in rows),
                "cards": sum(bool(row["standing"].card) for row in rows),
            },
        }


class PlanCreate(ServiceFormView):
    model = Plan
    object_kwarg = None
    creates = Plan
    form_class = PlanForm

    def form_kwargs(self):
        issuers = Organization.objects.visible_to(self.request.user, CHANGE).filter(
            kind__in=COMMITTEE_KINDS, status=Organization.Status.ACTIVE
        )
        if not issuers.exists():
            raise PermissionDenied("只有机关工委、机关党委或党组可以印发年度工作要点")
        return {"organizations": issuers}

    def initial(self):
        today = timezone.localdate()
        issuers = list(self.form_kwargs()["organizations"][:2])
        return {"year": today.year, "issued_on": today, **({"issuer": issuers[0]} if len(issuers) == 1 else {})}

    def service(self):
        return services.issue_plan

    def title(self):
        return "印发年度工作要点"

    def intro(self):
        return "印发后分部分列出工作要点条目，再把每一条分解为下级组织的任务。"

    def back_url(self):
        return reverse("worklog:plan_list")

    def message(self, result):
        return f"已印发：{result}"


class SectionCreate(ServiceFormView):
    model = Plan
    creates = Section
    form_class = SectionForm

    def service(self):
        return services.add_section

    def title(self):
        return f"增加部分：{self.object}"

    def success_url(self, result):
        return self.object.get_absolute_url()

    def message(self, result):
        return f"已增加第{result.number}部分"


class PointCreate(ServiceFormView):
    model = Plan
    creates = Point
    form_class = PointForm

    def form_kwargs(self):
        return {"sections": self.object.sections.all()}

    def initial(self):
        last = self.object.sections.order_by("-number").first()
        return {"section": last} if last else {}

    def service(self):
        return services.add_point

    def service_kwargs(self, data):
        return data

    def title(self):
        return f"增加工作要点条目：{self.object}"

    def intro(self):
        return "条目按全文顺序编号（第1条、第2条……），不分部分重新编号。"

    def success_url(self, result):
        return self.object.get_absolute_url()

    def message(self, result):
        return f"已增加第{result.number}条"


class TaskCreate(ServiceFormView):
    model = Plan
    creates = Task
    form_class = TaskForm
    select_related = ("issuer",)

    def form_kwargs(self):
        plan, user = self.object, self.request.user
        subtree = {"path__startswith": plan.issuer.path, "status": Organization.Status.ACTIVE}
        members = Member.objects.visible_to(user).current().filter(organization__path__startswith=plan.issuer.path)
        return {
            "points": Point.objects.filter(section__plan=plan).select_related("section"),
            "owners": Organization.objects.visible_to(user).filter(**subtree),
            "members": members.select_related("organization"),
        }

    def initial(self):
        asked = self.request.GET.get("point", "")
        point = Point.objects.filter(section__plan=self.object, pk=asked).first() if asked.isdigit() else None
        return {"point": point, "deadline": datetime.date(self.object.year, 12, 31)}

    def service(self):
        return services.add_task

    def service_kwargs(self, data):
        return data

    def title(self):
        return f"分解任务：{self.object}"

    def intro(self):
        return "每项任务落实到一个责任单位（本组织或下级组织），写明成果、完成时限和权重。"

    def success_url(self, result):
        return self.object.get_absolute_url()

    def message(self, result):
        return f"已分解任务：{result}"


class TaskLink(ServiceFormView):
    """The issuer takes an open resolution or rectification item of its subtree into the plan as a task."""

    model = Plan
    creates = Task
    form_class = LinkForm
    select_related = ("issuer",)

    def form_kwargs(self):
        plan, user = self.object, self.request.user
        below = plan.issuer.path
        resolutions = Resolution.objects.visible_to(user).filter(
            status=Resolution.Status.OPEN, activity__organization__path__startswith=below, work_task__isnull=True
        )
        items = RectificationItem.objects.visible_to(user).filter(
            status=RectificationItem.Status.OPEN, organization__path__startswith=below, work_task__isnull=True
        )
        return {
            "points": Point.objects.filter(section__plan=plan).select_related("section"),
            "resolutions": resolutions.select_related("activity"),
            "rectifications": items,
        }

    def service(self):
        return services.link_task

    def service_kwargs(self, data):
        return data

    def title(self):
        return f"决议、整改事项纳入台账：{self.object}"

    def intro(self):
        return "所选会议决议或整改事项成为本条目下的任务：责任单位和完成时限取自原记录，按台账规则报送进度、申请销号。"

    def success_url(self, result):
        return result.get_absolute_url()

    def message(self, result):
        return f"已纳入台账：{result}"


class SubtaskCreate(ServiceFormView):
    """The owner splits its task into sub-tasks for itself or the organisations below it."""

    model = Task
    creates = Task
    form_class = SubtaskForm
    select_related = TASK_RELATED

    def form_kwargs(self):
        task, user = self.object, self.request.user
        subtree = {"path__startswith": task.owner.path, "status": Organization.Status.ACTIVE}
        members = Member.objects.visible_to(user).current().filter(organization__path__startswith=task.owner.path)
        return {
            "owners": Organization.objects.visible_to(user).filter(**subtree),
            "members": members.select_related("organization"),
        }

    def initial(self):
        return {"deadline": self.object.deadline}

    def service(self):
        return services.add_subtask

    def title(self):
        return f"分解子任务：{self.object}"

    def intro(self):
        return "子任务落实到本单位或下级组织，按月报送进度，完成后由本单位审核销号；本任务的进度按子任务权重汇总。"

    def success_url(self, result):
        return self.object.get_absolute_url()

    def message(self, result):
        return f"已分解子任务：{result}"


class TaskList(ScopedListView):
    model = Task
    select_related = TASK_RELATED
    filterset_class = TaskFilter
    columns = LIST_COLUMNS
    template_name = "worklog/task_list.html"
    scope_parameter = "owner"


class TaskExport(TaskList, ScopedExportView):
    columns = TASK_COLUMNS
    title = "工作任务台账"
    event = Event.WORKLOG_TASKS_EXPORTED


def history(reports, reviews) -> list[dict]:
    """Monthly reports and quarterly comments in one list, newest first; a quarter's comment above its last month."""
    entries = [{"kind": "progress", "key": (report.month, 0), "record": report} for report in reports]
    for review in reviews:
        last_month = datetime.date(review.year, review.quarter * 3, 1)
        entries.append({"kind": "review", "key": (last_month, 1), "record": review})
    return sorted(entries, key=lambda entry: entry["key"], reverse=True)


class TaskDetail(ScopedDetailView):
    model = Task
    select_related = TASK_RELATED
    template_name = "worklog/task_detail.html"

    def get_context_data(self):
        task, user = self.object, self.request.user
        closures = Closure.objects.filter(task=task).select_related("requested_by", "decided_by")
        owner_side = can(user, CHANGE, task.owner.path)
        issuer_side = can(user, CHANGE, task.plan.issuer.path)
        reviewer_side = can(user, CHANGE, task.reviewer.path)  # a sub-task's closure: the parent task's owner
        subtasks = task.subtasks.select_related("owner", "responsible").prefetch_related(LATEST_FIRST)
        reports = task.progress.order_by("-month").select_related("reported_by").prefetch_related("evidence")
        return {
            "task": task,
            "plan": task.plan,
            "standing": due.standing(task, timezone.localdate()),
            "history": history(reports, task.reviews.select_related("written_by")),
            "may_write_review": issuer_side,
            "closures": closures.prefetch_related("evidence"),
            "subtasks": task_rows(subtasks, timezone.localdate()),
            "rolled_up": task.rolled_up_percent(),
            "may_split": owner_side and task.parent_id is None and task.status == Status.IN_PROGRESS,
            "may_accept": owner_side and task.status == Status.ISSUED,
            "may_report": owner_side and task.status == Status.IN_PROGRESS,
            "may_review": reviewer_side and task.status == Status.REQUESTED,
            # A member named as responsible reads the task but not the organisation's files: names without links.
            "may_open_files": can(user, VIEW, task.owner.path) or can(user, VIEW, task.plan.issuer.path),
        }


class TaskAccept(ServiceFormView):
    model = Task
    form_class = AcceptForm
    select_related = TASK_RELATED

    def service(self):
        return services.accept_task

    def title(self):
        return f"认领任务：{self.object}"

    def intro(self):
        return "认领后按月报送进度，完成后上传佐证材料申请销号。"

    def message(self, result):
        return "已认领"


def report_months(task: Task, today: datetime.date) -> list[datetime.date]:
    """The months a report may be for, newest first: from the plan's issue to this month."""
    months, month = [], due.month_start(today)
    first = due.month_start(task.plan.issued_on)
    while month >= first:
        months.append(month)
        month = due.previous_month(month)
    return months


class OwnerFormView(ServiceFormView):
    """The owner's forms on a task: a report or a request, with an evidence file."""

    model = Task
    select_related = TASK_RELATED
    template_name = "worklog/form.html"

    def service_kwargs(self, data):
        upload = data.pop("evidence", None)
        return {"task": self.object, **data, "uploads": [upload] if upload else []}

    def extra_context(self):
        return {"task": self.object}

    def success_url(self, result):
        return self.object.get_absolute_url()


class ProgressCreate(OwnerFormView):
    creates = Progress
    form_class = ProgressForm

    def form_kwargs(self):
        return {"months": report_months(self.object, timezone.localdate())}

    def service(self):
        return services.report_progress

    def title(self):
        return f"报送月度进展：{self.object}"

    def message(self, result):
        return f"已报送{result.month.year}年{result.month.month}月进展"


class ClosureCreate(OwnerFormView):
    creates = Closure
    form_class = ClosureForm

    def service(self):
        return services.request_closure

    def title(self):
        return f"申请销号：{self.object}"

    def intro(self):
        return "写明完成情况并上传佐证材料；责任单位的上级印发组织审核同意后销号，不同意的退回并说明理由。"

    def message(self, result):
        return "已提交销号申请，等待审核"


class ClosureReview(ServiceFormView):
    """The issuer's review: only those who may change the issuing organisation decide (the owner may not close its
    own task)."""

    model = Task
    form_class = ReviewForm
    select_related = TASK_RELATED
    template_name = "worklog/form.html"

    def get(self, request, *args, **kwargs):
        services.require_reviewer(request.user, self.object)
        if services.pending_closure(self.object) is None:
            return self.render_form(None)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        services.require_reviewer(request.user, self.object)
        return super().post(request, *args, **kwargs)

    def service(self):
        return services.review_closure

    def title(self):
        return f"销号审核：{self.object}"

    def extra_context(self):
        return {"pending": services.pending_closure(self.object), "task": self.object, "reviewing": True}

    def message(self, result):
        return "已销号" if result.decision == "accepted" else "已退回"
