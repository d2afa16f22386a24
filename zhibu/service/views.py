"""The officers' pages (lists, exports, forms for each record type, one wish with its path) and the member's own page
on the phone side (``mine``): the wishes they may claim, what they claimed, their services and hours."""

from typing import ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.routes import collection, scoped
from zhibu.core.scoping import CHANGE, VIEW, can
from zhibu.members.models import Member
from zhibu.service import filters, forms, services, tables
from zhibu.service.models import Community, Pairing, Project, Registration, ServiceRecord, Wish


class _List(ScopedListView):
    template_name = "service/list.html"
    scope_parameter = "organization"
    heading: ClassVar[str]
    export_name: ClassVar[str]
    create_name: ClassVar[str] = ""
    create_label: ClassVar[str] = ""
    empty: ClassVar[str] = "还没有记录。"
    links_to_edit: ClassVar[bool] = False  # the record's page is its edit form: linked only for those who may change
    row_action: ClassVar[str] = "查看"  # the label of each row's link to the record's page

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        can_change = bool(self.request.user.scope_paths(CHANGE)[0])
        context.update(
            heading=self.heading,
            export_url=reverse(self.export_name),
            create_url=reverse(self.create_name) if self.create_name else "",
            create_label=self.create_label,
            can_change=can_change,
            row_links=can_change or not self.links_to_edit,
            row_action=self.row_action,
            empty=self.empty,
        )
        return context


class _Export(ScopedExportView):
    event = Event.SERVICE_EXPORTED


class _Create(ServiceFormView):
    object_kwarg: ClassVar[str | None] = None
    model: ClassVar[type[Model]] = Community  # each create names the model it creates; its form narrows choices
    list_name: ClassVar[str]

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        today = timezone.localdate()
        return dict.fromkeys(("started_on", "registered_on", "served_on", "posted_on"), today)

    def back_url(self):
        return reverse(self.list_name)

    def success_url(self, result):
        return reverse(self.list_name) if self.list_name != "service:wishes" else result.get_absolute_url()


# Communities ------------------------------------------------------------------------------------------------------


class CommunityList(_List):
    model = Community
    links_to_edit = True
    select_related = ("organization",)
    filterset_class = filters.CommunityFilter
    columns = tables.COMMUNITY_COLUMNS
    heading, export_name, create_name, create_label = (
        "社区",
        "service:communities_export",
        "service:community_create",
        "登记社区",
    )
    empty = "还没有登记社区。共建社区、党员报到的社区都在这里登记。"


class CommunityExport(CommunityList, _Export):
    title = "社区"


class CommunityCreate(_Create):
    creates = Community
    model = Community
    form_class = forms.CommunityForm
    list_name = "service:communities"
    success_message = "已登记社区"

    def service(self):
        return services.save_community

    def title(self):
        return "登记社区"

    def intro(self):
        return "社区不属于党组织体系，由联系它的支部或机关党委登记，供共建结对、党员报到和微心愿选用。"


class CommunityEdit(ServiceFormView):
    model = Community
    form_class = forms.CommunityEditForm
    success_message = "已保存社区信息"

    def service(self):
        return services.save_community

    def initial(self):
        c = self.object
        return {
            "name": c.name,
            "address": c.address,
            "contact_name": c.contact_name,
            "contact_phone": c.contact_phone,
            "active": c.active,
        }

    def title(self):
        return f"修改社区：{self.object}"

    def back_url(self):
        return reverse("service:communities")

    def success_url(self, result):
        return reverse("service:communities")


# Pairings, registrations, services ----------------------------------------------------------------------------------


class PairingList(_List):
    model = Pairing
    select_related = ("organization", "community")
    filterset_class = filters.PairingFilter
    columns = tables.PAIRING_COLUMNS
    heading, export_name, create_name, create_label = (
        "双百共建",
        "service:pairings_export",
        "service:pairing_create",
        "登记共建结对",
    )


class PairingExport(PairingList, _Export):
    title = "双百共建结对"


class PairingCreate(_Create):
    creates = Pairing
    model = Pairing
    form_class = forms.PairingForm
    list_name = "service:pairings"
    success_message = "已登记共建结对"

    def service(self):
        return services.create_pairing

    def title(self):
        return "登记共建结对"


class RegistrationList(_List):
    model = Registration
    select_related = ("member__organization", "community")
    filterset_class = filters.RegistrationFilter
    columns = tables.REGISTRATION_COLUMNS
    heading, export_name, create_name, create_label = (
        "党员双报到",
        "service:registrations_export",
        "service:registration_create",
        "登记报到",
    )


class RegistrationExport(RegistrationList, _Export):
    title = "党员双报到"


class RegistrationCreate(_Create):
    creates = Registration
    model = Registration
    form_class = forms.RegistrationForm
    list_name = "service:registrations"
    success_message = "已登记党员到社区报到"

    def service(self):
        return services.register_member

    def title(self):
        return "登记党员到居住地社区报到"


class RecordList(_List):
    model = ServiceRecord
    select_related = ("member__organization", "community")
    filterset_class = filters.ServiceRecordFilter
    columns = tables.RECORD_COLUMNS
    heading, export_name, create_name, create_label = (
        "志愿服务记录",
        "service:records_export",
        "service:record_create",
        "登记志愿服务",
    )


class RecordExport(RecordList, _Export):
    title = "志愿服务记录"


class RecordCreate(_Create):
    creates = ServiceRecord
    model = ServiceRecord
    form_class = forms.ServiceRecordForm
    list_name = "service:records"
    success_message = "已登记志愿服务"

    def service(self):
        return services.record_service

    def title(self):
        return "登记志愿服务"


# Wishes -----------------------------------------------------------------------------------------------------------


