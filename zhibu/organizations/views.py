from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhibu.core import idempotency
from zhibu.core.routes import collection, scoped
from zhibu.core.scoping import CHANGE, EXPORT, can, visible_or_404
from zhibu.core.tables import xlsx_response
from zhibu.core.views import call_service, create_from_form, paginate, safe_next
from zhibu.organizations import services
from zhibu.organizations.filters import OrganizationFilter, UnitFilter
from zhibu.organizations.forms import OrganizationForm, OrganizationStatusForm, UnitForm
from zhibu.organizations.middleware import SCOPE_SESSION_KEY
from zhibu.organizations.models import Organization, Unit
from zhibu.organizations.panels import panels_for
from zhibu.organizations.tables import ORGANIZATION_COLUMNS, UNIT_COLUMNS


def _organization_filter(request, action="view"):
    queryset = Organization.objects.visible_to(request.user, action).select_related("parent")
    params = request.GET.copy()
    if "within" not in params and request.scope_org is not None:
        params["within"] = str(request.scope_org.pk)
    return OrganizationFilter(params, queryset=queryset, user=request.user)


@login_required
@collection(Organization)
def organization_list(request):
    organization_filter = _organization_filter(request)
    may_create = _form_choices(request)[0].exists()
    page, query = paginate(request, organization_filter.qs, per_page=100)
    base_depth = min((org.depth for org in page.object_list), default=1)
    rows = [(org, min(org.depth - base_depth, 5)) for org in page.object_list]
    return render(
        request,
        "organizations/organization_list.html",
        {"filter": organization_filter, "page": page, "rows": rows, "query": query, "may_create": may_create},
    )


@login_required
@collection(Organization, EXPORT)
def organization_export(request):
    organization_filter = _organization_filter(request, EXPORT)
    return xlsx_response(
        actor=request.user,
        title="党组织列表",
        columns=ORGANIZATION_COLUMNS,
        objects=organization_filter.qs,
        event="organization.exported",
        organization=request.scope_org,
        filters=request.GET.urlencode(),
    )


@login_required
@scoped(Organization, queryset=lambda: Organization.objects.select_related("parent", "merged_into"))
def organization_detail(request, organization):
    children = Organization.objects.visible_to(request.user).filter(parent=organization)
    ancestors = list(organization.ancestors().visible_to(request.user))
    context = {
        "organization": organization,
        "ancestors": ancestors,
        # The organisation above is named to everyone, but linked only for those who may open it.
        "parent_visible": any(a.pk == organization.parent_id for a in ancestors),
        "children": children,
        "units": organization.units.all(),
        "panels": panels_for(request, organization),
        "can_change": can(request.user, CHANGE, organization.path),
    }
    return render(request, "organizations/organization_detail.html", context)


def _form_choices(request):
    parents = Organization.objects.visible_to(request.user, CHANGE).filter(status=Organization.Status.ACTIVE)
    units = Unit.objects.visible_to(request.user)
    return parents, units


@login_required
@require_http_methods(["GET", "POST"])
@collection(Organization, CHANGE)
def organization_create(request):
    parents, units = _form_choices(request)
    if not parents.exists():
        raise PermissionDenied("您没有可以在其下新建组织的党组织")
    initial = {"founded_on": timezone.localdate()}
    parent_id = request.GET.get("parent")
    if parent_id and parent_id.isdigit():
        initial["parent"] = parents.filter(pk=parent_id).first()
    form = OrganizationForm(request.POST or None, parents=parents, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop(idempotency.FORM_FIELD)
        organization, created = create_from_form(
            request, form, services.create_organization, model=Organization, **data
        )
        if organization is not None:
            if created:
                messages.success(request, f"已建立“{organization.name}”")
            return redirect(organization)
    return render(
        request, "core/form.html", {"form": form, "title": "新建党组织", "back": reverse("organizations:list")}
    )


@login_required
@require_http_methods(["GET", "POST"])
@scoped(Organization, CHANGE)
def organization_update(request, organization):
    parents, units = _form_choices(request)
    if organization.parent and not parents.filter(pk=organization.parent_id).exists():
        parents = Organization.objects.filter(pk=organization.parent_id) | parents  # keep the current value valid
    form = OrganizationForm(request.POST or None, instance=organization, parents=parents, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        updated = call_service(
            form, services.update_organization, actor=request.user, organization=organization, **data
        )
        if updated is not None:
            messages.success(request, "已保存")
            return redirect(updated)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": f"修改：{organization.name}", "back": organization.get_absolute_url()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@scoped(Organization, CHANGE)
def organization_status(request, organization):
    targets = (
        Organization.objects.visible_to(request.user, CHANGE)
        .filter(kind=organization.kind, status=Organization.Status.ACTIVE)
        .exclude(pk=organization.pk)
    )
    form = OrganizationStatusForm(
        request.POST or None,
        targets=targets,
        initial={"status": organization.status, "status_changed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = call_service(
            form,
            services.change_status,
            actor=request.user,
            organization=organization,
            status=data["status"],
            on=data["status_changed_on"],
            merged_into=data["merged_into"],
        )
        if changed is not None:
            messages.success(request, f"状态已改为“{changed.get_status_display()}”")
            return redirect(changed)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": f"变更状态：{organization.name}",
            "back": organization.get_absolute_url(),
            "intro": "撤销或合并前，须先处理下级组织和在册党员。有记录的组织不会被删除，历史记录保留。",
        },
    )


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


@login_required
@collection(Unit)
def unit_list(request):
    unit_filter = UnitFilter(
        request.GET, queryset=Unit.objects.visible_to(request.user).select_related("owner"), user=request.user
    )
    page, query = paginate(request, unit_filter.qs)
    return render(request, "organizations/unit_list.html", {"filter": unit_filter, "page": page, "query": query})


@login_required
@collection(Unit, EXPORT)
def unit_export(request):
    unit_filter = UnitFilter(
        request.GET, queryset=Unit.objects.visible_to(request.user, EXPORT).select_related("owner"), user=request.user
    )
    return xlsx_response(
        actor=request.user,
        title="单位列表",
        columns=UNIT_COLUMNS,
        objects=unit_filter.qs,
        event="unit.exported",
        organization=request.scope_org,
        filters=request.GET.urlencode(),
    )


@login_required
@require_http_methods(["GET", "POST"])
@collection(Organization, CHANGE)
def unit_create(request):
    owners = Organization.objects.visible_to(request.user, CHANGE)
    form = UnitForm(request.POST or None, owners=owners, initial={"owner": request.scope_org})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop(idempotency.FORM_FIELD)
        unit, created = create_from_form(request, form, services.create_unit, model=Unit, **data)
        if unit is not None:
            if created:
                messages.success(request, f"已添加单位“{unit.name}”")
            return redirect("organizations:unit_list")
    return render(
        request, "core/form.html", {"form": form, "title": "添加单位", "back": reverse("organizations:unit_list")}
    )


@login_required
@require_http_methods(["GET", "POST"])
@scoped(Unit, CHANGE)
def unit_update(request, unit):
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        if call_service(form, services.update_unit, actor=request.user, unit=unit, **form.cleaned_data) is not None:
            messages.success(request, "已保存")
            return redirect("organizations:unit_list")
    return render(
        request,
        "core/form.html",
        {"form": form, "title": f"修改单位：{unit.name}", "back": reverse("organizations:unit_list")},
    )
