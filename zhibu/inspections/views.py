from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhibu.accounts.models import User
from zhibu.activities.models import Activity
from zhibu.core.audit_catalogue import Event
from zhibu.core.filters import chosen_value, warn_refused_query
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.routes import scoped
from zhibu.core.scoping import CHANGE, EXPORT, can, require
from zhibu.core.tables import xlsx_response
from zhibu.core.uploads import store_upload
from zhibu.core.views import attempt_with_message, call_service, create_from_form, form_errors_text
from zhibu.inspections import reports, services
from zhibu.inspections.filters import ITEM_STATUSES, InspectionPlanFilter, RectificationItemFilter
from zhibu.inspections.forms import FindingForm, PlanForm, ReportForm, ReviewForm
from zhibu.inspections.models import Finding, InspectionPlan, RectificationItem
from zhibu.inspections.sources import item_sources
from zhibu.inspections.tables import ITEM_COLUMNS, overdue_days
from zhibu.members.models import Member
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.standards.models import Verdict, VerdictStatus

S = RectificationItem.Status


def _inspecting(user):
    return Organization.objects.visible_to(user, CHANGE).filter(kind__in=services.INSPECTING_KINDS)


class PlanList(ScopedListView):
    """督查计划 in scope, with the rectification figures of the subtree (open, late, escalated, closed)."""

    model = InspectionPlan
    select_related = ("organization", "scope")
    filterset_class = InspectionPlanFilter
    template_name = "inspections/plans.html"
    scope_parameter = "organization"

    def scoped_queryset(self, action=None):
        return (
            super()
            .scoped_queryset(action)
            .annotate(
                target_count=Count("targets", distinct=True),
                open_count=Count("findings__items", filter=~Q(findings__items__status=S.CLOSED), distinct=True),
            )
            .order_by("-period_end", "-id")
        )

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        scope = chosen_value(filterset, "organization")
        context.update(may_create=_inspecting(self.request.user).exists(), scope=scope)
        if scope is not None:
            items = RectificationItem.objects.visible_to(self.request.user)
            context["figures"] = reports.figures(items, scope, timezone.localdate())
        warn_refused_query(self.request, filterset)
        return context


class PlanCreate(ServiceFormView):
    model = InspectionPlan
    object_kwarg = None
    creates = InspectionPlan
    form_class = PlanForm
    template_name = "inspections/plan_form.html"

    def form_kwargs(self):
        organizations = _inspecting(self.request.user)
        if not organizations.exists():
            # Only an inspecting organisation plans; to anyone else the page does not exist.
            raise Http404("记录不存在或不在您的权限范围内")
        paths = [org.path for org in organizations]
        under = Q(pk__in=[])
        for path in paths:
            under |= Q(role_grants__organization__path__startswith=path)
        return {
            "organizations": organizations.order_by("path"),
            "scopes": Organization.objects.visible_to(self.request.user)
            .exclude(kind=OrganizationKind.GROUP)
            .filter(status=Organization.Status.ACTIVE)
            .order_by("path"),
            "inspectors": User.objects.filter(under, is_active=True).distinct().order_by("username"),
        }

    def initial(self):
        return {"kind": InspectionPlan.Kind.REGULAR}

    def service(self):
        return services.create_plan

    def title(self):
        return "新建督查计划"

    def message(self, result):
        return f"已建立督查计划，检查对象{result.targets.count()}个"


class PlanDetail(ScopedDetailView):
    """A plan: its targets, what was found at each, and whether the recorded draw repeats."""

    model = InspectionPlan
    select_related = ("organization", "scope")
    template_name = "inspections/plan_detail.html"

    def get_context_data(self):
        plan, user = self.object, self.request.user
        targets = plan.targets.select_related("organization")
        findings = (
            Finding.objects.visible_to(user)
            .filter(plan=plan)
            .select_related("organization", "verdict", "activity")
            .prefetch_related("items__owner")
        )
        by_target = {}
        for finding in findings:
            by_target.setdefault(finding.organization_id, []).append(finding)
        active = plan.status == InspectionPlan.Status.ACTIVE
        return {
            "plan": plan,
            "rows": [(target, by_target.get(target.organization_id, [])) for target in targets],
            "inspectors": plan.inspectors.order_by("username"),
            "may_inspect": services.may_inspect(user, plan) and active,
            "may_close": active and can(user, CHANGE, plan.organization.path),
            "draw_verified": services.verify_draw(plan),
            "today": timezone.localdate(),
        }


