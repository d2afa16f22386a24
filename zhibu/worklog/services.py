"""Every write of the work ledger. The issuer's side (印发、分解、销号审核) needs CHANGE on the plan's issuing
organisation; the owner's side (认领、报送进度、申请销号) needs CHANGE on the task's owner organisation. A task moves
待认领 → 推进中 → 待销号审核 → 已销号, and back from 待销号审核 to 推进中 when the issuer returns the request."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.formatting import cn_date
from zhibu.core.notify import task_done
from zhibu.core.scoping import CHANGE, can, require
from zhibu.core.services import Conflict, require_past_date
from zhibu.core.uploads import store_upload
from zhibu.members.models import Member
from zhibu.organizations.models import COMMITTEE_KINDS, Organization
from zhibu.worklog import escalation, sources
from zhibu.worklog.due import month_start
from zhibu.worklog.models import Closure, Decision, Plan, Point, Progress, Section, Status, Task

MIN_REASON = 5  # a return must say why, in a few words at least
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def _user(actor: Any) -> Any:
    return actor if hasattr(actor, "_meta") else None


def _text(value: str | None, field: str, label: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: f"请填写{label}"})
    if len(text) > limit:
        raise ValidationError({field: f"{label}不能超过{limit}个字"})
    return text


def _lock(task: Task) -> Task:
    related = ("owner", "point__section__plan__issuer", "parent__owner")
    return Task.objects.select_for_update(of=("self",)).select_related(*related).get(pk=task.pk)


@transaction.atomic
def issue_plan(
    *, actor: Any, issuer: Organization, year: int, title: str, issued_on: datetime.date, note: str = ""
) -> Plan:
    """A committee issues its year's work points (年度工作要点) to its subtree."""
    require(actor, CHANGE, issuer)
    if issuer.kind not in COMMITTEE_KINDS:
        raise ValidationError(
            {"issuer": f"年度工作要点由机关工委、机关党委或党组印发；“{issuer}”是{issuer.get_kind_display()}"}
        )
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValidationError({"year": f"年度应在{EARLIEST_YEAR}年至{LATEST_YEAR}年之间"})
    title = _text(title, "title", "标题", 100)
    require_past_date(issued_on, "issued_on", "印发日期")
    if abs(issued_on.year - year) > 1:
        raise ValidationError({"issued_on": f"{year}年的工作要点应在{year - 1}年至{year + 1}年间印发"})
    existing = Plan.objects.filter(issuer=issuer, year=year, title=title).first()
    if existing is not None:
        raise Conflict({"title": f"{issuer}已印发{year}年“{title}”"}, existing=existing)
    plan = Plan.objects.create(issuer=issuer, year=year, title=title, issued_on=issued_on, note=(note or "").strip())
    audit.record(actor=actor, event=Event.WORKLOG_PLAN_ISSUED, obj=plan, after=audit.snapshot(plan))
    return plan


