"""Writes of the inspection workflow. Each takes the acting user, runs in one transaction and writes its audit event.

Who may do what:
- a plan is made by a 工委, 机关党委 or 党总支 for organisations inside its own subtree;
- findings are recorded, and rectification items accepted (销号) or returned, by the plan's inspectors or the
  administrators of the inspecting organisation, never by the inspected branch itself;
- the branch (or any level above it) reports completion, and only with evidence attached.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from zhibu.accounts.models import record_keepers
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.notify import notify, task_done
from zhibu.core.scoping import CHANGE, VIEW, can, require
from zhibu.inspections import sampling
from zhibu.inspections.models import Finding, InspectionPlan, InspectionTarget, RectificationItem
from zhibu.members.models import Member
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind
from zhibu.standards.catalogue import by_id
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.standards.reports import rate

INSPECTING_KINDS = {
    OrganizationKind.GONGWEI,
    OrganizationKind.DANGWEI,
    OrganizationKind.DANGZU,
    OrganizationKind.GENERAL_BRANCH,
}
ESCALATION_STEP_DAYS = 15  # an item still open this long after its deadline (or its last escalation) goes up a level


def _text(value, field: str, label: str, minimum: int = 4, maximum: int = 300) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise ValidationError({field: f"请填写{label}（不少于{minimum}个字）"})
    if len(value) > maximum:
        raise ValidationError({field: f"{label}不能超过{maximum}个字，现有{len(value)}个字"})
    return value


# ---- plans --------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    *,
    actor,
    organization: Organization,
    scope: Organization,
    title: str,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    inspectors,
    focus: str = "",
    rule_ids=(),
    sample_size: int | None = None,
    weighted: bool = False,
    seed: int | None = None,
) -> InspectionPlan:
    """Make the plan and fix its targets: every branch of the scope, or for a 随机抽查 a seeded draw."""
    require(actor, CHANGE, organization)
    if organization.kind not in INSPECTING_KINDS:
        raise ValidationError({"organization": "督查由机关工委、机关党委（党组）或党总支组织，请选择上级党组织"})
    if not scope.path.startswith(organization.path):
        raise ValidationError({"scope": f"检查范围须在{organization}所辖范围内"})
    if kind not in InspectionPlan.Kind.values:
        raise ValidationError({"kind": "请选择检查方式：定期检查、随机抽查或专项督查"})
    if period_start > period_end:
        raise ValidationError({"period_end": "检查期间的结束日期不能早于开始日期"})
    unknown = [rule_id for rule_id in rule_ids if rule_id not in by_id()]
    if unknown:
        raise ValidationError({"rule_ids": f"标准目录中没有规则：{'、'.join(unknown)}"})
    inspectors = list(inspectors)
    if not inspectors:
        raise ValidationError({"inspectors": "请至少指定一名检查人员"})
    outsiders = [str(user) for user in inspectors if not can(user, VIEW, scope.path)]
    if outsiders:
        raise ValidationError({"inspectors": f"{'、'.join(outsiders)}无权查看检查范围内的组织，不能担任检查人员"})
    if kind == InspectionPlan.Kind.SPECIAL and not (focus or "").strip():
        raise ValidationError({"focus": "专项督查请写明检查重点"})
    candidates = _candidates(scope, period_start, period_end, weighted)
    if not candidates:
        raise ValidationError({"scope": f"{scope}范围内没有在册的党支部可供检查"})
    if kind == InspectionPlan.Kind.RANDOM:
        if not sample_size or sample_size < 1:
            raise ValidationError({"sample_size": "随机抽查请填写抽查数量（至少1个）"})
        if sample_size > len(candidates):
            raise ValidationError({"sample_size": f"检查范围内只有{len(candidates)}个党支部，抽查数量不能超过它"})
        seed = seed or sampling.new_seed()
        drawn = sampling.draw(candidates, sample_size, seed)
    else:
        sample_size, seed, weighted, drawn = None, None, False, candidates
    plan = InspectionPlan.objects.create(
        organization=organization,
        scope=scope,
        title=_text(title, "title", "检查名称", 2, 100),
        kind=kind,
        focus=(focus or "").strip()[:300],
        rule_ids=list(rule_ids),
        period_start=period_start,
        period_end=period_end,
        sample_size=sample_size,
        weighted=weighted,
        seed=seed,
        sampling_basis=[c.as_basis() for c in candidates] if kind == InspectionPlan.Kind.RANDOM else [],
        created_by=audit.actor_user(actor),
    )
    plan.inspectors.set(inspectors)
    InspectionTarget.objects.bulk_create(
        InspectionTarget(
            plan=plan,
            organization_id=candidate.organization_id,
            compliance_rate=candidate.compliance_rate,
            weight=candidate.weight,
            position=index,
        )
        for index, candidate in enumerate(drawn)
    )
    audit.record(
        actor=actor,
        event=Event.INSPECTION_PLAN_CREATED,
        obj=plan,
        after=audit.snapshot(plan),
        extra={"inspectors": [user.pk for user in inspectors], "targets": [c.organization_id for c in drawn]},
    )
    notify(inspectors, f"您被指定为检查人员：{plan.title}", plan.get_absolute_url(), actor=actor)
    return plan


def _candidates(scope, period_start, period_end, weighted) -> list[sampling.Candidate]:
    """Active branches of the scope with their compliance rate over the inspected period (from stored verdicts)."""
    branches = list(
        Organization.objects.filter(
            path__startswith=scope.path, kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE
        ).values_list("pk", "path")
    )
    judged = (
        Verdict.objects.filter(
            organization_id__in=[pk for pk, _ in branches],
            period_start__gte=period_start,
            period_end__lte=period_end,
        )
        .values("organization_id")
        .annotate(
            met=Count("id", filter=Q(status__in=[VerdictStatus.MET, VerdictStatus.EXPLAINED])),
            missed=Count("id", filter=Q(status=VerdictStatus.MISSED)),
        )
    )
    rates = {row["organization_id"]: rate(row["met"], row["missed"]) for row in judged}
    return [
        sampling.Candidate(pk, path, rates.get(pk), sampling.weight_for(rates.get(pk), weighted))
        for pk, path in branches
    ]


def verify_draw(plan: InspectionPlan) -> bool:
    """Repeat the draw from the recorded seed and basis: True when it gives exactly the plan's targets."""
    if plan.kind != InspectionPlan.Kind.RANDOM or plan.seed is None:
        return True
    basis = [sampling.Candidate.from_basis(row) for row in plan.sampling_basis]
    again = [candidate.organization_id for candidate in sampling.draw(basis, plan.sample_size or 0, plan.seed)]
    return again == list(plan.targets.order_by("position").values_list("organization_id", flat=True))