@login_required
@require_POST
@scoped(InspectionPlan, CHANGE, name="plan")
def plan_close(request, plan):
    attempt_with_message(
        request, services.close_plan, actor=request.user, plan=plan, done="本次督查已结束，全部整改事项均已销号"
    )
    return redirect(plan)


@login_required
@require_http_methods(["GET", "POST"])
@scoped(InspectionPlan, name="plan", queryset=lambda: InspectionPlan.objects.select_related("organization"))
def target_detail(request, plan, target_pk):
    """One inspected branch: its verdicts and records for the period, what was found, and the form to add a finding."""
    target = plan.targets.select_related("organization").filter(pk=target_pk).first()
    if target is None:
        raise Http404("记录不存在或不在您的权限范围内")
    branch = target.organization
    verdicts = list(
        Verdict.objects.visible_to(request.user)
        .filter(organization=branch, period_start__gte=plan.period_start, period_end__lte=plan.period_end)
        .filter(status=VerdictStatus.MISSED)
        .order_by("rule_id", "period_start")[:200]
    )
    activities = list(
        Activity.objects.visible_to(request.user)
        .filter(organization__path__startswith=branch.path)
        .filter(
            Q(held_at__date__gte=plan.period_start, held_at__date__lte=plan.period_end)
            | Q(held_at__isnull=True, planned_at__date__gte=plan.period_start, planned_at__date__lte=plan.period_end)
        )
        .select_related("kind")
        .order_by("planned_at")[:300]
    )
    owners = list(Member.objects.current().in_subtree(branch).order_by("name"))
    may_inspect = services.may_inspect(request.user, plan) and plan.status == InspectionPlan.Status.ACTIVE
    form = None
    if may_inspect:
        form = FindingForm(
            request.POST or None,
            verdicts=verdicts,
            activities=activities,
            owners=owners,
            initial={"found_on": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            specs = form.item_specs({member.pk: member for member in owners})
            if not form.errors:
                data = form.cleaned_data
                finding, created = create_from_form(
                    request,
                    form,
                    services.add_finding,
                    model=Finding,
                    plan=plan,
                    organization=branch,
                    description=data["description"],
                    items=specs,
                    rule_id=data["rule_id"],
                    verdict=next((v for v in verdicts if v.pk == data["verdict"]), None),
                    activity=next((a for a in activities if a.pk == data["activity"]), None),
                    found_on=data["found_on"],
                )
                if finding:
                    if created:
                        messages.success(request, f"已记录问题并下达{len(specs)}项整改要求")
                    return redirect(request.path)
    elif request.method == "POST":
        messages.error(request, "只有本次检查的检查人员可以记录问题")
        return redirect(request.path)
    findings = (
        Finding.objects.filter(plan=plan, organization=branch)
        .select_related("verdict", "activity", "created_by")
        .prefetch_related("items__owner")
    )
    return render(
        request,
        "inspections/target.html",
        {
            "plan": plan,
            "target": target,
            "branch": branch,
            "verdicts": verdicts,
            "activities": activities,
            "findings": findings,
            "form": form,
            "today": timezone.localdate(),
        },
    )


class RectificationItemList(ScopedListView):
    """整改事项 in scope; ``status=overdue`` for the late ones, ``export=1`` for Excel (the same filter and columns)."""

    model = RectificationItem
    select_related = ("organization", "owner", "finding__plan", "escalated_to", "reviewed_by")
    filterset_class = RectificationItemFilter
    columns = ITEM_COLUMNS
    template_name = "inspections/items.html"
    scope_parameter = "organization"

    def scoped_queryset(self, action=None):
        return super().scoped_queryset(action).order_by("status", "deadline", "id")

    def get(self, request, *args, **kwargs):
        if request.GET.get("export"):
            return RectificationItemExport.as_view()(request, *args, **kwargs)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        for item in page:
            _with_overdue(item)
        context.update(
            status=filterset.data.get("status", ""),
            statuses=[("", "全部"), *ITEM_STATUSES],
            scope=chosen_value(filterset, "organization"),
        )
        warn_refused_query(self.request, filterset)
        return context


class RectificationItemExport(RectificationItemList, ScopedExportView):
    title = "整改事项"
    event = Event.RECTIFICATION_EXPORTED

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset()
        if not filterset.is_valid():  # the page, with the reason, rather than an empty file
            return ScopedListView.get(self, request, *args, **kwargs)
        scope = chosen_value(filterset, "organization")
        if scope is not None:
            require(request.user, EXPORT, scope)
        return xlsx_response(
            actor=request.user,
            title=f"{scope or ''}整改事项",
            columns=self.columns,
            objects=self.export_objects(filterset.qs),
            event=self.event,
            organization=scope,
            filters=request.GET.urlencode(),
        )


def _with_overdue(item):
    item.overdue_days = overdue_days(item)
    return item


@login_required
@require_http_methods(["GET", "POST"])
@scoped(
    RectificationItem,
    name="item",
    queryset=lambda: RectificationItem.objects.select_related(
        "organization", "owner", "finding__plan__organization", "finding__verdict", "finding__activity", "evidence"
    ),
)
def item_detail(request, item):
    plan = item.finding.plan
    may_report = item.status == S.OPEN and can(request.user, CHANGE, item.organization.path)
    may_review = item.status == S.REPORTED and services.may_inspect(request.user, plan)
    report_form = ReportForm(request.POST or None, request.FILES or None, prefix="report") if may_report else None
    review_form = ReviewForm(request.POST or None, prefix="review") if may_review else None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "report" and report_form is not None:
            if report_form.is_valid():
                done = call_service(
                    report_form,
                    _report,
                    actor=request.user,
                    item=item,
                    text=report_form.cleaned_data["text"],
                    upload=report_form.cleaned_data["evidence"],
                )
                if done:
                    messages.success(request, "已报告整改完成，待检查人员验收")
                    return redirect(request.path)
        elif action == "review" and review_form is not None:
            if review_form.is_valid():
                accept = review_form.cleaned_data["decision"] == "accept"
                done = call_service(
                    review_form,
                    services.review_rectification,
                    actor=request.user,
                    item=item,
                    accept=accept,
                    comment=review_form.cleaned_data["comment"],
                )
                if done:
                    messages.success(request, "已销号" if accept else "已退回，整改单位将收到退回理由")
                    return redirect(request.path)
            else:
                messages.error(request, form_errors_text(review_form))
        else:
            messages.error(request, "该事项当前不能由您报告或验收")
            return redirect(request.path)
    return render(
        request,
        "inspections/item_detail.html",
        {
            "item": _with_overdue(item),
            "plan": plan,
            "plan_visible": InspectionPlan.objects.visible_to(request.user).filter(pk=plan.pk).exists(),
            "sources": item_sources(item, request.user),
            "report_form": report_form,
            "review_form": review_form,
        },
    )


@transaction.atomic
def _report(*, actor, item, text, upload):
    """Store the evidence and report in one transaction: a refused report leaves no orphan file record."""
    services.check_report(actor=actor, item=item, text=text)  # refuse before a file is written to disk
    stored = store_upload(actor=actor, organization=item.organization, purpose="整改佐证", upload=upload)
    return services.report_rectification(actor=actor, item=item, text=text, evidence=stored)
