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
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedExportView, ScopedListView, ServiceFormView, organization_in_scope
from zhibu.core.routes import collection, scoped, unscoped
from zhibu.core.scoping import CHANGE, VIEW, can
from zhibu.core.tables import XLSX_TYPE
from zhibu.core.views import call_service, create_from_form, form_errors_text
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
from zhibu.members.sections import sections_for
from zhibu.members.tables import LIST_COLUMNS, MEMBER_COLUMNS
from zhibu.organizations.models import BRANCH_KINDS, Organization

ID_QUERIES = "member_id_queries"  # session key: opaque key → ID digits typed into the member search
ID_QUERIES_KEPT = 20


class MemberList(ScopedListView):
    model = Member
    select_related = ("organization",)
    filterset_class = MemberFilter
    columns = LIST_COLUMNS
    template_name = "members/member_list.html"
    partial_template_name = "members/_member_rows.html"
    scope_parameter = "organization"
    default_filters = {"record_status": "active"}

    def filter_params(self):
        params = super().filter_params()
        key = params.pop("idq", [""])[-1]
        if key:
            stored = self.request.session.get(ID_QUERIES, {}).get(key)
            # An expired key lists nobody rather than everyone, as if the search had been dropped.
            params["q"] = stored if stored is not None else ""
            self.expired_id_query = stored is None
        return params

    def get_filterset(self, action=None):
        self.expired_id_query = False
        filterset = super().get_filterset(action)
        if self.expired_id_query:
            messages.warning(self.request, "该身份证号查询已失效（退出登录或时间过久），请重新输入后查询")
            filterset.queryset = filterset.queryset.none()
        return filterset

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["can_change"] = bool(self.request.user.scope_paths(CHANGE)[0])
        return context


class MemberExport(MemberList, ScopedExportView):
    columns = MEMBER_COLUMNS
    title = "党员名册"
    event = Event.MEMBER_EXPORTED


@login_required
@require_POST
@collection(Member)
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
@scoped(Member, queryset=lambda: Member.objects.select_related("organization", "dual_life_organization"))
def member_detail(request, member, revealed=None, reveal_form=None):
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
        "sections": sections_for(request, member),
    }
    return render(request, "members/member_detail.html", context)


@login_required
@require_POST
@scoped(Member, queryset=lambda: Member.objects.select_related("organization"))
def member_reveal(request, member):
    form = RevealForm(request.POST)
    revealed = None
    if form.is_valid():
        revealed = call_service(form, privacy.reveal, actor=request.user, member=member, **form.cleaned_data)
    return member_detail(request, pk=member.pk, revealed=revealed, reveal_form=form)


class MemberRestrict(ServiceFormView):
    model = Member
    form_class = RestrictForm

    def service(self):
        return privacy.restrict

    def title(self):
        return f"限制处理个人信息：{self.object.name}"

    def intro(self):
        return (
            "用于本人要求删除个人信息、而党员档案依规仍须保存的情形：记录将从所有常规页面、名册、导出和接口中隐藏，"
            "只有档案管理员可以查看；保存期满后由系统清除个人信息。每一步都记入审计日志。"
        )

    def message(self, result):
        return f"“{self.object.name}”的信息已限制处理，只有档案管理员可以查看"

    def success_url(self, result):
        return reverse("members:list")


def _branches_for(user):
    branches = Organization.objects.visible_to(user, CHANGE).filter(
        kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE
    )
    if not branches.exists():
        raise PermissionDenied("您没有可管理的党支部，不能登记或导入党员")
    return branches


@login_required
@require_http_methods(["GET", "POST"])
@collection(Member, CHANGE)
def member_create(request):
    branches = _branches_for(request.user)
    initial = {}
    organization = organization_in_scope(request)
    if organization is not None and organization.is_branch:
        initial["organization"] = organization
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
@scoped(Member, CHANGE)
def member_update(request, member):
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


class MemberEventCreate(ServiceFormView):
    model = Member
    form_class = MemberEventForm
    creates = MemberEvent

    def service(self):
        return services.record_event

    def title(self):
        return f"登记状态变动：{self.object.name}"

    def message(self, result):
        return f"已登记：{result.get_kind_display()}"

    def success_url(self, result):
        return self.object.get_absolute_url()


class TransferStart(ServiceFormView):
    model = Member
    form_class = TransferStartForm
    creates = Transfer
    success_message = "已开具转接，待接收方确认"

    def service(self):
        return transfers.start_transfer

    def initial(self):
        return {"issued_on": timezone.localdate()}

    def title(self):
        return f"组织关系转出：{self.object.name}"

    def success_url(self, result):
        return self.object.get_absolute_url()


class TransferList(ScopedListView):
    model = Transfer
    select_related = ("member", "from_organization", "to_organization")
    filterset_class = TransferFilter
    template_name = "members/transfer_list.html"
    default_filters = {"status": "pending"}

    def filter_params(self):
        # Any filter chosen (even 全部) replaces the default of pending transfers.
        return self.request.GET.copy() if self.request.GET else super().filter_params()

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        # The receiving side sees a pending transfer before it may open the member's record.
        context["visible_members"] = set(
            Member.objects.visible_to(self.request.user)
            .filter(pk__in=[transfer.member_id for transfer in page.object_list])
            .values_list("pk", flat=True)
        )
        context["may_register"] = self.request.user.may_change_records
        return context


class TransferComplete(ServiceFormView):
    """The receiving side confirms; the service checks that the user acts for the receiving organisation."""

    model = Transfer
    action = VIEW
    select_related = ("member",)
    form_class = TransferCompleteForm
    success_message = "转接已完成"

    def service(self):
        return transfers.complete_transfer

    def initial(self):
        return {"received_on": timezone.localdate()}

    def title(self):
        title = "确认接收" if self.object.kind == Transfer.Kind.INTERNAL else "登记回执"
        return f"{title}：{self.object.member.name}"

    def intro(self):
        return str(self.object)

    def back_url(self):
        return reverse("members:transfer_list")

    def success_url(self, result):
        return reverse("members:transfer_list")


@login_required
@require_POST
@scoped(Transfer)
def transfer_cancel(request, transfer):
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
@collection(Member, CHANGE)
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
@collection(Member, CHANGE)
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
@unscoped("an empty template workbook: column headings and an example row, no records")
def import_template(request):
    response = HttpResponse(importing.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E5%85%9A%E5%91%98%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
@scoped(Member, CHANGE)
def member_photo(request, member):
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.set_photo, actor=request.user, member=member, upload=form.cleaned_data["file"]):
            messages.success(request, "照片已更新")
            return redirect(member)
    return render(request, "members/photo_form.html", {"form": form, "member": member})
