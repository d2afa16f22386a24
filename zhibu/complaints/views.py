"""The officials' pages: the complaints of their organisations (list, export, one complaint with its steps and the
form for the next one), their return visits (回访), the intake points with their printable QR posters, and the kinds
with their deadlines."""

from typing import ClassVar

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from zhibu.complaints import due, services
from zhibu.complaints.filters import ComplaintFilter, IntakePointFilter, ReturnVisitFilter
from zhibu.complaints.forms import (
    IntakePointEditForm,
    IntakePointForm,
    KindForm,
    RectificationLinkForm,
    RectificationOpenForm,
    RefusalCloseForm,
    RefusalForm,
    RefusalReviewForm,
    ReturnVisitForm,
    StepForm,
)
from zhibu.complaints.models import Complaint, ComplaintKind, ComplaintStep, FollowUp, IntakePoint, Refusal, ReturnVisit
from zhibu.complaints.tables import (
    COMPLAINT_COLUMNS,
    INTAKE_COLUMNS,
    LIST_COLUMNS,
    RETURN_VISIT_COLUMNS,
    RETURN_VISIT_LIST_COLUMNS,
)
from zhibu.core.audit_catalogue import Event
from zhibu.core.formatting import cn_date
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.masking import mask_phone
from zhibu.core.scoping import CHANGE, can
from zhibu.members.models import Member


