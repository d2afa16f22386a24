import json
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhibu.core import idempotency
from zhibu.core.scoping import CHANGE, EXPORT, can, require, visible_or_404
from zhibu.core.tables import XLSX_TYPE, rows_for_display, xlsx_response
from zhibu.core.views import call_service, create_from_form, form_errors_text, paginate
from zhibu.members import importing, privacy, services, transfers
from zhibu.members.filters import MemberFilter, TransferFilter, id_digits
from zhibu.members.forms import (
    ImportForm,
    InboundForm,
    MemberEventForm,
    MemberForm,
    PhotoForm,
    RestrictForm,
    RevealForm,
    TransferCancelForm,
    TransferCompleteForm,
    TransferStartForm,
)
from zhibu.members.models import Member, MemberEvent, Transfer
from zhibu.members.tables import LIST_COLUMNS, MEMBER_COLUMNS
from zhibu.organizations.models import BRANCH_KINDS, Organization


def _member_queryset(request, action="view"):
    return Member.objects.visible_to(request.user, action).select_related("organization")


ID_QUERIES = "member_id_queries"  # session key: opaque key → ID digits typed into the member search
ID_QUERIES_KEPT = 20


def _filtered(request, action="view"):
    queryset = _member_queryset(request, action)
    params = request.GET.copy()
    key = params.pop("idq", [""])[-1]
    if key:
        stored = request.session.get(ID_QUERIES, {}).get(key)
        if stored is None:
            messages.warning(request, "该身份证号查询已失效（退出登录或时间过久），请重新输入后查询")
            queryset = queryset.none()  # an empty list rather than everyone, as if the search had been dropped
        else:
            params["q"] = stored
    if "organization" not in params and request.scope_org is not None:
        params["organization"] = str(request.scope_org.pk)
    if "record_status" not in params:
        params["record_status"] = "active"
    return MemberFilter(params, queryset=queryset, user=request.user)


@login_required
def member_list(request):
    member_filter = _filtered(request)
    page, query = paginate(request, member_filter.qs)
    context = {
        "filter": member_filter,
        "page": page,
        "query": query,
        "headers": [c.header for c in LIST_COLUMNS],
        "rows": list(zip(page.object_list, rows_for_display(LIST_COLUMNS, page.object_list), strict=True)),
        "can_change": bool(request.user.scope_paths(CHANGE)[0]),
    }
    template = "members/_member_rows.html" if request.headers.get("HX-Request") else "members/member_list.html"
    return render(request, template, context)


@login_required
@require_POST
def member_search(request):
    """The member list's search form posts here, so that ID digits never travel in a URL: the access log, the
    browser history and a Referer would keep them. They wait in the session under an opaque key, and the list is
    opened with that key; a name search keeps its ordinary, bookmarkable URL."""
    params = QueryDict(mutable=True)
    for name, values in request.POST.lists():
        kept = [value for value in values if value != ""]
        if name not in ("csrfmiddlewaretoken", "idq") and kept:
            params.setlist(name, kept)
    query = (params.get("q") or "").strip()
    if id_digits(query):
        key = secrets.token_urlsafe(12)
        stored = dict(list(request.session.get(ID_QUERIES, {}).items())[-(ID_QUERIES_KEPT - 1) :])
        stored[key] = query
        request.session[ID_QUERIES] = stored
        params.pop("q")
        params["idq"] = key
    url = reverse("members:list") + (f"?{params.urlencode()}" if params else "")
    if request.headers.get("HX-Request"):
        # Live search: htmx fetches the rows from the opaque URL and shows that URL in the address bar.
        response = HttpResponse(status=204)
        response["HX-Location"] = json.dumps({"path": url, "target": "#member-rows"})
        return response
    return redirect(url)


@login_required
def member_export(request):
    member_filter = _filtered(request, EXPORT)
    return xlsx_response(
        actor=request.user,
        title="党员名册",
        columns=MEMBER_COLUMNS,
        objects=member_filter.qs.iterator(chunk_size=500),
        event="member.exported",
        organization=request.scope_org,
        filters=request.GET.urlencode(),
    )