class WishList(_List):
    model = Wish
    select_related = ("organization", "community", "claimed_by_member", "claimed_by_organization")
    filterset_class = filters.WishFilter
    columns = tables.WISH_COLUMNS
    row_action = "办理"
    heading, export_name, create_name, create_label = (
        "微心愿",
        "service:wishes_export",
        "service:wish_create",
        "发布微心愿",
    )


class WishExport(WishList, _Export):
    title = "微心愿"


class WishCreate(_Create):
    creates = Wish
    model = Wish
    form_class = forms.WishForm
    list_name = "service:wishes"
    success_message = "已发布微心愿，党员可在手机上认领"

    def service(self):
        return services.post_wish

    def title(self):
        return "发布微心愿"

    def intro(self):
        return "社区联系人提出的心愿由联系该社区的党组织代为登记；党组织也可以自己发布。"


class WishDetail(ScopedDetailView):
    model = Wish
    select_related = ("organization", "community", "claimed_by_member", "claimed_by_organization")
    template_name = "service/wish_detail.html"

    def get_context_data(self):
        wish, user = self.object, self.request.user
        keeper = can(user, CHANGE, wish.organization.path)
        return {
            "wish": wish,
            "evidence": list(wish.evidence.all()),
            "member": services.own_member(user),
            "may_branch_claim": keeper and wish.status == Wish.Status.OPEN,
            "may_fulfil": wish.status == Wish.Status.CLAIMED and services.may_fulfil(user, wish),
            "may_confirm": keeper and wish.status == Wish.Status.FULFILLED,
        }


@login_required
@require_POST
@scoped(Wish, VIEW)
def wish_claim(request, wish):
    """A member claims a wish for themselves (a button on the phone page and on the wish's page)."""
    try:
        services.claim_wish(actor=request.user, wish=wish)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"已认领微心愿“{wish.title}”；兑现后请上传照片登记")
    return redirect(request.POST.get("next") == "mine" and reverse("service:mine") or wish.get_absolute_url())


class WishBranchClaim(ServiceFormView):
    model = Wish
    form_class = forms.BranchClaimForm
    success_message = "已由党组织认领该心愿"

    def service(self):
        return services.claim_wish

    def form_kwargs(self):
        return {"user": self.request.user}

    def title(self):
        return f"以党组织名义认领：{self.object.title}"


class WishFulfil(ServiceFormView):
    model = Wish
    action: ClassVar[str] = VIEW  # the member who claimed it fulfils it; the service checks who may
    form_class = forms.FulfilForm
    template_name = "service/upload_form.html"
    success_message = "已登记兑现，待登记党组织记录群众确认"

    def service(self):
        return services.fulfil_wish

    def initial(self):
        return {"fulfilled_on": timezone.localdate()}

    def title(self):
        return f"登记兑现：{self.object.title}"

    def intro(self):
        if self.object.status != Wish.Status.CLAIMED:
            return f"该心愿现为“{self.object.get_status_display()}”，认领后才能登记兑现。"
        return "请上传兑现时的照片或材料（图片或PDF）。"


class WishConfirm(ServiceFormView):
    model = Wish
    form_class = forms.ConfirmForm
    success_message = "已记录群众确认"

    def service(self):
        return services.confirm_wish

    def initial(self):
        return {"confirmed_on": timezone.localdate()}

    def title(self):
        return f"记录群众确认：{self.object.title}"


# Projects ---------------------------------------------------------------------------------------------------------


class ProjectList(_List):
    model = Project
    links_to_edit = True
    select_related = ("organization", "work_task")
    filterset_class = filters.ProjectFilter
    columns = tables.PROJECT_COLUMNS
    heading, export_name, create_name, create_label = (
        "我为群众办实事",
        "service:projects_export",
        "service:project_create",
        "登记实事项目",
    )


class ProjectExport(ProjectList, _Export):
    title = "我为群众办实事项目"


class ProjectCreate(_Create):
    creates = Project
    model = Project
    form_class = forms.ProjectCreateForm
    list_name = "service:projects"
    success_message = "已登记实事项目"

    def service(self):
        return services.save_project

    def title(self):
        return "登记实事项目"


class ProjectEdit(ServiceFormView):
    model = Project
    form_class = forms.ProjectForm
    template_name = "service/project_form.html"
    success_message = "已保存实事项目"

    def service(self):
        return services.save_project

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        p = self.object
        fields = ("title", "community", "goals", "status", "started_on", "progress", "results", "finished_on")
        return {**{name: getattr(p, name) for name in fields}, "work_task": p.work_task_id}

    def title(self):
        return f"实事项目：{self.object}"

    def back_url(self):
        return reverse("service:projects")

    def success_url(self, result):
        return reverse("service:projects")

    def extra_context(self):
        task = self.object.work_task
        return {"task": task, "task_progress": list(task.progress.all()[:6]) if task is not None else []}


# The member's own page ----------------------------------------------------------------------------------------------


@login_required
@collection(Member)
def mine(request):
    member = services.own_member(request.user)
    if member is None:
        return render(request, "mine/no_member.html", {"title": "为民服务", "message": "您的账号未关联党员信息"})
    wishes = Wish.objects.visible_to(request.user).select_related("community")
    records = ServiceRecord.objects.filter(member=member).select_related("community")
    return render(
        request,
        "service/mine.html",
        {
            "title": "为民服务",
            "member": member,
            "open_wishes": wishes.filter(status=Wish.Status.OPEN),
            "my_wishes": wishes.filter(claimed_by_member=member),
            "records": records[:20],
            "hours": services.volunteer_hours(member),
            "registrations": Registration.objects.filter(member=member).select_related("community"),
        },
    )
