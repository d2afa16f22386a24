from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhibu.accounts.models import User
from zhibu.core.audit_catalogue import Event
from zhibu.core.filters import warn_refused_query
from zhibu.core.generic import ServiceFormView, organization_in_scope, params_with_scope, within_scope_org
from zhibu.core.routes import collection, scoped, unscoped
from zhibu.core.scoping import CHANGE, EXPORT, VIEW, can, require
from zhibu.core.tables import TableColumn, xlsx_response
from zhibu.core.uploads import store_upload
from zhibu.core.views import attempt_with_message, form_errors_text, paginate
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind
from zhibu.standards import reports, services
from zhibu.standards.catalogue import CATEGORIES, by_id, catalogue
from zhibu.standards.filters import ExplanationNoteFilter, VerdictFilter
from zhibu.standards.forms import NoteForm, OverrideForm, ReviewForm, SummaryParameters
from zhibu.standards.labels import rule_label
from zhibu.standards.models import ExplanationNote, ParameterOverride, Verdict, VerdictStatus
from zhibu.standards.reports import FigureRow, Figures
from zhibu.standards.tables import VERDICT_COLUMNS


def _signed_in(request: HttpRequest) -> User:
    """The user of a ``login_required`` view, as the type checker cannot know it is never the anonymous one."""
    if not request.user.is_authenticated:
        raise PermissionDenied("请先登录")
    return request.user


def _years() -> range:
    this_year = timezone.localdate().year
    return range(this_year, this_year - 5, -1)


def _parameters(request: HttpRequest) -> SummaryParameters:
    parameters = SummaryParameters(
        request.GET,
        user=request.user,
        organizations=Organization.objects,
        default_organization=organization_in_scope(request),
    )
    parameters.warn(request)
    return parameters


@login_required
@unscoped("the rule catalogue is reference text, the same for every organisation")
def catalogue_page(request: HttpRequest) -> HttpResponse:
    rules = catalogue()
    groups = [(category, [rule for rule in rules if rule.category == category]) for category in CATEGORIES]
    return render(
        request,
        "standards/catalogue.html",
        {
            "groups": [(category, items) for category, items in groups if items],
            "total": len(rules),
            "evaluated": sum(1 for rule in rules if rule.evaluated),
        },
    )


@login_required
@collection(Verdict)
def sheet_page(request: HttpRequest) -> HttpResponse:
    """A branch's standards sheet: every rule against the twelve months, coloured, each cell explained."""
    parameters = _parameters(request)
    organization, year = parameters.chosen_organization, parameters.chosen_year
    context = {"year": year, "years": _years(), "organization": organization}
    if organization is None or organization.kind == OrganizationKind.GONGWEI:
        scope = organization or organization_in_scope(request)
        branches = Organization.objects.visible_to(request.user).filter(kind__in=BRANCH_KINDS, status="active")
        if scope is not None:
            branches = branches.filter(path__startswith=scope.path)
        context.update(branches=branches.order_by("path")[:300], organization=None)
        return render(request, "standards/sheet.html", context)
    services.judge_closed_periods(organization, year)
    verdicts = Verdict.objects.visible_to(request.user)
    context.update(
        overview=Organization.objects.visible_to(request.user).filter(pk=organization.parent_id).first(),
        sheet=reports.sheet_view(organization, verdicts, year, only_problems=parameters.only_problems),
        only_problems=parameters.only_problems,
        months=list(reports.MONTHS),
        statuses=[(status, label, reports.CSS[status]) for status, label in VerdictStatus.choices],
    )
    return render(request, "standards/sheet.html", context)


