from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from zhibu.committees import services
from zhibu.committees.forms import EndPositionForm, PositionForm, PositionKindForm, TermDelayForm, TermForm
from zhibu.committees.models import Position, PositionKind, Term
from zhibu.committees.terms import ALL_STATUSES, MAX_DELAY_YEARS, status_for, with_current_term
from zhibu.core import idempotency
from zhibu.core.formatting import cn_date
from zhibu.core.routes import collection, scoped
from zhibu.core.scoping import CHANGE
from zhibu.core.views import call_service, create_from_form, paginate
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
    if request.scope_org is not None:
        organizations = organizations.filter(path__startswith=request.scope_org.path)
    today = timezone.localdate()
    rows = [(org, status_for(org.term_planned_end_on, today)) for org in with_current_term(organizations)]
    wanted = request.GET.get("status")
    if wanted:
        rows = [row for row in rows if row[1].code == wanted]
    rows.sort(key=lambda row: (row[1].rank, row[0].term_planned_end_on or today, row[0].path))
    counts = {status.code: 0 for status in ALL_STATUSES}
    for _, status in rows:
        counts[status.code] += 1
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


@login_required
@require_http_methods(["GET", "POST"])
@scoped(Organization, CHANGE, kwarg="org_pk")
def term_create(request, organization):
    last = organization.terms.order_by("-number").first()
    form = TermForm(request.POST or None, initial={"number": (last.number + 1) if last else 1})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop(idempotency.FORM_FIELD)
        term, created = create_from_form(
            request, form, services.create_term, model=Term, organization=organization, **data
        )
        if term is not None:
            if created:
                messages.success(request, f"已登记第{term.number}届")
            return redirect(organization)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"换届登记：{organization}",
            "back": organization.get_absolute_url(),
            "intro": "登记新一届后，上一届及其委员任职自动结束。",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@scoped(Term, CHANGE, queryset=lambda: Term.objects.select_related("organization"))
def term_update(request, term):
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["planned_end_on"] = data["planned_end_on"] or term.planned_end_on
        if call_service(form, services.update_term, actor=request.user, term=term, **data) is not None:
            messages.success(request, "已保存")
            return redirect(term.organization)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": f"修改届次：{term}", "back": term.organization.get_absolute_url()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@scoped(Term, queryset=lambda: Term.objects.select_related("organization__parent"))
def term_delay(request, term):
    # Seeing the term is not enough: only the organisation above may approve putting off its 换届 (ELE-02).
    if not services.may_approve_delay(request.user, term):
        raise PermissionDenied("延期换届须由上级党组织批准并登记")
    form = TermDelayForm(request.POST or None, initial={"approved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        delay = call_service(form, services.approve_delay, actor=request.user, term=term, **form.cleaned_data)
        if delay is not None:
            messages.success(request, f"已登记批准延期至{cn_date(delay.delayed_to)}")
            return redirect(term.organization)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"批准延期换届：{term}",
            "back": term.organization.get_absolute_url(),
            "intro": (
                f"本届任期于{cn_date(term.planned_end_on)}届满。延期换届须经{term.organization.parent}批准，"
                f"一般不超过{MAX_DELAY_YEARS}年；登记后按批准的日期判断是否按期换届（ELE-02）。"
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@scoped(Term, CHANGE, kwarg="term_pk", queryset=lambda: Term.objects.select_related("organization"))
def position_assign(request, term):
    candidates = Member.objects.visible_to(request.user).in_subtree(term.organization).current().order_by("name")
    initial = {"started_on": timezone.localdate(), "is_by_election": "kind" in request.GET}
    if request.GET.get("kind", "").isdigit():
        initial["kind"] = int(request.GET["kind"])
    form = PositionForm(request.POST or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop(idempotency.FORM_FIELD)
        position, created = create_from_form(request, form, services.assign_position, model=Position, term=term, **data)
        if position is not None:
            if created:
                messages.success(request, f"已登记{position.kind}：{position.holder or '空缺'}")
            return redirect(term.organization)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": f"委员任职：{term}", "back": term.organization.get_absolute_url()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@scoped(Position, CHANGE, queryset=lambda: Position.objects.select_related("term__organization", "kind", "holder"))
def position_end(request, position):
    form = EndPositionForm(request.POST or None, initial={"ended_on": timezone.localdate(), "leave_vacant": True})
    if request.method == "POST" and form.is_valid():
        if (
            call_service(form, services.end_position, actor=request.user, position=position, **form.cleaned_data)
            is not None
        ):
            messages.success(request, "已办理离任")
            return redirect(position.term.organization)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": f"离任：{position}", "back": position.term.organization.get_absolute_url()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@collection(PositionKind, CHANGE)
def position_kinds(request):
    """Settings page: the committee posts of this installation (reference data, platform administrators only)."""
    if not request.user.is_platform_admin:
        raise PermissionDenied("只有工委管理员可以设置委员职务")
    return _position_kinds_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
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
