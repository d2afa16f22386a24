"""The care registry's pages: the members in care (list, export), one member's listing with its visits and the form
for the next one, and all visits and support (list, export with the amounts)."""

from typing import ClassVar

from django.urls import reverse
from django.utils import timezone

from zhibu.care import services
from zhibu.care.filters import CareCaseFilter, CareVisitFilter
from zhibu.care.forms import CaseEditForm, CaseForm, VisitForm
from zhibu.care.models import CareCase, CareVisit
from zhibu.care.tables import CASE_COLUMNS, CASE_LIST_COLUMNS, VISIT_COLUMNS, visit_total
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView


class CaseList(ScopedListView):
    model = CareCase
    select_related = ("organization", "member")
    filterset_class = CareCaseFilter
    columns = CASE_LIST_COLUMNS
    template_name = "care/case_list.html"
    scope_parameter = "organization"
    default_filters = {"current": "true"}


class CaseExport(CaseList, ScopedExportView):
    columns = CASE_COLUMNS
    title = "关怀对象名册"
    event = Event.CARE_EXPORTED


class CaseDetail(ScopedDetailView):
    model = CareCase
    select_related = ("organization", "member")
    template_name = "care/case_detail.html"

    def get_context_data(self):
        visits = list(CareVisit.objects.filter(case=self.object).select_related("recorded_by"))
        return {
            "case": self.object,
            "visits": visits,
            "total": visit_total(visits),
            "open": self.object.is_open(timezone.localdate()),
        }


class CaseCreate(ServiceFormView):
    model = CareCase
    object_kwarg: ClassVar[str | None] = None
    creates = CareCase
    form_class = CaseForm
    success_message = "已列入关怀对象"

    def service(self):
        return services.register_case

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        return {"since": timezone.localdate()}

    def title(self):
        return "列入关怀对象"

    def intro(self):
        return "生活困难党员、老党员和离退休党员列入关怀名单后，节日前（春节、七一、中秋、重阳）和政治生日前会出现在待办中。"

    def back_url(self):
        return reverse("care:list")


class CaseEdit(ServiceFormView):
    model = CareCase
    form_class = CaseEditForm

    def service(self):
        return services.update_case

    def form_kwargs(self):
        return {"instance": self.object}

    def title(self):
        return f"修改关怀对象：{self.object}"


class VisitCreate(ServiceFormView):
    model = CareCase
    creates = CareVisit
    form_class = VisitForm
    success_message = "已登记走访慰问或帮扶"

    def service(self):
        return services.record_visit

    def initial(self):
        return {"visited_on": timezone.localdate(), "kind": self.request.GET.get("kind", "condolence")}

    def title(self):
        return f"登记走访慰问或帮扶：{self.object}"

    def success_url(self, result):
        return self.object.get_absolute_url()


class VisitList(ScopedListView):
    model = CareVisit
    select_related = ("case__organization", "case__member")
    filterset_class = CareVisitFilter
    columns = VISIT_COLUMNS
    template_name = "care/visit_list.html"
    scope_parameter = "organization"


class VisitExport(VisitList, ScopedExportView):
    title = "走访慰问与帮扶台账"
    event = Event.CARE_VISITS_EXPORTED
