"""The training pages: 学时统计 (each person's hours of a year in an organisation), one person's hours with where they
came from, training classes (sessions, roster, attendance), external trainings and their Excel import, and the hours
of each meeting kind (工委 only)."""

import datetime
from decimal import Decimal
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhibu.activities.models import ActivityKind, AgendaItem
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import (
    ScopedDetailView,
    ScopedExportView,
    ScopedListView,
    ServiceFormView,
    organization_in_scope,
)
from zhibu.core.parameters import ReportParameters
from zhibu.core.routes import collection, scoped, unscoped
from zhibu.core.scoping import CHANGE, VIEW, can, visible_or_404
from zhibu.core.tables import XLSX_TYPE
from zhibu.core.views import attempt
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.training import importing, services
from zhibu.training.filters import ClassFilter, ExternalFilter
from zhibu.training.forms import (
    AttendanceForm,
    ClassForm,
    EnrollForm,
    FirstTopicForm,
    ImportForm,
    KindHoursForm,
    SessionForm,
)
from zhibu.training.hours import COMMITTEE_HOURS, MEMBER_HOURS, Source, committee_ids, fmt, hours_for
from zhibu.training.models import (
    ClassSession,
    ExternalTraining,
    FirstTopic,
    KindHours,
    SessionAttendance,
    TrainingClass,
)
from zhibu.training.tables import CLASS_COLUMNS, EXTERNAL_COLUMNS

PENDING_IMPORT = "training.pending_import"


def summary(member: Member, year: int, hours: Any, on_committee: bool) -> dict[str, Any]:
    """What a person's page and the member's phone page show: total, by source, what is missing."""
    needed = COMMITTEE_HOURS if on_committee else MEMBER_HOURS
    missing = []
    if hours.total < needed:
        missing.append(f"还差{fmt(needed - hours.total)}学时（全年应不少于{fmt(needed)}学时）")
    if on_committee and not hours.concentrated:
        missing.append("尚未参加集中培训（支部书记和委员每年至少1次）")
    by_source = hours.by_source()
    return {
        "member": member,
        "year": year,
        "total": fmt(hours.total),
        "needed": fmt(needed),
        "on_committee": on_committee,
        "sources": [(label, fmt(by_source.get(label, Decimal(0)))) for label in Source.ALL],
        "entries": [
            {"source": entry.source, "label": entry.label, "day": entry.day, "hours": fmt(entry.hours)}
            for entry in hours.entries
        ],
        "missing": missing,
        "concentrated": hours.concentrated,
    }


def member_summary(member: Member, year: int) -> dict[str, Any]:
    hours = hours_for([member.pk], year)[member.pk]
    return summary(member, year, hours, member.pk in committee_ids([member.pk], year))


@login_required
@collection(Member, VIEW)
def hours_report(request):
    """学时统计: each current member of the organisation (and below) with the year's hours by source."""
    parameters = ReportParameters(
        request.GET,
        user=request.user,
        organizations=Organization.objects,
        default_organization=organization_in_scope(request)
        or Organization.objects.visible_to(request.user).order_by("depth", "path").first(),
    )
    parameters.warn(request)
    organization, year = parameters.chosen_organization, parameters.chosen_year
    members = []
    if organization is not None:
        members = list(
            Member.objects.visible_to(request.user, VIEW)
            .current()
            .filter(organization__path__startswith=organization.path)
            .select_related("organization")
            .order_by("organization__path", "name")
        )
    ids = [member.pk for member in members]
    hours = hours_for(ids, year)
    committee = committee_ids(ids, year)
    rows = [summary(member, year, hours[member.pk], member.pk in committee) for member in members]
    return render(
        request,
        "training/hours.html",
        {
            "organization": organization,
            "year": year,
            "rows": rows,
            "short": sum(1 for row in rows if row["missing"]),
            "organizations": Organization.objects.visible_to(request.user).order_by("path"),
        },
    )


@login_required
@scoped(Member, VIEW)
def person(request, member):
    """One person's hours of a year: the total, each record it came from, and what is still missing."""
    parameters = ReportParameters(request.GET, user=request.user, organizations=Organization.objects)
    parameters.warn(request)
    return render(request, "training/person.html", member_summary(member, parameters.chosen_year))


# Training classes --------------------------------------------------------------------------------------------------


class ClassList(ScopedListView):
    model = TrainingClass
    select_related = ("organization",)
    filterset_class = ClassFilter
    columns = CLASS_COLUMNS
    template_name = "training/class_list.html"
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["can_change"] = bool(self.request.user.scope_paths(CHANGE)[0])
        return context


class ClassExport(ClassList, ScopedExportView):
    title = "培训班"
    event = Event.TRAINING_CLASS_EXPORTED