@login_required
def member_detail(request, pk, revealed=None, reveal_form=None):
    member = visible_or_404(
        Member.objects.select_related("organization", "dual_life_organization"), request.user, pk=pk
    )
    context = {
        "member": member,
        "masked": revealed or privacy.masked_values(member),
        "revealed": revealed is not None,
        "may_reveal": request.user.may_reveal(member.organization.path) and member.restricted_at is None,
        "reveal_form": reveal_form or RevealForm(),
        "events": member.events.select_related("organization"),
        "affiliations": member.affiliations.select_related("organization"),
        "transfers": member.transfers.select_related("from_organization", "to_organization"),
        "can_change": can(request.user, CHANGE, member.organization.path) and member.restricted_at is None,
    }
    return render(request, "members/member_detail.html", context)


@login_required
@require_POST
def member_reveal(request, pk):
    member = visible_or_404(Member.objects.select_related("organization"), request.user, pk=pk)
    form = RevealForm(request.POST)
    revealed = None
    if form.is_valid():
        revealed = call_service(form, privacy.reveal, actor=request.user, member=member, **form.cleaned_data)
    return member_detail(request, pk, revealed=revealed, reveal_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def member_restrict(request, pk):
    member = visible_or_404(Member.objects, request.user, pk=pk)
    require(request.user, CHANGE, member)
    form = RestrictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, privacy.restrict, actor=request.user, member=member, **form.cleaned_data) is not None:
            messages.success(request, f"“{member.name}”的信息已限制处理，只有档案管理员可以查看")
            return redirect("members:list")
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"限制处理个人信息：{member.name}",
            "back": member.get_absolute_url(),
            "intro": "用于本人要求删除个人信息、而党员档案依规仍须保存的情形：记录将从所有常规页面、名册、导出和接口中隐藏，"
            "只有档案管理员可以查看；保存期满后由系统清除个人信息。每一步都记入审计日志。",
        },
    )


