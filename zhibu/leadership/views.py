"""Leaders' duties pages: contact points (list, export, one with its visits and the form for the next), visits (list,
export), research records and 书记项目 (list, export, detail, form)."""

from typing import ClassVar

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zhibu.core.attachment_views import serve
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.routes import scoped
from zhibu.core.scoping import CHANGE, can
from zhibu.leadership import services
from zhibu.leadership.filters import ContactPointFilter, ContactVisitFilter, ProjectFilter, ResearchFilter
from zhibu.leadership.forms import (
    ContactEditForm,
    ContactPointForm,
    ProjectEditForm,
    ProjectForm,
    ResearchForm,
    ResearchReportForm,
    VisitForm,
)
from zhibu.leadership.models import ContactPoint, ContactVisit, ResearchRecord, SecretaryProject
from zhibu.leadership.tables import (
    CONTACT_COLUMNS,
    PROJECT_COLUMNS,
    PROJECT_LIST_COLUMNS,
    RESEARCH_COLUMNS,
    VISIT_COLUMNS,
)


class ContactList(ScopedListView):
    model = ContactPoint
    select_related = ("organization", "leader", "branch")
    filterset_class = ContactPointFilter
    columns = CONTACT_COLUMNS
    template_name = "leadership/contact_list.html"
    scope_parameter = "organization"


class ContactExport(ContactList, ScopedExportView):
    title = "领导干部党建联系点"
    event = Event.CONTACT_POINTS_EXPORTED


class ContactDetail(ScopedDetailView):
    model = ContactPoint
    select_related = ("organization", "leader", "branch")
    template_name = "leadership/contact_detail.html"

    def get_context_data(self):
        return {
            "contact": self.object,
            "visits": list(ContactVisit.objects.filter(contact=self.object).select_related("recorded_by")),
            "open": self.object.is_open(timezone.localdate()),
        }


class ContactCreate(ServiceFormView):
    model = ContactPoint
    object_kwarg: ClassVar[str | None] = None
    creates = ContactPoint
    form_class = ContactPointForm
    success_message = "已登记党建联系点"

    def service(self):
        return services.create_contact_point

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        return {"since": timezone.localdate()}

    def title(self):
        return "登记党建联系点"

    def intro(self):
        return "班子成员每人联系一个支部，每年到联系点参加组织生活、调研指导或讲党课；次数按标准AGY-04考核。"

    def back_url(self):
        return reverse("leadership:contacts")


class ContactEdit(ServiceFormView):
    model = ContactPoint
    form_class = ContactEditForm

    def service(self):
        return services.update_contact_point

    def initial(self):
        return {"post": self.object.post, "until": self.object.until}

    def title(self):
        return f"修改党建联系点：{self.object}"


class VisitCreate(ServiceFormView):
    model = ContactPoint
    creates = ContactVisit
    form_class = VisitForm
    success_message = "已登记联系点活动"

    def service(self):
        return services.record_visit

    def initial(self):
        return {"visited_on": timezone.localdate(), "kind": "life"}

    def title(self):
        return f"登记联系点活动：{self.object}"

    def success_url(self, result):
        return self.object.get_absolute_url()


class VisitList(ScopedListView):
    model = ContactVisit
    select_related = ("contact__leader", "contact__branch")
    filterset_class = ContactVisitFilter
    columns = VISIT_COLUMNS
    template_name = "leadership/visit_list.html"
    scope_parameter = "organization"


class VisitExport(VisitList, ScopedExportView):
    title = "联系点活动台账"
    event = Event.CONTACT_VISITS_EXPORTED


class ResearchList(ScopedListView):
    model = ResearchRecord
    select_related = ("organization", "leader")
    filterset_class = ResearchFilter
    columns = RESEARCH_COLUMNS
    template_name = "leadership/research_list.html"
    scope_parameter = "organization"


class ResearchExport(ResearchList, ScopedExportView):
    title = "领导干部调研记录"
    event = Event.RESEARCH_EXPORTED


class ResearchDetail(ScopedDetailView):
    model = ResearchRecord
    select_related = ("organization", "leader", "recorded_by")
    template_name = "leadership/research_detail.html"

    def get_context_data(self):
        return {
            "record": self.object,
            "reports": list(self.object.reports.order_by("id")),
            "may_upload": can(self.request.user, CHANGE, self.object.organization.path),
        }


class ResearchReportUpload(ServiceFormView):
    model = ResearchRecord
    form_class = ResearchReportForm
    template_name = "leadership/upload_form.html"
    success_message = "已上传调研报告"

    def service(self):
        return services.add_research_report

    def initial(self):
        return {"report_title": self.object.report_title}

    def title(self):
        return f"上传调研报告：{self.object.topic}"

    def intro(self):
        return "调研报告按标准AGY-05计入领导干部的调研报告篇数；文件与调研记录一样只对本组织及上级可见。"


@login_required
@scoped(ResearchRecord, name="record")
def research_report(request, record, item):
    """A report file of a research record, for whoever may read the record: the file is found through the record, so
    its scope is the record's."""
    found = record.reports.filter(pk=item).first()
    if found is None:
        raise Http404("文件不存在")
    return serve(found)


class ResearchCreate(ServiceFormView):
    model = ResearchRecord
    object_kwarg: ClassVar[str | None] = None
    creates = ResearchRecord
    form_class = ResearchForm
    success_message = "已登记调研记录"

    def service(self):
        return services.record_research

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        return {"started_on": timezone.localdate(), "days": 1}

    def title(self):
        return "登记调研记录"

    def intro(self):
        return "领导干部每年调研天数和调研报告篇数按标准AGY-05考核；一次调研最长登记60天，更长的请分次登记。"

    def back_url(self):
        return reverse("leadership:research")


class ProjectList(ScopedListView):
    model = SecretaryProject
    select_related = ("organization", "secretary")
    filterset_class = ProjectFilter
    columns = PROJECT_LIST_COLUMNS
    template_name = "leadership/project_list.html"
    scope_parameter = "organization"


class ProjectExport(ProjectList, ScopedExportView):
    columns = PROJECT_COLUMNS
    title = "书记项目"
    event = Event.SECRETARY_PROJECTS_EXPORTED


class ProjectDetail(ScopedDetailView):
    model = SecretaryProject
    select_related = ("organization", "secretary")
    template_name = "leadership/project_detail.html"

    def get_context_data(self):
        return {"project": self.object}


class ProjectCreate(ServiceFormView):
    model = SecretaryProject
    object_kwarg: ClassVar[str | None] = None
    creates = SecretaryProject
    form_class = ProjectForm
    success_message = "已登记书记项目"

    def service(self):
        return services.create_project

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        return {"year": timezone.localdate().year}

    def title(self):
        return "登记书记项目"

    def back_url(self):
        return reverse("leadership:projects")


class ProjectEdit(ServiceFormView):
    model = SecretaryProject
    form_class = ProjectEditForm
    success_message = "已更新书记项目"

    def service(self):
        return services.update_project

    def initial(self):
        return {"goals": self.object.goals, "progress": self.object.progress, "status": self.object.status}

    def title(self):
        return f"更新书记项目进展：{self.object}"