def may_inspect(user, plan: InspectionPlan) -> bool:
    """Inspectors of the plan and administrators of the inspecting organisation (never the inspected branch)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return can(user, CHANGE, plan.organization.path) or plan.inspectors.filter(pk=user.pk).exists()


def _require_inspector(actor, plan: InspectionPlan) -> None:
    require(actor, VIEW, plan)
    if not may_inspect(actor, plan):
        raise PermissionDenied(f"只有本次检查的检查人员或{plan.organization}可以执行此操作")


@transaction.atomic
def close_plan(*, actor, plan: InspectionPlan) -> InspectionPlan:
    plan = InspectionPlan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    require(actor, VIEW, plan)
    if not can(actor, CHANGE, plan.organization.path):
        raise PermissionDenied(f"督查由{plan.organization}结束")
    if plan.status == InspectionPlan.Status.CLOSED:
        raise ValidationError("该督查已结束")
    open_items = RectificationItem.objects.filter(finding__plan=plan).exclude(status=RectificationItem.Status.CLOSED)
    if open_items.exists():
        raise ValidationError(f"还有{open_items.count()}项整改未销号，全部销号后才能结束本次督查")
    before = audit.snapshot(plan)
    plan.status, plan.closed_at = InspectionPlan.Status.CLOSED, timezone.now()
    plan.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(actor=actor, event=Event.INSPECTION_PLAN_CLOSED, obj=plan, before=before, after=audit.snapshot(plan))
    return plan


# ---- findings and rectification items --------------------------------------------------------------------------


@transaction.atomic
def add_finding(
    *,
    actor,
    plan: InspectionPlan,
    organization: Organization,
    description: str,
    items: list[dict],
    rule_id: str = "",
    verdict: Verdict | None = None,
    activity=None,
    found_on: datetime.date | None = None,
) -> Finding:
    """Record a problem and the rectification items it requires; each item has an owner, a deadline and evidence.

    ``found_on`` is the day of the inspection when the finding is entered afterwards; deadlines count from it."""
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    _require_inspector(actor, plan)
    today = timezone.localdate()
    found_on = found_on or today
    if found_on > today or found_on < plan.period_start:
        raise ValidationError({"found_on": "检查日期应在检查期间开始之后、今天或以前"})
    if plan.status == InspectionPlan.Status.CLOSED:
        raise ValidationError("该督查已结束，不能再记录问题")
    if not plan.targets.filter(organization=organization).exists():
        raise ValidationError({"organization": f"{organization}不在本次检查的对象中"})
    rule_id = (rule_id or "").strip().upper()
    if rule_id and rule_id not in by_id():
        raise ValidationError({"rule_id": f"标准目录中没有规则“{rule_id}”，请填写如 MTG-04 的编号，或留空"})
    if verdict is not None:
        if verdict.organization_id != organization.pk:
            raise ValidationError({"verdict": "所选评估结论不属于被检查组织"})
        rule_id = rule_id or verdict.rule_id
    if activity is not None and not activity.organization.path.startswith(organization.path):
        raise ValidationError({"activity": "所选记录不属于被检查组织"})
    if not items:
        raise ValidationError({"items": "每个问题至少要提出一项整改要求"})
    finding = Finding.objects.create(
        plan=plan,
        organization=organization,
        description=_text(description, "description", "发现的问题", 4, 2000),
        rule_id=rule_id,
        verdict=verdict,
        activity=activity,
        found_on=found_on,
        created_by=audit.actor_user(actor),
    )
    audit.record(actor=actor, event=Event.INSPECTION_FINDING_ADDED, obj=finding, after=audit.snapshot(finding))
    created = []
    for index, spec in enumerate(items, start=1):
        created.append(_new_item(actor, finding, organization, spec, found_on, index if len(items) > 1 else None))
    owners = [item.owner.user for item in created if item.owner.user_id]
    notify(
        [*owners, *record_keepers(organization)],
        f"督查发现问题，请按期整改：{finding.description[:40]}",
        reverse("inspections:items") + f"?organization={organization.pk}",
        actor=actor,
    )
    return finding


def _new_item(actor, finding, organization, spec, found_on, number) -> RectificationItem:
    where = f"第{number}项整改要求：" if number else ""
    owner, deadline = spec.get("owner"), spec.get("deadline")
    if not isinstance(owner, Member):
        raise ValidationError({"owner": f"{where}请指定责任人"})
    if owner.record_status != "active" or not owner.organization.path.startswith(organization.path):
        raise ValidationError({"owner": f"{where}责任人{owner.name}不是{organization}的在册党员"})
    if not isinstance(deadline, datetime.date):
        raise ValidationError({"deadline": f"{where}请填写整改时限，如 2026-12-31"})
    if deadline < found_on:
        raise ValidationError({"deadline": f"{where}整改时限不能早于检查日期（{found_on:%Y-%m-%d}）"})
    item = RectificationItem.objects.create(
        finding=finding,
        organization=organization,
        task=_text(spec.get("task"), "task", f"{where}整改要求"),
        owner=owner,
        deadline=deadline,
        required_evidence=_text(spec.get("required_evidence"), "required_evidence", f"{where}应提交的佐证材料", 2, 200),
    )
    audit.record(actor=actor, event=Event.RECTIFICATION_CREATED, obj=item, after=audit.snapshot(item))
    return item


def check_report(*, actor, item: RectificationItem, text: str) -> str:
    """Whether this user may report this item now, with this text (no write)."""
    require(actor, VIEW, item)
    if not can(actor, CHANGE, item.organization.path):
        raise PermissionDenied(f"整改情况由{item.organization}报告")
    if item.status != RectificationItem.Status.OPEN:
        raise ValidationError(f"该事项{item.get_status_display()}，不需要再报告")
    return _text(text, "text", "整改情况", 10, 2000)


@transaction.atomic
def report_rectification(*, actor, item: RectificationItem, text: str, evidence) -> RectificationItem:
    """The branch reports the item done. Without evidence there is nothing for the inspector to accept."""
    item = RectificationItem.objects.select_for_update().select_related("finding__plan").get(pk=item.pk)
    text = check_report(actor=actor, item=item, text=text)
    if evidence is None:
        raise ValidationError({"evidence": f"请上传佐证材料（{item.required_evidence}）后再报告整改完成"})
    before = audit.snapshot(item)
    item.report_text = text
    item.evidence, item.reported_by, item.reported_at = evidence, audit.actor_user(actor), timezone.now()
    item.status = RectificationItem.Status.REPORTED
    item.save()
    audit.record(actor=actor, event=Event.RECTIFICATION_REPORTED, obj=item, before=before, after=audit.snapshot(item))
    task_done(f"rectification.report:{item.pk}")
    notify(
        item.finding.plan.inspectors.all(),
        f"整改事项待验收：{item.task}",
        item.get_absolute_url(),
        actor=actor,
        task=f"rectification.review:{item.pk}",
    )
    return item


@transaction.atomic
def review_rectification(*, actor, item: RectificationItem, accept: bool, comment: str = "") -> RectificationItem:
    """销号 (accept) or return. Returned items go back to the branch with the reason; accepted ones are closed."""
    item = RectificationItem.objects.select_for_update().select_related("finding__plan").get(pk=item.pk)
    _require_inspector(actor, item.finding.plan)
    if item.status != RectificationItem.Status.REPORTED:
        raise ValidationError(f"该事项{item.get_status_display()}，只有已报告整改完成的事项才能验收")
    if item.evidence_id is None:
        raise ValidationError("该事项没有佐证材料，不能销号")
    comment = (comment or "").strip()
    if not accept and len(comment) < 4:
        raise ValidationError({"comment": "退回时请写明理由（不少于4个字），便于整改单位补充"})
    before = audit.snapshot(item)
    item.reviewed_by, item.reviewed_at = audit.actor_user(actor), timezone.now()
    item.review_comment = comment[:300]
    if accept:
        item.status = RectificationItem.Status.CLOSED
    else:
        item.status, item.times_returned = RectificationItem.Status.OPEN, item.times_returned + 1
    item.save()
    audit.record(
        actor=actor,
        event=Event.RECTIFICATION_CLOSED if accept else Event.RECTIFICATION_RETURNED,
        obj=item,
        before=before,
        after=audit.snapshot(item),
    )
    task_done(f"rectification.review:{item.pk}")
    if accept:
        task_done(f"rectification.escalated:{item.pk}")
    told = [item.reported_by] if item.reported_by_id else []
    notify(
        told + ([item.owner.user] if item.owner.user_id else []),
        f"整改事项已销号：{item.task}" if accept else f"整改事项被退回：{item.task}（{comment[:60]}）",
        item.get_absolute_url(),
        actor=actor,
        # A returned item asks the branch to report again.
        task="" if accept else f"rectification.report:{item.pk}",
    )
    return item


# ---- escalation ---------------------------------------------------------------------------------------------------


def escalation_target(item: RectificationItem, today: datetime.date) -> Organization | None:
    """Overdue → the organisation above the branch; every further 15 days overdue, one level higher, but never above
    the organisation that ran the inspection."""
    if not item.is_overdue(today):
        return None
    steps = 1 + (today - item.deadline).days // ESCALATION_STEP_DAYS
    chain = [
        org
        for org in reversed(item.organization.ancestors())
        if org.path.startswith(item.finding.plan.organization.path)
    ]
    if not chain:
        return None
    return chain[min(steps, len(chain)) - 1]


@transaction.atomic
def escalate_overdue(*, actor, today: datetime.date | None = None) -> int:
    """Move every overdue item up to where it now belongs and tell that organisation; safe to run again."""
    today = today or timezone.localdate()
    moved = 0
    overdue = (
        RectificationItem.objects.select_for_update(
            of=("self",)
        )  # the joined rows (escalated_to may be null) stay unlocked
        .filter(status=RectificationItem.Status.OPEN, deadline__lt=today)
        .select_related("organization", "finding__plan__organization", "escalated_to")
    )
    for item in overdue:
        target = escalation_target(item, today)
        if target is None or target.pk == item.escalated_to_id:
            continue
        before = audit.snapshot(item)
        item.escalated_to, item.escalated_at = target, timezone.now()
        item.save(update_fields=["escalated_to", "escalated_at", "updated_at"])
        audit.record(
            actor=actor, event=Event.RECTIFICATION_ESCALATED, obj=item, before=before, after=audit.snapshot(item)
        )
        days = (today - item.deadline).days
        notify(
            record_keepers(target),
            f"整改逾期{days}天，已上报：{item.organization} · {item.task}",
            item.get_absolute_url(),
            actor=actor,
            task=f"rectification.escalated:{item.pk}",
        )
        moved += 1
    return moved