class ClassCreate(ServiceFormView):
    model = Organization
    object_kwarg: ClassVar[str | None] = None
    creates = TrainingClass
    form_class = ClassForm
    success_message = "已新建培训班，请添加课次和学员"

    def service(self):
        return services.create_class

    def form_kwargs(self):
        return {"user": self.request.user}

    def title(self):
        return "新建培训班"

    def intro(self):
        return "发展对象培训、书记培训等：每个课次登记学时，学员按课次签到，学时自动计入每人的年度学时。"

    def back_url(self):
        return reverse("training:classes")


class ClassDetail(ScopedDetailView):
    model = TrainingClass
    select_related = ("organization",)
    template_name = "training/class_detail.html"

    def get_context_data(self):
        training_class = self.object
        sessions = list(ClassSession.objects.filter(training_class=training_class))
        present = {}
        for session_id, name in SessionAttendance.objects.filter(session__in=sessions).values_list(
            "session_id", "member__name"
        ):
            present.setdefault(session_id, []).append(name)
        return {
            "training_class": training_class,
            "sessions": [(session, present.get(session.pk, [])) for session in sessions],
            "roster": training_class.enrollments.select_related("member__organization"),
            "can_change": can(self.request.user, CHANGE, training_class.organization.path),
            "total_hours": fmt(sum((session.hours for session in sessions), Decimal(0))),
        }


class SessionCreate(ServiceFormView):
    model = TrainingClass
    creates = ClassSession
    form_class = SessionForm
    success_message = "已新增课次，请登记出席学员"

    def service(self):
        return services.add_session

    def service_kwargs(self, data):
        return {"training_class": self.object, **data}

    def title(self):
        return f"新增课次：{self.object}"

    def success_url(self, result):
        return reverse("training:attendance", args=[result.pk])


class Enroll(ServiceFormView):
    model = TrainingClass
    form_class = EnrollForm
    success_message = "已加入学员名单"

    def service(self):
        return services.enroll

    def form_kwargs(self):
        return {"user": self.request.user, "training_class": self.object}

    def service_kwargs(self, data):
        return {"training_class": self.object, **data}

    def title(self):
        return f"学员名单：{self.object}"

    def intro(self):
        return "可选择举办党组织及其下级的在册党员；已在名单中的学员不会重复加入。"

    def success_url(self, result):
        return self.object.get_absolute_url()


class SessionAttendanceView(ServiceFormView):
    model = ClassSession
    select_related = ("training_class__organization",)
    form_class = AttendanceForm
    success_message = "已登记出席学员，学时已计入"

    def service(self):
        return services.record_session_attendance

    def form_kwargs(self):
        return {"session": self.object}

    def initial(self):
        return {
            "present": list(SessionAttendance.objects.filter(session=self.object).values_list("member_id", flat=True))
        }

    def service_kwargs(self, data):
        return {"session": self.object, **data}

    def title(self):
        return f"登记出席：{self.object.training_class} {self.object.held_on:%Y-%m-%d} {self.object.topic}"

    def intro(self):
        return f"本课次{fmt(self.object.hours)}学时，计入勾选的每名学员；未勾选即为未出席。"

    def back_url(self):
        return self.object.training_class.get_absolute_url()

    def success_url(self, result):
        return self.object.training_class.get_absolute_url()


# External trainings ------------------------------------------------------------------------------------------------


class ExternalList(ScopedListView):
    model = ExternalTraining
    select_related = ("organization", "member")
    filterset_class = ExternalFilter
    columns = EXTERNAL_COLUMNS
    template_name = "training/external_list.html"
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["can_change"] = bool(self.request.user.scope_paths(CHANGE)[0])
        return context


class ExternalExport(ExternalList, ScopedExportView):
    title = "外部培训"
    event = Event.TRAINING_EXTERNAL_EXPORTED