class ComplaintList(ScopedListView):
    model = Complaint
    select_related = ("organization", "kind", "intake_point", "refusal")
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
    select_related = ("organization", "kind", "intake_point", "rectification")
    template_name = "complaints/complaint_detail.html"

    def get_context_data(self):
        complaint = self.object
        step = services.next_step(complaint)
        may_change = can(self.request.user, CHANGE, complaint.organization.path)
        refusal = Refusal.objects.filter(complaint=complaint).select_related("next_level").first()
        form = None
        if step is not None and may_change:
            form = StepForm(initial={"kind": step.value, "happened_on": timezone.localdate()})
        visits = list(ReturnVisit.objects.filter(complaint=complaint).order_by("round"))
        owed = due.awaiting_visit(Complaint.objects.filter(pk=complaint.pk)).first()
        return {
            "complaint": complaint,
            "masked_contact": mask_phone(complaint.contact),
            "steps": ComplaintStep.objects.filter(complaint=complaint).select_related("recorded_by"),
            "visits": visits,
            "visit_owed_on": due.visit_owed_on(owed, owed.closed_on) if owed and owed.closed_on else None,
            "rectify_pending": complaint.rectification_id is None
            and any(visit.follow_up == FollowUp.RECTIFY for visit in visits),
            "images": list(complaint.images.all()),
            "overdue": complaint.is_overdue(timezone.localdate()),
            "card": due.label(complaint, timezone.localdate()),
            "next_step": step,
            "form": form,
            "may_change": may_change,
            "refusal": refusal,
            "escalated_on": refusal.escalated_on(timezone.localdate()) if refusal else None,
            "may_decide": bool(refusal) and services.may_decide(self.request.user, refusal),
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


class ReturnVisitList(ScopedListView):
    model = ReturnVisit
    select_related = ("complaint__organization", "complaint__kind", "complaint__intake_point")
    filterset_class = ReturnVisitFilter
    columns = RETURN_VISIT_LIST_COLUMNS
    template_name = "complaints/return_visit_list.html"
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["wait_days"] = settings.COMPLAINTS_RETURN_VISIT_WAIT_DAYS
        return context


class ReturnVisitExport(ReturnVisitList, ScopedExportView):
    columns = RETURN_VISIT_COLUMNS
    title = "投诉回访"
    event = Event.COMPLAINT_RETURN_VISITS_EXPORTED


class ReturnVisitCreate(ServiceFormView):
    """回访 on a closed complaint; an unsatisfied one carries its decision (and 纳入整改 goes on to the 整改 form)."""

    model = Complaint
    select_related = ("kind",)
    form_class = ReturnVisitForm
    success_message = "已登记回访"

    def service(self):
        return services.record_return_visit

    def initial(self):
        return {"visited_on": timezone.localdate(), "way": "phone"}

    def title(self):
        return f"登记回访：{self.object}"

    def intro(self):
        contact = mask_phone(self.object.contact) or "匿名（无法回访）"
        return f"联系电话：{contact}。回访后如实记录群众意见；群众不满意的，须作出处理决定并写明理由。"

    def message(self, result):
        if result.follow_up == FollowUp.REOPEN:
            return "已登记回访，投诉已重新办理：请从交办起登记办理步骤"
        if result.follow_up == FollowUp.RECTIFY and self.object.rectification_id is None:
            return "已登记回访，请新建或关联整改事项"
        return self.success_message

    def success_url(self, result):
        if result.follow_up == FollowUp.RECTIFY and self.object.rectification_id is None:
            return reverse("complaints:rectification_open", args=[self.object.pk])
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


class RefusalCreate(ServiceFormView):
    """说“不” on a complaint: the decision and its reason, dated and by a named official."""

    model = Complaint
    form_class = RefusalForm
    success_message = "已登记说“不”，请及时组织复核；本级未解决的将按期报上级"

    def service(self):
        return services.record_refusal

    def initial(self):
        return {"decided_on": timezone.localdate()}

    def title(self):
        return f"说“不”：{self.object}"

    def intro(self):
        return (
            f"不予办理须写明理由，并由本单位复核；本级无法解决的，在{settings.COMPLAINTS_REFUSAL_REPORT_WORKDAYS}"
            "个工作日内报上级组织决定（期满未解决的自动报上级）。"
        )

    def success_url(self, result):
        return self.object.get_absolute_url()


class RefusalReview(ServiceFormView):
    model = Refusal
    select_related = ("complaint",)
    form_class = RefusalReviewForm
    success_message = "已登记复核结论"

    def service(self):
        return services.review_refusal

    def initial(self):
        return {"reviewed_on": timezone.localdate()}

    def title(self):
        return f"复核说“不”：{self.object.complaint}"

    def intro(self):
        return f"不予办理的理由：{self.object.reason}（{self.object.official}，{cn_date(self.object.decided_on)}）"


class RefusalClose(ServiceFormView):
    """The next level's closing decision; the scope check on the next level itself is the service's."""

    model = Refusal
    select_related = ("complaint", "next_level")
    form_class = RefusalCloseForm
    success_message = "已登记上级组织的最终决定"

    def service(self):
        return services.close_refusal

    def initial(self):
        return {"closed_on": timezone.localdate()}

    def title(self):
        return f"上级决定：{self.object.complaint}"

    def get_form(self):
        # The unit's own officials see the matter and the decision once taken, but the form is the next level's.
        return super().get_form() if services.may_decide(self.request.user, self.object) else None

    def post(self, request, *args, **kwargs):
        if not services.may_decide(request.user, self.object):
            raise PermissionDenied(f"说“不”报上级后，由{self.object.next_level}作出最终决定")
        return super().post(request, *args, **kwargs)

    def intro(self):
        refusal = self.object
        review = f"；复核：{refusal.get_review_decision_display()}（{refusal.reviewer}）" if refusal.reviewed_on else ""
        return f"不予办理的理由：{refusal.reason}{review}"


class RectificationLink(ServiceFormView):
    model = Complaint
    form_class = RectificationLinkForm
    success_message = "已关联整改事项"

    def service(self):
        return services.link_rectification

    def form_kwargs(self):
        return {"complaint": self.object, "user": self.request.user}

    def title(self):
        return f"关联整改事项：{self.object}"

    def intro(self):
        return (
            "投诉反映出作风问题的，纳入督查整改闭环：选择已立项的整改事项（整改事项在“督查整改”中新建、报告和验收）。"
        )


class RectificationOpen(ServiceFormView):
    """新建整改事项 from a complaint: a finding with one item under an open inspection plan of the complaint's
    organisation, pre-filled from the complaint; the complaint is linked to the new item."""

    model = Complaint
    form_class = RectificationOpenForm
    success_message = "已新建整改事项并关联本投诉"

    def service(self):
        return services.open_rectification

    def _owners(self):
        return Member.objects.visible_to(self.request.user).filter(
            organization__path__startswith=self.object.organization.path, record_status="active"
        )

    def form_kwargs(self):
        return {"plans": services.plans_for(self.request.user, self.object), "owners": self._owners()}

    def initial(self):
        complaint = self.object
        return {
            "description": f"效能投诉（编号{complaint.pk}，{complaint.received_on:%Y年%m月%d日}收到，"
            f"{complaint.kind.name}）反映：{complaint.what}"[:2000],
            "task": f"针对群众投诉反映的{complaint.kind.name}问题查找原因、整改作风"[:300],
            "deadline": complaint.due_on if complaint.due_on >= timezone.localdate() else None,
            "required_evidence": "整改情况说明及相关材料",
        }

    def service_kwargs(self, data):
        plans = {plan.pk: plan for plan in services.plans_for(self.request.user, self.object)}
        owner = self._owners().filter(pk=data["owner"]).first() if data.get("owner") else None
        return {**data, "complaint": self.object, "plan": plans.get(data["plan"]), "owner": owner}

    def title(self):
        return f"新建整改事项：{self.object}"

    def intro(self):
        if not services.plans_for(self.request.user, self.object):
            return (
                f"没有您负责的、检查对象包括{self.object.organization}的进行中督查：请先在“督查整改”中建立督查，"
                "或请上级组织的检查人员新建。"
            )
        return "投诉反映出作风问题的，纳入督查整改闭环：记为所选督查的发现问题并提出整改要求，报告和验收在“督查整改”中进行。"
