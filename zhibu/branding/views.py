"""The 四强党支部 pages: applications (with the rating attached, the review, 公示, objections and naming), objections
and cases, each a list and an Excel export; the forms that run the services."""

from typing import Any, ClassVar

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from zhibu.branding import services
from zhibu.branding.filters import ApplicationFilter, BrandFilter, CaseFilter, ObjectionFilter
from zhibu.branding.forms import (
    AnswerForm,
    ApplicationForm,
    BrandEvaluationForm,
    BrandForm,
    CaseForm,
    NameForm,
    ObjectionForm,
    PublicityForm,
    ReviewForm,
)
from zhibu.branding.models import Brand, BrandStatus, Case, FourStrongApplication, FourStrongObjection, Stage
from zhibu.branding.tables import (
    APPLICATION_COLUMNS,
    APPLICATION_LIST,
    BRAND_COLUMNS,
    BRAND_LIST,
    CASE_COLUMNS,
    CASE_LIST,
    OBJECTION_COLUMNS,
)
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.publicity import PublicityNotice, notice_periods
from zhibu.core.scoping import CHANGE, VIEW, can

LIST = "branding/list.html"


class ApplicationList(ScopedListView):
    model = FourStrongApplication
    select_related = ("organization", "reviewer")
    filterset_class = ApplicationFilter
    columns = APPLICATION_LIST
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(title="“四强”党支部", export="branding:export", reset="branding:list", create="branding:apply")
        return context


class ApplicationExport(ApplicationList, ScopedExportView):
    columns = APPLICATION_COLUMNS
    title = "四强党支部申报"
    event = Event.FOUR_STRONG_EXPORTED


class ApplicationPublicity(ApplicationList):
    """The 公示 notices of the applications listed (same filters as the list; ``?organization=&year=`` for one
    reviewer's year) for printing (A4): one per reviewer and period, the branches publicised together."""

    template_name = "core/publicity_print.html"

    def get(self, request, *args, **kwargs):
        filterset = self.get_filterset()
        refused = not filterset.is_valid()
        applications = (
            FourStrongApplication.objects.none()
            if refused
            else filterset.qs.select_related("organization", "reviewer").order_by(
                "reviewer__path", "organization__path"
            )
        )
        by_reviewer: dict[Any, list[FourStrongApplication]] = {}
        for application in applications:
            by_reviewer.setdefault(application.reviewer, []).append(application)
        notices = [
            PublicityNotice(
                issuer=reviewer.name,
                title=f"关于{publicised[0].year}年度“四强”党支部拟命名对象的公示",
                intro=(
                    f"经党支部申报、{reviewer.name}审核，拟命名以下{len(publicised)}个党支部为"
                    f"{publicised[0].year}年度“四强”党支部，现予以公示。"
                ),
                columns=("党支部", "星级评定结果", "创建情况"),
                rows=tuple((a.organization.name, services.rating_summary(a.rating), a.evidence) for a in publicised),
                start=start,
                until=until,
                days=publicised[0].publicity_days or 0,
                signed_on=start,
            )
            for reviewer, listed in by_reviewer.items()
            for (start, until), publicised in notice_periods(listed).items()
        ]
        empty = "；".join(str(e) for errors in filterset.errors.values() for e in errors) if refused else ""
        return render(
            request,
            self.template_name,
            {
                "title": "“四强”党支部公示",
                "notices": notices,
                "back": reverse("branding:list"),
                "empty": empty or "所选范围内尚无进入公示的“四强”党支部申报。",
            },
        )


class ApplicationDetail(ScopedDetailView):
    model = FourStrongApplication
    select_related = ("organization", "reviewer", "sheet")
    template_name = "branding/application_detail.html"

    def get_context_data(self):
        application = self.object
        user = self.request.user
        reviewer = services.reviews(user, application)
        day = {"happened_on": timezone.localdate()}
        stage = application.stage
        return {
            "application": application,
            "rating": services.rating_summary(application.rating),
            "files": application.evidence_files.all(),
            "objections": application.objections.all(),
            "unresolved": services.unresolved(application),
            "steps": [
                (
                    ReviewForm(initial=day) if reviewer and stage == Stage.SUBMITTED else None,
                    reverse("branding:review", args=[application.pk]),
                    "上级审核",
                ),
                (
                    PublicityForm(initial=day) if reviewer and stage == Stage.APPROVED else None,
                    reverse("branding:publicise", args=[application.pk]),
                    "公示",
                ),
                (
                    NameForm(initial=day) if reviewer and stage == Stage.PUBLICISED else None,
                    reverse("branding:name", args=[application.pk]),
                    "命名（公示期满、异议全部答复后）",
                ),
            ],
            "may_object": reviewer and stage == Stage.PUBLICISED,
            "may_answer": reviewer,
            "cases": application.cases.all(),
            "may_add_case": stage == Stage.NAMED and can(user, CHANGE, application.organization.path),
        }


class ApplicationCreate(ServiceFormView):
    model = FourStrongApplication
    object_kwarg: ClassVar[str | None] = None
    creates = FourStrongApplication
    form_class = ApplicationForm
    success_message = "已申报，等待上级党组织审核"

    def service(self):
        return services.apply

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        return {"year": timezone.localdate().year - 1}

    def title(self):
        return "申报“四强”党支部"

    def intro(self):
        return (
            "申报时系统自动附上本支部该年度已定稿的星级评定结果（星级和四个方面的得分率）；"
            "星级评定未定稿或未达到“四强”条件的不能申报。"
        )

    def back_url(self):
        return reverse("branding:list")