@login_required
@collection(ExternalTraining, CHANGE)
def import_file(request):
    """Upload the external-training sheet and preview it row by row; a clean preview can be confirmed."""
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"]
        try:
            rows = importing.read_rows(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", "；".join(error.messages))
            return render(request, "training/import.html", context)
        importing.preview(actor=request.user, organization=organization, rows=rows, today=timezone.localdate())
        problems = sum(1 for row in rows if row.problems)
        key = importing.new_key()
        if not problems:
            request.session[PENDING_IMPORT] = {
                "key": key,
                "organization": organization.pk,
                "rows": [
                    [
                        r.number,
                        r.member.pk,
                        r.texts["title"],
                        r.texts["organizer"],
                        r.started.isoformat(),
                        r.ended.isoformat(),
                        str(r.hours),
                        r.concentrated,
                    ]
                    for r in rows
                ],
            }
        context.update(rows=rows, problems=problems, key=key, organization=organization)
    return render(request, "training/import.html", context)


@login_required
@require_POST
@collection(ExternalTraining, CHANGE)
def import_confirm(request):
    """Record the previewed file: every row in one transaction, or nothing."""
    pending = request.session.get(PENDING_IMPORT)
    if not pending or pending.get("key") != request.POST.get("key"):
        messages.error(request, "未导入：没有待确认的导入，或该预览已被新的上传替换，请重新上传文件")
        return redirect("training:import")
    organization = visible_or_404(Organization.objects, request.user, pk=pending["organization"])
    members = Member.objects.visible_to(request.user, CHANGE).in_bulk([row[1] for row in pending["rows"]])
    if len(members) != len({row[1] for row in pending["rows"]}):
        messages.error(request, "未导入：文件中有党员已不在您的权限范围内，请重新上传文件")
        return redirect("training:import")
    rows = [
        (
            number,
            members[member_id],
            title,
            organizer,
            datetime.date.fromisoformat(started),
            datetime.date.fromisoformat(ended),
            Decimal(hours),
            concentrated,
        )
        for number, member_id, title, organizer, started, ended, hours, concentrated in pending["rows"]
    ]
    result, errors = attempt(services.import_external, actor=request.user, organization=organization, rows=rows)
    if errors:
        messages.error(request, "未导入：" + "；".join(errors))
        return redirect("training:import")
    del request.session[PENDING_IMPORT]  # a second click of the same confirm imports nothing twice
    messages.success(request, f"已导入{len(result)}条外部培训记录，学时已计入")
    return redirect(f"{reverse('training:external')}?organization={organization.pk}")


@login_required
@unscoped("an empty template workbook: column headings and an example row, no records")
def import_template(request):
    response = HttpResponse(importing.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''training-template.xlsx"
    return response


# 学时 of the meeting kinds ----------------------------------------------------------------------------------------


class KindHoursSettings(ServiceFormView):
    model = KindHours
    object_kwarg: ClassVar[str | None] = None
    form_class = KindHoursForm
    template_name = "training/kind_hours.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_platform_admin:
            raise PermissionDenied(services.HOURS_EDITORS_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def service(self):
        return services.save_kind_hours

    def title(self):
        return "组织生活学时设置"

    def back_url(self):
        return reverse("training:kind_hours")

    def success_url(self, result):
        return reverse("training:kind_hours")

    def message(self, result):
        return f"已设置“{result.kind}”每次{fmt(result.hours)}学时；各党员的学时已按新设置重新计算"

    def extra_context(self):
        worth = dict(KindHours.objects.values_list("kind_id", "hours"))
        return {
            "kinds": [(kind, fmt(worth[kind.pk]) if kind.pk in worth else None) for kind in ActivityKind.objects.all()]
        }


# 第一议题 library ----------------------------------------------------------------------------------------------------


class FirstTopicLibrary(ServiceFormView):
    """The library with how many meetings in the reader's scope took each topic as 第一议题 (the agenda flag of the
    activities app, matched by the topic's words in the agenda line); the 工委 adds and edits topics here."""

    model = FirstTopic
    action = VIEW
    object_kwarg: ClassVar[str | None] = None
    form_class = FirstTopicForm
    template_name = "training/first_topics.html"

    def get_form(self):
        return super().get_form() if self.request.user.is_platform_admin else None

    def post(self, request, *args, **kwargs):
        if not request.user.is_platform_admin:
            raise PermissionDenied(services.FIRST_TOPIC_EDITORS_ONLY)
        return super().post(request, *args, **kwargs)

    def service(self):
        return services.save_first_topic

    def initial(self):
        if self.editing is None:
            return {}
        return {"title": self.editing.title, "source": self.editing.source, "published_on": self.editing.published_on}

    def service_kwargs(self, data):
        return {"topic": self.editing, **data}

    @property
    def editing(self):
        pk = self.request.GET.get("edit", "")
        return FirstTopic.objects.filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 10 else None

    def title(self):
        return "第一议题库"

    def back_url(self):
        return reverse("training:first_topics")

    def success_url(self, result):
        return reverse("training:first_topics")

    def message(self, result):
        return f"已保存第一议题“{result.title}”"

    def extra_context(self):
        taken = list(
            AgendaItem.objects.visible_to(self.request.user, VIEW)
            .filter(is_first_topic=True)
            .values_list("title", "activity_id")
        )
        topics = [
            (topic, len({activity for title, activity in taken if topic.title in title}))
            for topic in FirstTopic.objects.all()
        ]
        return {"topics": topics, "editing": self.editing}