@transaction.atomic
def add_section(*, actor: Any, plan: Plan, title: str) -> Section:
    require(actor, CHANGE, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    title = _text(title, "title", "部分标题", 100)
    number = (plan.sections.aggregate(last=Max("number"))["last"] or 0) + 1
    section = Section.objects.create(plan=plan, number=number, title=title)
    audit.record(actor=actor, event=Event.WORKLOG_SECTION_ADDED, obj=section, after=audit.snapshot(section))
    return section


@transaction.atomic
def add_point(*, actor: Any, section: Section, text: str) -> Point:
    """The next numbered point of the plan, in this section (numbers run through the whole plan)."""
    require(actor, CHANGE, section.plan)
    plan = Plan.objects.select_for_update().get(pk=section.plan_id)
    text = _text(text, "text", "工作要点", 2000)
    number = (Point.objects.filter(section__plan=plan).aggregate(last=Max("number"))["last"] or 0) + 1
    point = Point.objects.create(section=section, number=number, text=text)
    audit.record(actor=actor, event=Event.WORKLOG_POINT_ADDED, obj=point, after=audit.snapshot(point))
    return point


@transaction.atomic
def add_task(
    *,
    actor: Any,
    point: Point,
    owner: Organization,
    deliverable: str,
    deadline: datetime.date,
    weight: int = 1,
    leader: str = "",
    responsible: Member | None = None,
) -> Task:
    """A point decomposed into a task for an organisation in the issuer's subtree."""
    plan = point.section.plan
    require(actor, CHANGE, plan)
    issuer = plan.issuer
    if not owner.path.startswith(issuer.path):
        raise ValidationError({"owner": f"责任单位须是{issuer}或其下级组织；“{owner}”不在其中"})
    if not owner.is_active:
        raise ValidationError({"owner": f"“{owner}”已撤销或停用，不能承担任务"})
    deliverable = _text(deliverable, "deliverable", "任务及成果", 300)
    if deadline is None:
        raise ValidationError({"deadline": "请填写完成时限"})
    if deadline < plan.issued_on:
        raise ValidationError({"deadline": f"完成时限不能早于工作要点的印发日期（{cn_date(plan.issued_on)}）"})
    if deadline.year > plan.year + 1:
        raise ValidationError({"deadline": f"{plan.year}年工作要点的任务应在{plan.year + 1}年底前完成"})
    if weight is None or not 1 <= weight <= 100:
        raise ValidationError({"weight": "权重应为1至100的整数"})
    if responsible is not None and not responsible.organization.path.startswith(owner.path):
        raise ValidationError({"responsible": f"具体责任人须是{owner}（含下级）的党员"})
    task = Task.objects.create(
        point=point,
        owner=owner,
        deliverable=deliverable,
        deadline=deadline,
        weight=weight,
        leader=(leader or "").strip(),
        responsible=responsible,
    )
    audit.record(actor=actor, event=Event.WORKLOG_TASK_ASSIGNED, obj=task, after=audit.snapshot(task))
    return task


@transaction.atomic
def link_task(*, actor: Any, point: Point, source: Any, weight: int = 1) -> Task:
    """A record of a registered kind (``zhibu.worklog.sources``: a meeting's resolution, a rectification item …)
    becomes a task under ``point``: owned by the organisation responsible for it, due by its deadline, linked (not
    copied) so both pages lead to each other. From then on its progress and 销号 follow the ledger's rules like any
    task, and its 销号 marks the record done."""
    kind = sources.kind_of(source)
    model = type(source)
    if not model.objects.visible_to(actor).filter(pk=source.pk).exists():
        raise ValidationError({"source": "所选决议或整改事项不存在或不在您的权限范围内"})
    source = model.objects.select_for_update().get(pk=source.pk)
    if not kind.is_open(source):
        raise ValidationError({"source": f"“{source}”当前为“{source.get_status_display()}”，只有未完成的才能纳入台账"})
    existing = Task.objects.filter(**{kind.field: source}).first()
    if existing is not None:
        raise Conflict({"source": f"“{source}”已纳入工作台账（{existing.plan}）"}, existing=existing)
    task = add_task(
        actor=actor,
        point=point,
        owner=kind.owner(source),
        deliverable=str(source)[:300],
        deadline=source.deadline,
        weight=weight,
    )
    setattr(task, kind.field, source)
    task.save(update_fields=[kind.field, "updated_at"])
    audit.record(actor=actor, event=Event.WORKLOG_TASK_LINKED, obj=task, after=audit.snapshot(task))
    return task


@transaction.atomic
def add_subtask(
    *,
    actor: Any,
    task: Task,
    owner: Organization,
    deliverable: str,
    deadline: datetime.date,
    weight: int = 1,
    responsible: Member | None = None,
) -> Task:
    """The owner splits its accepted task into a sub-task (子任务) for itself or an organisation below it; one level
    only. The sub-task runs the same loop (认领、月报、销号), its closure decided by the parent task's owner."""
    require(actor, CHANGE, task.owner)
    task = _lock(task)
    if task.parent_id is not None:
        raise ValidationError("子任务不能再分解；请在上级任务下增加子任务")
    if task.status != Status.IN_PROGRESS:
        doing = "请先认领该任务，再分解子任务" if task.status == Status.ISSUED else None
        raise ValidationError(doing or f"该任务当前为“{task.get_status_display()}”，不能再分解子任务")
    if owner is None or not owner.path.startswith(task.owner.path):
        raise ValidationError({"owner": f"子任务的责任单位须是{task.owner}或其下级组织"})
    if not owner.is_active:
        raise ValidationError({"owner": f"“{owner}”已撤销或停用，不能承担任务"})
    deliverable = _text(deliverable, "deliverable", "子任务及成果", 300)
    if deadline is None:
        raise ValidationError({"deadline": "请填写完成时限"})
    if deadline > task.deadline:
        raise ValidationError({"deadline": f"子任务的完成时限不能晚于上级任务的时限（{cn_date(task.deadline)}）"})
    if deadline < task.plan.issued_on:
        raise ValidationError({"deadline": f"完成时限不能早于工作要点的印发日期（{cn_date(task.plan.issued_on)}）"})
    if weight is None or not 1 <= weight <= 100:
        raise ValidationError({"weight": "权重应为1至100的整数"})
    if responsible is not None and not responsible.organization.path.startswith(owner.path):
        raise ValidationError({"responsible": f"具体责任人须是{owner}（含下级）的党员"})
    subtask = Task.objects.create(
        point=task.point,
        parent=task,
        owner=owner,
        deliverable=deliverable,
        deadline=deadline,
        weight=weight,
        leader=task.leader,
        responsible=responsible,
    )
    audit.record(actor=actor, event=Event.WORKLOG_SUBTASK_ASSIGNED, obj=subtask, after=audit.snapshot(subtask))
    return subtask


@transaction.atomic
def accept_task(*, actor: Any, task: Task) -> Task:
    """The owner takes the task on (认领): progress is owed from the month after."""
    require(actor, CHANGE, task.owner)
    task = _lock(task)
    if task.status != Status.ISSUED:
        raise ValidationError(f"该任务当前为“{task.get_status_display()}”，不需要再认领")
    before = audit.snapshot(task)
    task.status, task.accepted_on = Status.IN_PROGRESS, timezone.localdate()
    task.save(update_fields=["status", "accepted_on", "updated_at"])
    audit.record(actor=actor, event=Event.WORKLOG_TASK_ACCEPTED, obj=task, before=before, after=audit.snapshot(task))
    return task


def _attach(actor: Any, task: Task, target: Any, uploads: Iterable[Any], purpose: str) -> int:
    count = 0
    for upload in uploads:
        target.evidence.add(store_upload(actor=actor, organization=task.owner, purpose=purpose, upload=upload))
        count += 1
    return count


def _check_open(task: Task, doing: str) -> None:
    if task.status == Status.ISSUED:
        raise ValidationError(f"请先认领该任务，再{doing}")
    if task.status != Status.IN_PROGRESS:
        raise ValidationError(f"该任务当前为“{task.get_status_display()}”，不能{doing}")


@transaction.atomic
def report_progress(
    *,
    actor: Any,
    task: Task,
    month: datetime.date,
    percent: int,
    narrative: str,
    uploads: Iterable[Any] = (),
) -> Progress:
    """One month's progress (月报进度): a month not ahead of today, once per month, 0–100 %."""
    require(actor, CHANGE, task.owner)
    task = _lock(task)
    _check_open(task, "报送进度")
    if month is None:
        raise ValidationError({"month": "请选择所报月份"})
    month = month_start(month)
    if month > month_start(timezone.localdate()):
        raise ValidationError({"month": f"不能报送将来月份（{month.year}年{month.month}月）的进度"})
    if month < month_start(task.plan.issued_on):
        raise ValidationError({"month": f"工作要点{cn_date(task.plan.issued_on)}印发，不能报送此前月份的进度"})
    if percent is None or not 0 <= percent <= 100:
        raise ValidationError({"percent": "完成进度应为0至100之间的整数"})
    narrative = _text(narrative, "narrative", "进展情况", 2000)
    existing = task.progress.filter(month=month).first()
    if existing is not None:
        raise Conflict(
            {"month": f"{month.year}年{month.month}月的进度已报送（{existing.percent}%）"}, existing=existing
        )
    progress = Progress.objects.create(
        task=task, month=month, percent=percent, narrative=narrative, reported_by=_user(actor)
    )
    _attach(actor, task, progress, uploads, "worklog.progress")
    # The task shows the newest month's percent (a late report for an earlier month does not overwrite it).
    latest = task.progress.order_by("-month").first()
    if latest is not None and latest.percent != task.percent:
        task.percent = latest.percent
        task.save(update_fields=["percent", "updated_at"])
    audit.record(actor=actor, event=Event.WORKLOG_PROGRESS_REPORTED, obj=progress, after=audit.snapshot(progress))
    return progress


@transaction.atomic
def request_closure(
    *, actor: Any, task: Task, summary: str, uploads: Iterable[Any] = (), attachments: Iterable[int] = ()
) -> Closure:
    """The owner asks for 销号, with the evidence that the task is done; nothing is closed without it. Evidence is new
    files (``uploads``) or files already uploaded with the task's progress reports (``attachments``, their ids)."""
    require(actor, CHANGE, task.owner)
    task = _lock(task)
    _check_open(task, "申请销号")
    unfinished = task.subtasks.exclude(status=Status.CLOSED).count()
    if unfinished:
        raise ValidationError(f"还有{unfinished}项子任务未销号；子任务全部销号后才能申请本任务销号")
    summary = _text(summary, "summary", "完成情况", 2000)
    uploads, wanted = list(uploads), set(attachments)
    reported = Progress.evidence.through.objects.filter(progress__task=task, attachment_id__in=wanted)
    known = set(reported.values_list("attachment_id", flat=True))
    if wanted - known:
        strangers = "、".join(str(pk) for pk in sorted(wanted - known))
        raise ValidationError({"evidence": f"附件{strangers}不是本任务月度进展中上传的材料"})
    if not uploads and not wanted:
        raise ValidationError({"evidence": "申请销号须上传佐证材料（文件、照片或成果材料）"})
    closure = Closure.objects.create(
        task=task, requested_on=timezone.localdate(), summary=summary, requested_by=_user(actor)
    )
    _attach(actor, task, closure, uploads, "worklog.closure")
    closure.evidence.add(*known)
    task.status = Status.REQUESTED
    task.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, event=Event.WORKLOG_CLOSURE_REQUESTED, obj=closure, after=audit.snapshot(closure))
    return closure