class _ReviewerStep(ServiceFormView):
    """POST only, from the application page: the service checks that the user acts for the level above."""

    model = FourStrongApplication
    action = VIEW
    http_method_names = ["post"]

    def message(self, result):
        return f"已登记，当前进度：{result.get_stage_display()}"

    def service_kwargs(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"application": self.object, **data}


class ApplicationReview(_ReviewerStep):
    form_class = ReviewForm

    def service(self):
        return services.review

    def title(self):
        return f"审核：{self.object}"


class ApplicationPublicise(_ReviewerStep):
    form_class = PublicityForm

    def service(self):
        return services.publicise

    def title(self):
        return f"公示：{self.object}"


class ApplicationName(_ReviewerStep):
    form_class = NameForm

    def service(self):
        return services.name

    def title(self):
        return f"命名：{self.object}"


class ObjectionCreate(ServiceFormView):
    model = FourStrongApplication
    action = VIEW
    form_class = ObjectionForm
    creates = FourStrongObjection
    success_message = "已登记公示异议；核实答复前不能命名"

    def service(self):
        return services.record_objection

    def service_kwargs(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"application": self.object, **data}

    def initial(self):
        return {"received_on": timezone.localdate()}

    def title(self):
        return f"登记公示异议：{self.object}"

    def success_url(self, result):
        return self.object.get_absolute_url() + "#objections"


class ObjectionAnswer(ServiceFormView):
    model = FourStrongObjection
    action = VIEW
    select_related = ("application__organization",)
    form_class = AnswerForm
    success_message = "已答复处理异议"

    def service(self):
        return services.answer_objection

    def service_kwargs(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"objection": self.object, **data}

    def initial(self):
        return {"answered_on": timezone.localdate()}

    def title(self):
        return f"答复处理异议：{self.object}"


class ObjectionList(ScopedListView):
    model = FourStrongObjection
    select_related = ("application__organization",)
    filterset_class = ObjectionFilter
    columns = OBJECTION_COLUMNS
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(title="“四强”公示异议", export="branding:objections_export", reset="branding:objections")
        return context


class ObjectionExport(ObjectionList, ScopedExportView):
    title = "四强公示异议"
    event = Event.FOUR_STRONG_OBJECTIONS_EXPORTED


class CaseList(ScopedListView):
    model = Case
    select_related = ("organization", "application", "file")
    filterset_class = CaseFilter
    columns = CASE_LIST
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(title="“四强”党支部案例交流", export="branding:cases_export", reset="branding:cases")
        return context


class CaseExport(CaseList, ScopedExportView):
    columns = CASE_COLUMNS
    title = "四强党支部案例"
    event = Event.FOUR_STRONG_CASES_EXPORTED


class CaseDetail(ScopedDetailView):
    model = Case
    select_related = ("organization", "application", "file")
    template_name = "branding/case_detail.html"

    def get_context_data(self):
        return {"case": self.object}


class CaseCreate(ServiceFormView):
    model = FourStrongApplication
    form_class = CaseForm
    creates = Case
    success_message = "已提交案例"

    def service(self):
        return services.add_case

    def service_kwargs(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"application": self.object, **data}

    def title(self):
        return f"提交案例：{self.object}"


class BrandList(ScopedListView):
    model = Brand
    select_related = ("organization", "evaluator")
    filterset_class = BrandFilter
    columns = BRAND_LIST
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(
            title="党建品牌", export="branding:brands_export", reset="branding:brands", create="branding:brand_create"
        )
        return context


class BrandExport(BrandList, ScopedExportView):
    columns = BRAND_COLUMNS
    title = "党建品牌"
    event = Event.BRANDS_EXPORTED


class BrandDetail(ScopedDetailView):
    model = Brand
    select_related = ("organization", "evaluator", "evaluated_by")
    template_name = "branding/brand_detail.html"

    def get_context_data(self):
        brand = self.object
        evaluating = brand.status == BrandStatus.SUBMITTED and services.evaluates(self.request.user, brand)
        return {
            "brand": brand,
            "activities": brand.activities.select_related("organization", "kind").order_by("-held_at"),
            "cases": brand.cases.select_related("organization"),
            "evaluation_form": BrandEvaluationForm(initial={"happened_on": timezone.localdate()})
            if evaluating
            else None,
            "projects": brand.projects.order_by("-year", "id"),
            "reviews": brand.reviews.order_by("-year"),
            "may_add_project": brand.status != BrandStatus.NOT_RECOGNISED
            and can(self.request.user, CHANGE, brand.organization.path),
            "may_review_year": brand.status == BrandStatus.RECOGNISED and services.evaluates(self.request.user, brand),
        }


class BrandCreate(ServiceFormView):
    model = Brand
    object_kwarg: ClassVar[str | None] = None
    creates = Brand
    form_class = BrandForm
    success_message = "已登记党建品牌，等待上级党委评价"

    def service(self):
        return services.register_brand

    def form_kwargs(self):
        return {"user": self.request.user}

    def title(self):
        return "登记党建品牌"

    def intro(self):
        return (
            "一支部一品牌：每个党组织登记一个党建品牌，由上级机关党委（机关党委的品牌由机关工委）评价认定；"
            "不予认定的可重新登记。支撑材料从本组织已有的组织生活、活动和案例中选择，无需重复填写。"
        )

    def back_url(self):
        return reverse("branding:brands")


class BrandEvaluate(ServiceFormView):
    """POST only, from the brand page: the service checks that the user acts for the evaluating committee."""

    model = Brand
    action = VIEW
    http_method_names = ["post"]
    form_class = BrandEvaluationForm

    def service(self):
        return services.evaluate_brand

    def service_kwargs(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"brand": self.object, **data}

    def title(self):
        return f"评价党建品牌：{self.object}"

    def message(self, result):
        return f"已评价：{result.get_status_display()}"
