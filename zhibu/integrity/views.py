"""The integrity pages: the risk register (list, export, one risk with its reviews, create, review) and the early-stage
discipline records (list, export, one record, create, edit), the latter only for 纪检 and the committee."""

from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.scoping import CHANGE, can
from zhibu.integrity import services
from zhibu.integrity.filters import DisciplineFilter, RiskPointFilter, RiskReviewFilter
from zhibu.integrity.forms import DisciplineEditForm, DisciplineForm, ReviewForm, RiskForm
from zhibu.integrity.models import DisciplineRecord, RiskPoint, RiskReview, discipline_paths
from zhibu.integrity.tables import (
    DISCIPLINE_COLUMNS,
    DISCIPLINE_LIST_COLUMNS,
    REVIEW_COLUMNS,
    RISK_COLUMNS,
    RISK_LIST_COLUMNS,
)


class RiskList(ScopedListView):
    model = RiskPoint
    select_related = ("organization",)
    filterset_class = RiskPointFilter
    columns = RISK_LIST_COLUMNS
    template_name = "integrity/risk_list.html"
    scope_parameter = "organization"
    default_filters = {"active": "true"}

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["may_keep_discipline"] = bool(discipline_paths(self.request.user))
        return context


class RiskExport(RiskList, ScopedExportView):
    columns = RISK_COLUMNS
    title = "廉政风险点台账"
    event = Event.RISK_EXPORTED


class ReviewList(ScopedListView):
    """The periodic reviews of the risk register, newest first: the 复查 part of the 廉政风险防控 ledger."""

    model = RiskReview
    select_related = ("risk__organization",)
    filterset_class = RiskReviewFilter
    columns = REVIEW_COLUMNS
    template_name = "integrity/review_list.html"
    scope_parameter = "organization"


class ReviewExport(ReviewList, ScopedExportView):
    title = "廉政风险点复查台账"
    event = Event.RISK_REVIEWS_EXPORTED


class RiskDetail(ScopedDetailView):
    model = RiskPoint
    select_related = ("organization",)
    template_name = "integrity/risk_detail.html"

    def get_context_data(self):
        risk = self.object
        return {
            "risk": risk,
            "reviews": RiskReview.objects.filter(risk=risk),
            "overdue": risk.review_overdue(timezone.localdate()),
            "may_change": can(self.request.user, CHANGE, risk.organization.path),
        }


class RiskCreate(ServiceFormView):
    model = RiskPoint
    object_kwarg: ClassVar[str | None] = None
    creates = RiskPoint
    form_class = RiskForm
    success_message = "已登记廉政风险点"

    def service(self):
        return services.create_risk

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        return {"identified_on": timezone.localdate(), "review_interval_months": 6}

    def title(self):
        return "登记廉政风险点"

    def back_url(self):
        return reverse("integrity:risks")


class RiskReviewCreate(ServiceFormView):
    model = RiskPoint
    creates = RiskReview
    form_class = ReviewForm
    success_message = "已登记复查，下次复查日期已顺延"

    def service(self):
        return services.review_risk

    def initial(self):
        return {"reviewed_on": timezone.localdate(), "level": self.object.level, "active": True}

    def title(self):
        return f"复查廉政风险点：{self.object}"

    def success_url(self, result):
        return self.object.get_absolute_url()


class DisciplineList(ScopedListView):
    model = DisciplineRecord
    select_related = ("organization", "member")
    filterset_class = DisciplineFilter
    columns = DISCIPLINE_LIST_COLUMNS
    template_name = "integrity/discipline_list.html"
    scope_parameter = "organization"


class DisciplineExport(DisciplineList, ScopedExportView):
    export_columns = DISCIPLINE_COLUMNS
    title = "早期处置记录"
    event = Event.DISCIPLINE_EXPORTED


class DisciplineDetail(ScopedDetailView):
    model = DisciplineRecord
    select_related = ("organization", "member", "recorded_by")
    template_name = "integrity/discipline_detail.html"

    def get_context_data(self):
        return {"record": self.object}


class DisciplineCreate(ServiceFormView):
    model = DisciplineRecord
    object_kwarg: ClassVar[str | None] = None
    creates = DisciplineRecord
    form_class = DisciplineForm
    success_message = "已登记早期处置记录"

    def dispatch(self, request, *args, **kwargs):
        # Not even the empty form for anyone but 纪检 and the committee: the page itself says the records exist.
        if request.user.is_authenticated and not discipline_paths(request.user):
            raise PermissionDenied(services.NOT_KEEPER)
        return super().dispatch(request, *args, **kwargs)

    def service(self):
        return services.record_discipline

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        return {"happened_on": timezone.localdate()}

    def title(self):
        return "登记早期处置记录（提醒谈话、函询、诫勉）"

    def intro(self):
        return "本记录仅纪检人员和党组织委员会委员可见，不出现在党员名册、其他页面和导出中。"

    def back_url(self):
        return reverse("integrity:disciplines")


class DisciplineEdit(ServiceFormView):
    model = DisciplineRecord
    form_class = DisciplineEditForm

    def service(self):
        return services.update_discipline

    def form_kwargs(self):
        return {"instance": self.object}

    def title(self):
        return f"修改早期处置记录：{self.object}"