def pending_closure(task: Task) -> Closure | None:
    return task.closures.filter(decision=Decision.PENDING).first()


def require_reviewer(actor: Any, task: Task) -> None:
    """A task's closure is decided by the plan's issuer; a sub-task's by the parent task's owner (403 for others)."""
    if task.parent_id is None:
        require(actor, CHANGE, task.plan)
    elif not can(actor, CHANGE, task.reviewer.path):
        raise PermissionDenied(f"子任务由上级任务的责任单位（{task.reviewer}）审核销号")


def _decide(actor: Any, task: Task) -> tuple[Task, Closure]:
    task = _lock(task)
    require_reviewer(actor, task)
    closure = pending_closure(task)
    if task.status != Status.REQUESTED or closure is None:
        raise ValidationError(f"该任务当前为“{task.get_status_display()}”，没有待审核的销号申请")
    return task, closure


@transaction.atomic
def accept_closure(*, actor: Any, task: Task, reason: str = "") -> Closure:
    """The issuer closes the task (销号); a task taken from another record marks that record done too."""
    task, closure = _decide(actor, task)
    today = timezone.localdate()
    before = audit.snapshot(closure)
    closure.decision, closure.decided_on, closure.decided_by = Decision.ACCEPTED, today, _user(actor)
    closure.reason = (reason or "").strip()[:300]
    closure.save()
    task.status, task.closed_on = Status.CLOSED, today
    task.save(update_fields=["status", "closed_on", "updated_at"])
    task_done(escalation.notification_task(task))  # the level above no longer needs to follow it up
    audit.record(
        actor=actor, event=Event.WORKLOG_CLOSURE_ACCEPTED, obj=closure, before=before, after=audit.snapshot(closure)
    )
    sources.close_source(actor, task, closure)
    return closure


