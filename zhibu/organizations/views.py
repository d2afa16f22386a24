from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import (
    ScopedDetailView,
    ScopedExportView,
    ScopedListView,
    ServiceFormView,
    organization_in_scope,
)
from zhibu.core.routes import collection, scoped
from zhibu.core.scoping import CHANGE, can, visible_or_404
from zhibu.core.views import safe_next
from zhibu.organizations import services
from zhibu.organizations.filters import OrganizationFilter, UnitFilter
from zhibu.organizations.forms import OrganizationForm, OrganizationStatusForm, UnitForm
from zhibu.organizations.middleware import SCOPE_SESSION_KEY
from zhibu.organizations.models import Organization, Unit
from zhibu.organizations.panels import panels_for
from zhibu.organizations.tables import ORGANIZATION_COLUMNS, UNIT_COLUMNS


class OrganizationList(ScopedListView):
    model = Organization
    select_related = ("parent",)
    filterset_class = OrganizationFilter
    template_name = "organizations/organization_list.html"
    scope_parameter = "within"
    per_page = 100

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        # The tree is indented from the shallowest organisation on the page, at most five steps.
        base_depth = min((org.depth for org in page.object_list), default=1)
        context["rows"] = [(org, min(org.depth - base_depth, 5)) for org in page.object_list]
        context["may_create"] = _form_choices(self.request)[0].exists()
        return context


class OrganizationExport(OrganizationList, ScopedExportView):
    columns = ORGANIZATION_COLUMNS
    title = "党组织列表"
    event = Event.ORGANIZATION_EXPORTED


class OrganizationDetail(ScopedDetailView):
    model = Organization
    select_related = ("parent", "merged_into")
    template_name = "organizations/organization_detail.html"

    def get_context_data(self):
        organization, user = self.object, self.request.user
        ancestors = list(organization.ancestors().visible_to(user))
        return {
            "organization": organization,
            "ancestors": ancestors,
            # The organisation above is named to everyone, but linked only for those who may open it.
            "parent_visible": any(a.pk == organization.parent_id for a in ancestors),
            "children": Organization.objects.visible_to(user).filter(parent=organization),
            "units": organization.units.all(),
            "panels": panels_for(self.request, organization),
            "can_change": can(user, CHANGE, organization.path),
        }


def _form_choices(request):
    parents = Organization.objects.visible_to(request.user, CHANGE).filter(status=Organization.Status.ACTIVE)
    units = Unit.objects.visible_to(request.user)
    return parents, units


class OrganizationCreate(ServiceFormView):
    model = Organization
    object_kwarg = None
    creates = Organization
    form_class = OrganizationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.parents, self.units = _form_choices(request)
            if not self.parents.exists():
                raise PermissionDenied("您没有可以在其下新建组织的党组织")
        return super().dispatch(request, *args, **kwargs)

    def service(self):
        return services.create_organization

    def form_kwargs(self):
        return {"parents": self.parents, "units": self.units}

    def initial(self):
        initial = {"founded_on": timezone.localdate()}
        parent_id = self.request.GET.get("parent")
        if parent_id and parent_id.isdigit():
            initial["parent"] = self.parents.filter(pk=parent_id).first()
        return initial

    def title(self):
        return "新建党组织"

    def back_url(self):
        return reverse("organizations:list")

    def message(self, result):
        return f"已建立“{result.name}”"


class OrganizationUpdate(ServiceFormView):
    model = Organization
    form_class = OrganizationForm

    def service(self):
        return services.update_organization

    def form_kwargs(self):
        parents, units = _form_choices(self.request)
        parent_id = self.object.parent_id
        if parent_id and not parents.filter(pk=parent_id).exists():
            parents = Organization.objects.filter(pk=parent_id) | parents  # keep the current value valid
        return {"instance": self.object, "parents": parents, "units": units}

    def title(self):
        return f"修改：{self.object.name}"


class OrganizationStatus(ServiceFormView):
    model = Organization
    form_class = OrganizationStatusForm

    def service(self):
        return services.change_status

    def form_kwargs(self):
        targets = (
            Organization.objects.visible_to(self.request.user, CHANGE)
            .filter(kind=self.object.kind, status=Organization.Status.ACTIVE)
            .exclude(pk=self.object.pk)
        )
        return {"targets": targets}

    def initial(self):
        return {"status": self.object.status, "status_changed_on": timezone.localdate()}

    def service_kwargs(self, data):
        return {
            "organization": self.object,
            "status": data["status"],
            "on": data["status_changed_on"],
            "merged_into": data["merged_into"],
        }

    def title(self):
        return f"变更状态：{self.object.name}"

    def intro(self):
        return "撤销或合并前，须先处理下级组织和在册党员。有记录的组织不会被删除，历史记录保留。"

    def message(self, result):
        return f"状态已改为“{result.get_status_display()}”"


@login_required
@require_POST
@scoped(Organization, CHANGE)
def organization_delete(request, organization):
    parent = organization.parent
    try:
        services.delete_organization(actor=request.user, organization=organization)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect(organization)
    messages.success(request, "已删除")
    return redirect(parent or reverse("organizations:list"))


@login_required
@require_POST
@collection(Organization)
def switch_scope(request):
    # The organisation comes from the form, not the URL: any one the user may see can be put in scope.
    organization = visible_or_404(Organization.objects, request.user, pk=request.POST.get("organization"))
    request.session[SCOPE_SESSION_KEY] = organization.pk
    return HttpResponseRedirect(safe_next(request, reverse("dashboards:home")))


class UnitList(ScopedListView):
    model = Unit
    select_related = ("owner",)
    filterset_class = UnitFilter
    template_name = "organizations/unit_list.html"


class UnitExport(UnitList, ScopedExportView):
    columns = UNIT_COLUMNS
    title = "单位列表"
    event = Event.UNIT_EXPORTED


class UnitCreate(ServiceFormView):
    model = Organization  # the owner is chosen among the organisations the user may change
    object_kwarg = None
    creates = Unit
    form_class = UnitForm

    def service(self):
        return services.create_unit

    def form_kwargs(self):
        return {"owners": self.scoped_queryset()}

    def initial(self):
        return {"owner": organization_in_scope(self.request)}

    def title(self):
        return "添加单位"

    def back_url(self):
        return reverse("organizations:unit_list")

    def success_url(self, result):
        return reverse("organizations:unit_list")

    def message(self, result):
        return f"已添加单位“{result.name}”"


class UnitUpdate(ServiceFormView):
    model = Unit
    form_class = UnitForm

    def service(self):
        return services.update_unit

    def form_kwargs(self):
        return {"instance": self.object}

    def title(self):
        return f"修改单位：{self.object.name}"

    def back_url(self):
        return reverse("organizations:unit_list")

    def success_url(self, result):
        return reverse("organizations:unit_list")
