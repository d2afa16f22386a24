import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from zhibu.committees import services
from zhibu.committees.filters import TermStatusFilter
from zhibu.committees.forms import (
    EndPositionForm,
    PositionForm,
    PositionKindForm,
    TermDelayForm,
    TermForm,
    VacancyLink,
)
from zhibu.committees.models import Position, PositionKind, Term
from zhibu.committees.terms import ALL_STATUSES, MAX_DELAY_YEARS, status_for, with_current_term
from zhibu.core.filters import warn_refused_query
from zhibu.core.formatting import cn_date
from zhibu.core.generic import ServiceFormView, within_scope_org
from zhibu.core.routes import collection, scoped
from zhibu.core.scoping import CHANGE, VIEW
from zhibu.core.views import call_service, paginate
from zhibu.members.models import Member
from zhibu.organizations.models import Organization, OrganizationKind


@login_required
@collection(Organization)
def term_status(request):
    """Organisations in scope by term status, the most urgent first (docs/rules.md ELE-01: remind 6 months ahead)."""
    organizations = (
        Organization.objects.visible_to(request.user)
        .filter(status=Organization.Status.ACTIVE)
        .exclude(kind=OrganizationKind.GROUP)
    )
    organizations = with_current_term(within_scope_org(request, organizations, "path"))
    filterset = TermStatusFilter(request.GET, queryset=organizations)
    warn_refused_query(request, filterset)
    today = timezone.localdate()
    counts = {status.code: 0 for status in ALL_STATUSES}
    for org in organizations:  # each button counts its status whichever one is chosen
        counts[status_for(org.term_planned_end_on, today).code] += 1
    rows = [(org, status_for(org.term_planned_end_on, today)) for org in filterset.qs]
    rows.sort(key=lambda row: (row[1].rank, row[0].term_planned_end_on or today, row[0].path))
    wanted = filterset.data.get("status")
    page, query = paginate(request, rows, per_page=50)
    return render(
        request,
        "committees/term_status.html",
        {
            "page": page,
            "query": query,
            "statuses": ALL_STATUSES,
            "counts": counts,
            "wanted": wanted,
        },
    )


class TermCreate(ServiceFormView):
    model = Organization
    object_kwarg = "org_pk"
    creates = Term
    form_class = TermForm

    def service(self):
        return services.create_term

    def initial(self):
        last = self.object.terms.order_by("-number").first()
        return {"number": (last.number + 1) if last else 1}

    def title(self):
        return f"换届登记：{self.object}"

    def intro(self):
        return "登记新一届后，上一届及其委员任职自动结束。"

    def success_url(self, result):
        return self.object.get_absolute_url()

    def message(self, result):
        return f"已登记第{result.number}届"


class TermPage(ServiceFormView):
    """A form on one term, shown and left from its organisation's page (a term has no page of its own)."""

    model = Term
    select_related = ("organization",)

    def back_url(self):
        return self.object.organization.get_absolute_url()

    def success_url(self, result):
        return self.object.organization.get_absolute_url()


class TermUpdate(TermPage):
    form_class = TermForm

    def service(self):
        return services.update_term

    def form_kwargs(self):
        return {"instance": self.object}

    def service_kwargs(self, data):
        data["planned_end_on"] = data["planned_end_on"] or self.object.planned_end_on
        return super().service_kwargs(data)

    def title(self):
        return f"修改届次：{self.object}"


class TermDelayApprove(TermPage):
    action = VIEW  # and the rule below: seeing the term is not enough
    select_related = ("organization__parent",)
    form_class = TermDelayForm

    def may_approve(self):
        # Only the organisation above may approve putting off a 换届 (ELE-02).
        if not services.may_approve_delay(self.request.user, self.object):
            raise PermissionDenied("延期换届须由上级党组织批准并登记")

    def get(self, request, *args, **kwargs):
        self.may_approve()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.may_approve()
        return super().post(request, *args, **kwargs)

    def service(self):
        return services.approve_delay

    def initial(self):
        return {"approved_on": timezone.localdate()}

    def title(self):
        return f"批准延期换届：{self.object}"

    def intro(self):
        term = self.object
        return (
            f"本届任期于{cn_date(term.planned_end_on)}届满。延期换届须经{term.organization.parent}批准，"
            f"一般不超过{MAX_DELAY_YEARS}年；登记后按批准的日期判断是否按期换届（ELE-02）。"
        )

    def message(self, result):
        return f"已登记批准延期至{cn_date(result.delayed_to)}"


class PositionAssign(TermPage):
    object_kwarg = "term_pk"
    creates = Position
    form_class = PositionForm

    def service(self):
        return services.assign_position

    def form_kwargs(self):
        candidates = (
            Member.objects.visible_to(self.request.user).in_subtree(self.object.organization).current().order_by("name")
        )
        return {"candidates": candidates}

    def initial(self):
        link = VacancyLink(self.request.GET)
        initial = {"started_on": timezone.localdate(), "is_by_election": "kind" in link.data}
        if link.is_valid() and link.cleaned_data["kind"] is not None:
            initial["kind"] = link.cleaned_data["kind"]
        return initial

    def title(self):
        return f"委员任职：{self.object}"

    def message(self, result):
        return f"已登记{result.kind}：{result.holder or '空缺'}"


class PositionEnd(ServiceFormView):
    model = Position
    select_related = ("term__organization", "kind", "holder")
    form_class = EndPositionForm
    success_message = "已办理离任"

    def service(self):
        return services.end_position

    def initial(self):
        return {"ended_on": timezone.localdate(), "leave_vacant": True}

    def title(self):
        return f"离任：{self.object}"

    def back_url(self):
        return self.object.term.organization.get_absolute_url()

    def success_url(self, result):
        return self.object.term.organization.get_absolute_url()


def _platform_admins_only(view):
    """Refuse with the reason before the record is looked up: the declared ``change`` on reference data is the
    platform administrator's alone, and the generic refusal would not say so."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_platform_admin:
            raise PermissionDenied("只有工委管理员可以设置委员职务")
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@require_http_methods(["GET", "POST"])
@_platform_admins_only
@collection(PositionKind, CHANGE)
def position_kinds(request):
    """Settings page: the committee posts of this installation (reference data, platform administrators only)."""
    return _position_kinds_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
@_platform_admins_only
@scoped(PositionKind, CHANGE, name="kind")
def position_kind_edit(request, kind):
    return _position_kinds_page(request, kind)


def _position_kinds_page(request, kind):
    form = PositionKindForm(request.POST or None, instance=kind)
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, services.save_position_kind, actor=request.user, kind=kind, **form.cleaned_data)
        if saved is not None:
            messages.success(request, f"已保存职务“{saved.name}”")
            return redirect("committees:position_kinds")
    return render(
        request,
        "committees/position_kinds.html",
        {
            "kinds": PositionKind.objects.all(),
            "form": form,
            "editing": kind,
        },
    )