def _branches_for(user):
    branches = Organization.objects.visible_to(user, CHANGE).filter(
        kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE
    )
    if not branches.exists():
        raise PermissionDenied("您没有可管理的党支部，不能登记或导入党员")
    return branches


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    branches = _branches_for(request.user)
    initial = {}
    if request.scope_org is not None and request.scope_org.is_branch:
        initial["organization"] = request.scope_org
    form = MemberForm(request.POST or None, branches=branches, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop(idempotency.FORM_FIELD)
        member, created = create_from_form(request, form, services.create_member, model=Member, **data)
        if member is not None:
            if created:
                messages.success(request, f"已登记党员“{member.name}”")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/member_form.html", {"form": form, "title": "登记党员"})


@login_required
@require_http_methods(["GET", "POST"])
def member_update(request, pk):
    member = visible_or_404(Member.objects, request.user, pk=pk)
    require(request.user, CHANGE, member)
    form = MemberForm(request.POST or None, instance=member, creating=False)
    if request.method == "POST" and form.is_valid():
        version = _int_or_none(request.POST.get("version"))
        updated = call_service(
            form,
            services.update_member,
            actor=request.user,
            member=member,
            expected_version=version,
            **form.cleaned_data,
        )
        if updated is not None:
            messages.success(request, "党员信息已保存")
            return redirect("members:detail", pk=member.pk)
    return render(
        request, "members/member_form.html", {"form": form, "title": f"修改党员信息：{member.name}", "member": member}
    )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_http_methods(["GET", "POST"])
def member_event(request, pk):
    member = visible_or_404(Member.objects, request.user, pk=pk)
    require(request.user, CHANGE, member)
    form = MemberEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop(idempotency.FORM_FIELD)
        event, created = create_from_form(
            request, form, services.record_event, model=MemberEvent, member=member, **data
        )
        if event is not None:
            if created:
                messages.success(request, f"已登记：{event.get_kind_display()}")
            return redirect("members:detail", pk=member.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": f"登记状态变动：{member.name}", "back": member.get_absolute_url()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_start(request, pk):
    member = visible_or_404(Member.objects, request.user, pk=pk)
    require(request.user, CHANGE, member)
    form = TransferStartForm(request.POST or None, initial={"issued_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop(idempotency.FORM_FIELD)
        transfer, created = create_from_form(
            request, form, transfers.start_transfer, model=Transfer, member=member, **data
        )
        if transfer is not None:
            if created:
                messages.success(request, "已开具转接，待接收方确认")
            return redirect("members:detail", pk=member.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": f"组织关系转出：{member.name}", "back": member.get_absolute_url()},
    )


@login_required
def transfer_list(request):
    queryset = Transfer.objects.visible_to(request.user).select_related(
        "member", "from_organization", "to_organization"
    )
    transfer_filter = TransferFilter(request.GET or {"status": "pending"}, queryset=queryset)
    page, query = paginate(request, transfer_filter.qs)
    # The receiving side sees a pending transfer before it may open the member's record.
    visible_members = set(
        Member.objects.visible_to(request.user)
        .filter(pk__in=[transfer.member_id for transfer in page.object_list])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "members/transfer_list.html",
        {
            "filter": transfer_filter,
            "page": page,
            "query": query,
            "visible_members": visible_members,
            "may_register": request.user.may_change_records,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_complete(request, pk):
    transfer = visible_or_404(Transfer.objects.select_related("member"), request.user, pk=pk)
    form = TransferCompleteForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, transfers.complete_transfer, actor=request.user, transfer=transfer, **form.cleaned_data
        )
        if done is not None:
            messages.success(request, "转接已完成")
            return redirect("members:transfer_list")
    title = "确认接收" if transfer.kind == Transfer.Kind.INTERNAL else "登记回执"
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"{title}：{transfer.member.name}",
            "intro": str(transfer),
            "back": reverse("members:transfer_list"),
        },
    )


@login_required
@require_POST
def transfer_cancel(request, pk):
    transfer = visible_or_404(Transfer.objects, request.user, pk=pk)
    form = TransferCancelForm(request.POST)
    if form.is_valid() and call_service(
        form, transfers.cancel_transfer, actor=request.user, transfer=transfer, **form.cleaned_data
    ):
        messages.success(request, "转接已撤销")
    else:
        messages.error(request, "撤销失败：" + form_errors_text(form))
    return redirect("members:transfer_list")


@login_required
@require_http_methods(["GET", "POST"])
def transfer_inbound(request):
    branches = _branches_for(request.user)
    form = InboundForm(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop(idempotency.FORM_FIELD)
        extra = {key: data.pop(key) for key in ("organization", "counterpart", "letter_number", "received_on")}
        transfer, created = create_from_form(
            request, form, transfers.receive_from_outside, model=Transfer, member_fields=data, **extra
        )
        if transfer is not None:
            if created:
                messages.success(request, f"已接收党员“{transfer.member.name}”")
            return redirect("members:detail", pk=transfer.member_id)
    return render(request, "members/member_form.html", {"form": form, "title": "从系统外转入"})


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request):
    _branches_for(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = importing.import_members(
            actor=request.user, upload=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
        )
        if result.committed:
            messages.success(
                request, f"导入完成：新增{result.created}人，更新{result.updated}人，未变化{result.unchanged}人"
            )
    return render(request, "members/member_import.html", {"form": form, "result": result, "columns": importing.COLUMNS})


@login_required
def import_template(request):
    response = HttpResponse(importing.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E5%85%9A%E5%91%98%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def member_photo(request, pk):
    member = visible_or_404(Member.objects, request.user, pk=pk)
    require(request.user, CHANGE, member)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.set_photo, actor=request.user, member=member, upload=form.cleaned_data["file"]):
            messages.success(request, "照片已更新")
            return redirect(member)
    return render(request, "members/photo_form.html", {"form": form, "member": member})