class VerdictDetail(ServiceFormView):
    """One verdict, how it was reached, and its explanation notes; a branch that missed it explains here."""

    model = Verdict
    action = VIEW
    select_related = ("organization",)
    form_class = NoteForm
    template_name = "standards/verdict_detail.html"
    success_message = "情况说明已提交，待上级组织审核；审核通过后该项显示为“已说明”"

    object: Verdict

    def notes(self) -> QuerySet[ExplanationNote]:
        verdict = self.object
        return ExplanationNote.objects.visible_to(self.request.user).filter(
            organization=verdict.organization, rule_id=verdict.rule_id, period_key=verdict.period_key
        )

    def may_explain(self) -> bool:
        verdict = self.object
        return (
            verdict.status == VerdictStatus.MISSED
            and can(_signed_in(self.request), CHANGE, verdict.organization.path)
            and not self.notes().exclude(status=ExplanationNote.Status.RETURNED).exists()
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Only a branch that may still explain sees the form; everyone else reads the verdict and its notes."""
        return self.render_form(self.get_form() if self.may_explain() else None)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.may_explain():
            messages.error(request, "该事项不需要或不能再提交情况说明")
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def service(self) -> Callable[..., ExplanationNote]:
        return _submit_note

    def title(self) -> str:
        return rule_label(self.object.rule_id)

    def back_url(self) -> str:
        return ""

    def success_url(self, result: ExplanationNote) -> str:
        return self.request.path

    def extra_context(self) -> dict[str, Any]:
        verdict = self.object
        return {
            "verdict": verdict,
            "rule": by_id().get(verdict.rule_id),
            "notes": self.notes(),
            "css": reports.CSS.get(verdict.status),
        }


@transaction.atomic
def _submit_note(
    *, actor: User, verdict: Verdict, text: str, attachment: UploadedFile | None = None
) -> ExplanationNote:
    stored = (
        store_upload(actor=actor, organization=verdict.organization, purpose="情况说明", upload=attachment)
        if attachment
        else None
    )
    return services.submit_note(actor=actor, verdict=verdict, text=text, attachment=stored)


@login_required
@collection(Verdict)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Compliance of the organisation in scope: by organisation, rule and month, a heat map, and drill-down."""
    parameters = _parameters(request)
    scope, year = parameters.chosen_organization, parameters.chosen_year
    if scope is None:
        return render(request, "standards/dashboard.html", {"scope": None, "year": year, "years": _years()})
    if scope.kind in BRANCH_KINDS:
        return redirect(f"{reverse('standards:sheet')}?organization={scope.pk}&year={year}")
    data = reports.figures(scope, Verdict.objects.visible_to(request.user), year)
    export = parameters.value("export", "org" if request.GET.get("export") else "")
    if export:
        require(request.user, EXPORT, scope)
        return _export(request, scope, year, data, export)
    return render(
        request,
        "standards/dashboard.html",
        {
            "scope": scope,
            "year": year,
            "years": _years(),
            "data": data,
            "charts": reports.charts(data),
            "act_on": [row for row in data.heat_rows if row["missed"]][:5],
            "ancestors": scope.ancestors().visible_to(request.user),
        },
    )


EXPORTS = {
    "org": ("按组织", [TableColumn("组织", lambda r: r["name"], 30)]),
    "rule": (
        "按规则",
        [TableColumn("规则", lambda r: r["rule_id"], 10), TableColumn("要求", lambda r: r["title"], 40)],
    ),
    "month": ("按月份", [TableColumn("月份", lambda r: f"{r['month']}月", 8)]),
}
COUNTS = [
    TableColumn("达标", lambda r: r["met"], 8),
    TableColumn("已说明", lambda r: r["explained"], 8),
    TableColumn("未达标", lambda r: r["missed"], 8),
    TableColumn("进行中", lambda r: r["in_progress"], 8),
    TableColumn("达标率(%)", lambda r: r["rate"], 10),
]


def _export(request: HttpRequest, scope: Organization, year: int, data: Figures, export: str) -> HttpResponse:
    filters = f"organization={scope.pk}&year={year}&export={export}"
    if export == "heat":
        columns = [
            TableColumn("党支部", lambda r: r["name"], 30),
            TableColumn("未达标项", lambda r: r["missed"], 10),
        ] + [TableColumn(f"{month}月(%)", lambda r, m=month: r["months"][m - 1], 8) for month in reports.MONTHS]
        return xlsx_response(
            actor=request.user,
            title=f"{scope}{year}年达标热力图",
            columns=columns,
            objects=data.heat_rows,
            event=Event.STANDARDS_EXPORTED,
            organization=scope,
            filters=filters,
        )
    if export == "missed":
        missed = VerdictFilter(
            {"within": scope.pk, "year": year, "status": VerdictStatus.MISSED},
            queryset=Verdict.objects.visible_to(request.user, EXPORT).select_related("organization"),
            request=request,
        )
        return xlsx_response(
            actor=request.user,
            title=f"{scope}{year}年未达标事项",
            columns=VERDICT_COLUMNS,
            objects=missed.qs.order_by("organization__path", "rule_id", "period_start").iterator(),
            event=Event.STANDARDS_EXPORTED,
            organization=scope,
            filters=filters,
        )
    title, columns = EXPORTS.get(export, EXPORTS["org"])
    tables: dict[str, Sequence[FigureRow]] = {"org": data.by_org, "rule": data.by_rule, "month": data.by_month}
    rows = tables.get(export, data.by_org)
    return xlsx_response(
        actor=request.user,
        title=f"{scope}{year}年达标情况{title}",
        columns=columns + COUNTS,
        objects=rows,
        event=Event.STANDARDS_EXPORTED,
        organization=scope,
        filters=filters,
    )


@login_required
@collection(ExplanationNote)
def notes_page(request: HttpRequest) -> HttpResponse:
    """情况说明: those awaiting this user's review (from the organisations below) first, then the rest in scope."""
    user = _signed_in(request)
    visible = ExplanationNote.objects.visible_to(user).select_related("organization__parent", "submitted_by")
    notes = within_scope_org(request, visible, "organization__path")
    filterset = ExplanationNoteFilter(params_with_scope(request, None, {"status": "submitted"}), queryset=notes)
    warn_refused_query(request, filterset)
    status = filterset.data.get("status", "")
    page, query = paginate(request, filterset.qs)
    for note in page:
        parent = note.organization.parent
        note.reviewable = parent is not None and note.status == "submitted" and can(user, CHANGE, parent.path)
    return render(
        request,
        "standards/notes.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "statuses": ExplanationNote.Status.choices,
            "review_form": ReviewForm(),
        },
    )