@transaction.atomic
def return_closure(*, actor: Any, task: Task, reason: str) -> Closure:
    """The issuer returns the request with a reason; the owner works on and asks again."""
    task, closure = _decide(actor, task)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError({"reason": f"退回须写明理由（不少于{MIN_REASON}个字），以便责任单位整改后重新申请"})
    if len(reason) > 300:
        raise ValidationError({"reason": "退回理由不能超过300个字"})
    before = audit.snapshot(closure)
    closure.decision, closure.decided_on, closure.decided_by = Decision.RETURNED, timezone.localdate(), _user(actor)
    closure.reason = reason
    closure.save()
    task.status = Status.IN_PROGRESS
    task.returned_count += 1
    task.save(update_fields=["status", "returned_count", "updated_at"])
    audit.record(
        actor=actor, event=Event.WORKLOG_CLOSURE_RETURNED, obj=closure, before=before, after=audit.snapshot(closure)
    )
    return closure


def review_closure(*, actor: Any, task: Task, decision: str, reason: str = "") -> Closure:
    """The review form's one answer: 同意销号 (``accept``) or 退回 (``return``, with a reason)."""
    if decision == "accept":
        return accept_closure(actor=actor, task=task, reason=reason)
    if decision == "return":
        return return_closure(actor=actor, task=task, reason=reason)
    raise ValidationError({"decision": "请选择同意销号或退回"})
