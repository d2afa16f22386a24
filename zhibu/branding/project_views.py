"""The pages of a brand's years (views.py holds the 四强 path and the brands): projects (list, export, add on the
brand's page, progress and results), the yearly 认定 (list, export, the evaluator's form on the brand's page)."""

from typing import Any, ClassVar

from django.utils import timezone

from zhibu.branding import projects
from zhibu.branding.filters import BrandProjectFilter, BrandReviewFilter
from zhibu.branding.forms import BrandProgressForm, BrandProjectForm, BrandReviewForm
from zhibu.branding.models import Brand, BrandProject, BrandReview
from zhibu.branding.tables import PROJECT_COLUMNS, PROJECT_LIST, REVIEW_COLUMNS
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.scoping import VIEW

LIST = "branding/list.html"


class ProjectList(ScopedListView):
    model = BrandProject
    select_related = ("brand__organization",)
    filterset_class = BrandProjectFilter
    columns = PROJECT_LIST
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(title="党建品牌项目", export="branding:projects_export", reset="branding:projects")
        return context


class ProjectExport(ProjectList, ScopedExportView):
    columns = PROJECT_COLUMNS
    title = "党建品牌项目"
    event = Event.BRAND_PROJECTS_EXPORTED


class ReviewList(ScopedListView):
    model = BrandReview
    select_related = ("brand__organization",)
    filterset_class = BrandReviewFilter
    columns = REVIEW_COLUMNS
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(title="党建品牌年度评价", export="branding:reviews_export", reset="branding:reviews")
        return context


class ReviewExport(ReviewList, ScopedExportView):
    title = "党建品牌年度评价"
    event = Event.BRAND_REVIEWS_EXPORTED


class ProjectCreate(ServiceFormView):
    model = Brand
    select_related = ("organization",)
    form_class = BrandProjectForm
    success_message = "已登记品牌项目；年内请填报进展和成效，供上级年度评价"

    def service(self):
        return projects.add_project

    def initial(self):
        return {"year": timezone.localdate().year}

    def title(self):
        return f"登记品牌项目：{self.object}"


class ProjectProgress(ServiceFormView):
    model = BrandProject
    select_related = ("brand__organization",)
    form_class = BrandProgressForm
    success_message = "已保存进展和成效"

    def service(self):
        return projects.report_progress

    def initial(self):
        return {"progress": self.object.progress, "results": self.object.results}

    def title(self):
        return f"填报进展和成效：{self.object}"

    def intro(self):
        return f"目标：{self.object.goal}"


class ReviewCreate(ServiceFormView):
    """The evaluator's form: the route asks to see the brand; the service requires the evaluating committee."""

    model = Brand
    action: ClassVar[str] = VIEW
    select_related = ("organization", "evaluator")
    form_class = BrandReviewForm
    success_message = "已保存年度评价"

    def service(self):
        return projects.review_year

    def service_kwargs(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"brand": self.object, **data}

    def initial(self):
        today = timezone.localdate()
        return {"year": today.year, "happened_on": today}

    def title(self):
        return f"年度评价：{self.object}"

    def intro(self):
        return "对已认定的品牌按年度评价：阅看本年度项目的目标、进展和成效，认定或不予认定（写明理由）。"
