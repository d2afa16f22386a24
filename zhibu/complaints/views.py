"""The officials' pages: the complaints of their organisations (list, export, one complaint with its steps and the
form for the next one), the intake points with their printable QR posters, and the kinds with their deadlines."""

from typing import ClassVar

import segno
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from zhibu.complaints import services
from zhibu.complaints.filters import ComplaintFilter, IntakePointFilter
from zhibu.complaints.forms import IntakePointEditForm, IntakePointForm, KindForm, StepForm
from zhibu.complaints.models import Complaint, ComplaintKind, ComplaintStep, IntakePoint
from zhibu.complaints.tables import COMPLAINT_COLUMNS, INTAKE_COLUMNS, LIST_COLUMNS
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.masking import mask_phone
from zhibu.core.scoping import CHANGE, can


class ComplaintList(ScopedListView):
    model = Complaint
    select_related = ("organization", "kind", "intake_point")
    filterset_class = ComplaintFilter
    columns = LIST_COLUMNS
    template_name = "complaints/complaint_list.html"
    scope_parameter = "organization"


class ComplaintExport(ComplaintList, ScopedExportView):
    columns = COMPLAINT_COLUMNS
    title = "效能投诉"
    event = Event.COMPLAINT_EXPORTED


class ComplaintDetail(ScopedDetailView):
    model = Complaint
    select_related = ("organization", "kind", "intake_point")
    template_name = "complaints/complaint_detail.html"

    def get_context_data(self):
        complaint = self.object
        step = services.next_step(complaint)
        may_change = can(self.request.user, CHANGE, complaint.organization.path)
        form = None
        if step is not None and may_change:
            form = StepForm(initial={"kind": step.value, "happened_on": timezone.localdate()})
        return {
            "complaint": complaint,
            "masked_contact": mask_phone(complaint.contact),
            "steps": ComplaintStep.objects.filter(complaint=complaint).select_related("recorded_by"),
            "images": list(complaint.images.all()),
            "overdue": complaint.is_overdue(timezone.localdate()),
            "next_step": step,
            "form": form,
        }


class StepCreate(ServiceFormView):
    model = Complaint
    form_class = StepForm
    success_message = "已登记办理步骤"

    def service(self):
        return services.record_step

    def initial(self):
        step = services.next_step(self.object)
        return {"kind": step.value if step else "", "happened_on": timezone.localdate()}

    def title(self):
        return f"登记办理步骤：{self.object}"

    def success_url(self, result):
        return self.object.get_absolute_url()


class IntakePointList(ScopedListView):
    model = IntakePoint
    select_related = ("organization",)
    filterset_class = IntakePointFilter
    columns = INTAKE_COLUMNS
    template_name = "complaints/intake_list.html"
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["can_change"] = bool(self.request.user.scope_paths(CHANGE)[0])
        return context


class IntakePointExport(IntakePointList, ScopedExportView):
    title = "投诉受理点"
    event = Event.COMPLAINT_INTAKE_EXPORTED


class IntakePointCreate(ServiceFormView):
    model = IntakePoint
    object_kwarg: ClassVar[str | None] = None
    creates = IntakePoint
    form_class = IntakePointForm
    success_message = "已新建投诉受理点，请打印二维码海报张贴"

    def service(self):
        return services.create_intake_point

    def form_kwargs(self):
        return {"user": self.request.user}

    def title(self):
        return "新建投诉受理点"

    def intro(self):
        return "每个单位、窗口或服务大厅一个受理点，各有一张二维码海报；群众扫码即可投诉，无需注册登录。"

    def back_url(self):
        return reverse("complaints:intake_points")


class IntakePointEdit(ServiceFormView):
    model = IntakePoint
    form_class = IntakePointEditForm

    def service(self):
        return services.update_intake_point

    def form_kwargs(self):
        return {"instance": self.object}

    def title(self):
        return f"修改投诉受理点：{self.object}"


class Poster(ScopedDetailView):
    """An A4 poster for one intake point: the unit's name, the QR code of its public form and a line on privacy."""

    model = IntakePoint
    select_related = ("organization",)
    template_name = "complaints/poster.html"

    def get_context_data(self):
        link = self.request.build_absolute_uri(self.object.public_path())
        return {
            "point": self.object,
            "link": link,
            "qr": segno.make(link, error="m").svg_data_uri(scale=10, border=2),
            "can_change": can(self.request.user, CHANGE, self.object.organization.path),
        }


class KindSettings(ServiceFormView):
    """The kinds with their deadlines and a form for a new one; ``KindEdit`` is the same page with one kind."""

    model = ComplaintKind
    object_kwarg: ClassVar[str | None] = None
    form_class = KindForm
    template_name = "complaints/kinds.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_platform_admin:
            raise PermissionDenied(services.KIND_EDITORS_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def service(self):
        return services.save_kind

    def form_kwargs(self):
        return {"instance": self.object}

    def service_kwargs(self, data):
        return {"kind": self.object, **data}

    def title(self):
        return "投诉类别与办理时限"

    def back_url(self):
        return reverse("complaints:kinds")

    def success_url(self, result):
        return reverse("complaints:kinds")

    def message(self, result):
        return f"已保存投诉类别“{result.name}”（办理时限{result.deadline_days}天）"

    def extra_context(self):
        return {"kinds": ComplaintKind.objects.all(), "editing": self.object}


class KindEdit(KindSettings):
    object_kwarg = "pk"