@login_required
@require_POST
@scoped(ExplanationNote, CHANGE, name="note")
def note_review(request: HttpRequest, note: ExplanationNote) -> HttpResponseRedirect:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("standards:notes")
    accept = form.cleaned_data["decision"] == "accept"
    attempt_with_message(
        request,
        services.review_note,
        actor=request.user,
        note=note,
        accept=accept,
        comment=form.cleaned_data["comment"],
        done="已接受情况说明，该项显示为“已说明”" if accept else "已退回情况说明",
    )
    return redirect("standards:notes")


class Overrides(ServiceFormView):
    """A 工委 adjusts a rule's parameter for its subtree; the verdicts say which value applied. Everyone in scope reads
    the overrides that apply to them; the form offers only the 工委 the user may change."""

    model = ParameterOverride
    action = VIEW
    object_kwarg = None
    form_class = OverrideForm
    template_name = "standards/overrides.html"

    def gongwei(self) -> QuerySet[Organization]:
        return Organization.objects.visible_to(self.request.user, CHANGE).filter(kind=OrganizationKind.GONGWEI)

    def form_kwargs(self) -> dict[str, Any]:
        return {"organizations": self.gongwei()}

    def service(self) -> Callable[..., ParameterOverride]:
        return services.save_override

    def service_kwargs(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "organization": data["organization"],
            "rule_id": data["rule_id"],
            "key": data["key"],
            "value_text": data["value"],
            "reason": data["reason"],
        }

    def title(self) -> str:
        return "标准参数设置"

    def message(self, result: ParameterOverride) -> str:
        return f"已设定{result.rule_id}的参数“{result.key_label}”，相关结论已重新评估"

    def success_url(self, result: ParameterOverride) -> str:
        return reverse("standards:overrides")

    def extra_context(self) -> dict[str, Any]:
        overrides = ParameterOverride.objects.visible_to(self.request.user).select_related("organization", "set_by")
        rules = [(rule, services.overridable_defaults(rule)) for rule in catalogue() if rule.evaluated]
        return {
            "overrides": overrides,
            "rules": [(r, keys) for r, keys in rules if keys],
            "may_change": self.gongwei().exists(),
        }


@login_required
@require_POST
@scoped(ParameterOverride, CHANGE, name="override")
def override_delete(request: HttpRequest, override: ParameterOverride) -> HttpResponseRedirect:
    attempt_with_message(
        request,
        services.delete_override,
        actor=request.user,
        override=override,
        done="已恢复为标准目录默认值，相关结论已重新评估",
    )
    return redirect("standards:overrides")
