"""Reporting up the line: the answers (each recipient sees its own, the sender all of its request's), the requests a
committee sent, the request's page with who has not answered and the one-step reminder, the answer form (a form, a
file, or the generated 月报), the sender's review (审核通过 / 退回), and the burden page with its export."""

from typing import ClassVar

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import (
    ScopedDetailView,
    ScopedExportView,
    ScopedListView,
    ServiceFormView,
    organization_in_scope,
)
from zhibu.core.parameters import ReportParameters
from zhibu.core.routes import collection
from zhibu.core.scoping import CHANGE, EXPORT, VIEW, can
from zhibu.core.tables import rows_for_display, xlsx_response
from zhibu.organizations.models import Organization
from zhibu.reporting import services
from zhibu.reporting.burden import burden, totals
from zhibu.reporting.filters import ReportAnswerFilter, ReportRequestFilter
from zhibu.reporting.forms import AnswerForm, RemindForm, RequestForm, ReviewForm
from zhibu.reporting.generated import GENERATED
from zhibu.reporting.models import OPEN_STATUSES, AnswerKind, AnswerStatus, ReportAnswer, ReportRequest
from zhibu.reporting.tables import ANSWER_COLUMNS, BURDEN_COLUMNS, REQUEST_COLUMNS


class AnswerList(ScopedListView):
    model = ReportAnswer
    select_related = ("request__organization", "organization")
    filterset_class = ReportAnswerFilter
    columns = ANSWER_COLUMNS
    template_name = "reporting/answer_list.html"
    scope_parameter = "organization"


class AnswerExport(AnswerList, ScopedExportView):
    title = "报送情况"
    event = Event.REPORT_EXPORTED


class RequestList(ScopedListView):
    model = ReportRequest
    select_related = ("organization",)
    filterset_class = ReportRequestFilter
    columns = REQUEST_COLUMNS
    template_name = "reporting/request_list.html"
    scope_parameter = "organization"


class RequestExport(RequestList, ScopedExportView):
    title = "报送要求"
    event = Event.REPORT_EXPORTED


class RequestDetail(ScopedDetailView):
    model = ReportRequest
    select_related = ("organization", "sent_by")
    template_name = "reporting/request_detail.html"

    def get_context_data(self):
        today = timezone.localdate()
        answers = list(self.object.answers.select_related("organization").order_by("organization__path"))
        return {
            "reportrequest": self.object,
            "answers": answers,
            "laggards": [answer for answer in answers if answer.status in OPEN_STATUSES],
            "overdue": self.object.deadline < today,
            "can_change": can(self.request.user, CHANGE, self.object.organization.path),
        }


class RequestCreate(ServiceFormView):
    model = Organization
    object_kwarg: ClassVar[str | None] = None
    creates = ReportRequest
    form_class = RequestForm
    success_message = "已发送报送要求，接收组织的待办中会出现该事项"

    def service(self):
        return services.send_request

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        return {"answer_kind": AnswerKind.MONTHLY, "reach": "branches"}

    def title(self):
        return "发送报送要求"

    def intro(self):
        return (
            "向下级组织布置工作或要求报送材料。要求报送组织生活月报或中心组学习台账时，"
            "下级直接报送系统按记录生成的月报或台账，无需重新填写。"
        )

    def back_url(self):
        return reverse("reporting:requests")


class RemindLaggards(ServiceFormView):
    model = ReportRequest
    form_class = RemindForm
    success_message = "已向未报送的组织催报"

    def service(self):
        return services.remind_laggards

    def title(self):
        return f"一键催报：{self.object}"

    def intro(self):
        waiting = self.object.answers.filter(status__in=OPEN_STATUSES).select_related("organization")
        names = "、".join(str(answer.organization) for answer in waiting) or "无"
        return f"将向以下尚未报送（或被退回未重报）的组织发出催报，催报记入其待办：{names}。"

    def message(self, result):
        return f"已向{result}个未报送的组织催报"


class AnswerDetail(ScopedDetailView):
    model = ReportAnswer
    select_related = ("request__organization", "organization", "attachment", "submitted_by")
    template_name = "reporting/answer_detail.html"

    def get_context_data(self):
        answer = self.object
        user = self.request.user
        return {
            "answer": answer,
            "reportrequest": answer.request,
            "overdue": answer.overdue(timezone.localdate()),
            "may_submit": answer.is_open and can(user, CHANGE, answer.organization.path),
            "may_review": answer.status == AnswerStatus.SUBMITTED
            and can(user, CHANGE, answer.request.organization.path),
        }


class AnswerSubmit(ServiceFormView):
    model = ReportAnswer
    select_related = ("request", "organization")
    form_class = AnswerForm
    success_message = "已报送，等待上级审核"

    def service(self):
        return services.submit_answer

    def form_kwargs(self):
        return {"answer": self.object}

    def service_kwargs(self, data):
        form = AnswerForm(data={}, answer=self.object)
        form.cleaned_data = data
        return {"answer": self.object, **form.service_data()}

    def title(self):
        return f"报送：{self.object.request.title}"

    def intro(self):
        request = self.object.request
        generated = GENERATED.get(request.answer_kind)
        if generated is not None:
            return generated.intro
        return request.body


class AnswerReview(ServiceFormView):
    model = ReportAnswer
    select_related = ("request__organization", "organization")
    form_class = ReviewForm
    success_message = "已审核"

    def get(self, request, *args, **kwargs):
        self._only_sender()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._only_sender()
        return super().post(request, *args, **kwargs)

    def _only_sender(self) -> None:
        services.require_sender(self.request.user, self.object)

    def service(self):
        return services.review_answer

    def service_kwargs(self, data):
        return {"answer": self.object, "accept": data["decision"] == "accept", "reason": data.get("reason", "")}

    def title(self):
        return f"审核报送：{self.object}"


def _burden_parameters(request):
    parameters = ReportParameters(
        request.GET,
        user=request.user,
        organizations=Organization.objects,
        default_organization=organization_in_scope(request)
        or Organization.objects.visible_to(request.user).order_by("depth", "path").first(),
    )
    parameters.warn(request)
    return parameters.chosen_organization, parameters.chosen_year


@login_required
@collection(ReportAnswer, VIEW)
def burden_page(request):
    """报送负担: per branch and year, the requests received, the fields typed and how many could be generated."""
    organization, year = _burden_parameters(request)
    rows = burden(request.user, organization, year) if organization is not None else []
    return render(
        request,
        "reporting/burden.html",
        {
            "organization": organization,
            "year": year,
            "headers": [column.header for column in BURDEN_COLUMNS],
            "rows": rows_for_display(BURDEN_COLUMNS, rows),
            "totals": totals(rows),
            "organizations": Organization.objects.visible_to(request.user).order_by("path"),
        },
    )


@login_required
@collection(ReportAnswer, EXPORT)
def burden_export(request):
    organization, year = _burden_parameters(request)
    rows = burden(request.user, organization, year, EXPORT) if organization is not None else []
    return xlsx_response(
        actor=request.user,
        title=f"{year}年报送负担统计",
        columns=BURDEN_COLUMNS,
        objects=rows,
        event=Event.REPORT_BURDEN_EXPORTED,
        organization=organization,
        filters=f"year={year}",
    )
