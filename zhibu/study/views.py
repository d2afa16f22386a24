"""The study-list pages: the lists (issued by the reader's organisations or above them), issuing a list and adding
its topics, one list with its coverage by branch (and the coverage's export), and a meeting's study-list topics."""

from typing import Any, ClassVar

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from zhibu.activities.models import Activity
from zhibu.activities.plan_extras import MeetingNote
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.routes import scoped
from zhibu.core.scoping import CHANGE, EXPORT, can
from zhibu.core.tables import xlsx_response
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.study import services
from zhibu.study.coverage import coverage, coverage_rows
from zhibu.study.filters import StudyListFilter, TheoryGroupFilter, TheorySessionFilter
from zhibu.study.forms import (
    LinkForm,
    SeatForm,
    StudyListForm,
    TheoryGroupForm,
    TheorySessionAmendForm,
    TheorySessionForm,
    TopicForm,
)
from zhibu.study.models import (
    Participation,
    SeatRole,
    SpeechKind,
    StudyLink,
    StudyList,
    StudyTopic,
    TheoryGroup,
    TheorySession,
    TheorySpeech,
)
from zhibu.study.proposals import OPEN_AFTER
from zhibu.study.tables import COVERAGE_COLUMNS, LIST_COLUMNS, THEORY_GROUP_COLUMNS, THEORY_SESSION_COLUMNS
from zhibu.study.theory import seat_attendance


class ListPage(ScopedListView):
    model = StudyList
    select_related = ("organization",)
    filterset_class = StudyListFilter
    columns = LIST_COLUMNS
    template_name = "study/list.html"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["can_change"] = bool(self.request.user.scope_paths(CHANGE)[0])
        return context


class ListExport(ListPage, ScopedExportView):
    title = "学习清单"
    event = Event.STUDY_LIST_EXPORTED


class ListCreate(ServiceFormView):
    model = Organization
    object_kwarg: ClassVar[str | None] = None
    creates = StudyList
    form_class = StudyListForm
    success_message = "已下发学习清单，请逐项添加学习内容"

    def service(self):
        return services.issue_list

    def form_kwargs(self):
        return {"user": self.request.user}

    def title(self):
        return "下发学习清单"

    def intro(self):
        return "按月或按季度向本组织及下级党组织下发学习内容；各支部在会议上学习后，在会议页面勾选即可，无需另行填报。"

    def back_url(self):
        return reverse("study:lists")


class ListDetail(ScopedDetailView):
    model = StudyList
    select_related = ("organization",)
    template_name = "study/detail.html"

    def get_context_data(self):
        study_list = self.object
        rows = coverage(study_list, self.request.user)
        return {
            "study_list": study_list,
            "topics": study_list.topics.prefetch_related("kinds", "attachments"),
            "rows": rows,
            "can_change": can(self.request.user, CHANGE, study_list.organization.path),
            "can_export": StudyList.objects.visible_to(self.request.user, EXPORT).filter(pk=study_list.pk).exists(),
        }


class TopicCreate(ServiceFormView):
    model = StudyList
    creates = StudyTopic
    form_class = TopicForm
    success_message = "已添加学习内容"

    def service(self):
        return services.add_topic

    def service_kwargs(self, data):
        return {"study_list": self.object, **data}

    def title(self):
        return f"添加学习内容：{self.object}"

    def success_url(self, result):
        return self.object.get_absolute_url()


@login_required
@scoped(StudyList, EXPORT)
def coverage_export(request, studylist):
    study_list = studylist
    return xlsx_response(
        actor=request.user,
        title=f"{study_list.title}落实情况",
        columns=COVERAGE_COLUMNS,
        objects=coverage_rows(study_list, request.user),
        event=Event.STUDY_COVERAGE_EXPORTED,
        organization=study_list.organization,
        filters=f"study_list={study_list.pk}",
    )


def meeting_topics(activity: Activity) -> Any:
    """What a meeting may take: the topics of lists issued to its organisation whose period reaches its date, and
    whatever it already took."""
    day = timezone.localtime(activity.held_at or activity.planned_at).date()
    current = Q(study_list__starts_on__lte=day, study_list__ends_on__gte=day - OPEN_AFTER)
    return (
        StudyTopic.objects.filter(study_list__organization__path__in=services.reaching(activity.organization))
        .filter(current | Q(links__activity=activity))
        .distinct()
        .select_related("study_list")
        .order_by("-study_list__starts_on", "study_list", "position")
    )


class MeetingTopics(ServiceFormView):
    model = Activity
    select_related = ("organization", "kind")
    form_class = LinkForm
    success_message = "已记录本次会议学习的清单内容"

    def service(self):
        return services.link_topics

    def form_kwargs(self):
        return {"topics": meeting_topics(self.object)}

    def initial(self):
        return {"topics": list(StudyLink.objects.filter(activity=self.object).values_list("topic_id", flat=True))}

    def service_kwargs(self, data):
        return {"activity": self.object, **data}

    def title(self):
        return f"学习清单落实：{self.object}"

    def intro(self):
        return "勾选本次会议学习了上级学习清单中的哪些内容；上级按会议记录查看落实情况，不另行填报。"


def meeting_note(request: Any, activity: Activity) -> MeetingNote | None:
    taken = list(StudyLink.objects.filter(activity=activity).values_list("topic__title", flat=True))
    may_change = can(request.user, CHANGE, activity.organization.path) and activity.status != Activity.Status.CANCELLED
    if not taken and not (may_change and meeting_topics(activity).exists()):
        return None
    text = f"学习清单：{'、'.join(taken)}" if taken else "学习清单：本次会议尚未记录学习的清单内容"
    if may_change:
        return MeetingNote(text, reverse("study:meeting", args=[activity.pk]), "选择清单内容")
    return MeetingNote(text)


# 理论学习中心组 ------------------------------------------------------------------------------------------------------


def _groups_with_counts(queryset: Any) -> Any:
    return queryset.annotate(
        seat_count=Count("seats", distinct=True), session_count=Count("sessions", distinct=True)
    ).order_by("organization__path", "name", "id")


def _sessions_with_counts(queryset: Any) -> Any:
    lecture = TheorySpeech.objects.filter(session=OuterRef("pk"), kind=SpeechKind.LECTURE).order_by("id")
    return queryset.annotate(
        present_count=Count("attendances", filter=Q(attendances__status=Participation.PRESENT)),
        leave_count=Count("attendances", filter=Q(attendances__status=Participation.LEAVE)),
        observer_count=Count("attendances", filter=Q(attendances__status=Participation.OBSERVER)),
        lecturer=Subquery(lecture.annotate(who=Coalesce("member__name", "speaker_name")).values("who")[:1]),
    ).order_by("-held_on", "-id")


class TheoryGroupList(ScopedListView):
    model = TheoryGroup
    select_related = ("organization",)
    filterset_class = TheoryGroupFilter
    columns = THEORY_GROUP_COLUMNS
    template_name = "study/theory_group_list.html"
    scope_parameter = "organization"

    def scoped_queryset(self, action=None):
        return _groups_with_counts(super().scoped_queryset(action))

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["can_change"] = bool(self.request.user.scope_paths(CHANGE)[0])
        return context


class TheoryGroupExport(TheoryGroupList, ScopedExportView):
    title = "理论学习中心组"
    event = Event.THEORY_GROUP_EXPORTED


class TheoryGroupCreate(ServiceFormView):
    model = Organization
    object_kwarg: ClassVar[str | None] = None
    creates = TheoryGroup
    form_class = TheoryGroupForm
    success_message = "已新建理论学习中心组，请设置成员"

    def service(self):
        return services.create_group

    def form_kwargs(self):
        return {"user": self.request.user}

    def title(self):
        return "新建理论学习中心组"

    def back_url(self):
        return reverse("study:theory_groups")

    def success_url(self, result):
        return reverse("study:theory_seats", args=[result.pk])


class TheoryGroupDetail(ScopedDetailView):
    model = TheoryGroup
    select_related = ("organization",)
    template_name = "study/theory_group.html"

    def get_context_data(self):
        group = self.object
        year = timezone.localdate().year
        sessions = _sessions_with_counts(TheorySession.objects.filter(group=group)).order_by("-held_on", "-id")
        return {
            "group": group,
            "year": year,
            "seats": seat_attendance(group, year),
            "sessions": sessions,
            "can_change": can(self.request.user, CHANGE, group.organization.path),
        }


class TheorySeats(ServiceFormView):
    model = TheoryGroup
    select_related = ("organization",)
    form_class = SeatForm
    success_message = "已设置中心组成员"

    def service(self):
        return services.seat_members

    def form_kwargs(self):
        return {"candidates": services.group_candidates(self.request.user, self.object)}

    def initial(self):
        seats = list(self.object.seats.all())
        return {
            "members": [seat.member_id for seat in seats],
            "leader": next((seat.member_id for seat in seats if seat.role == SeatRole.LEADER), None),
            "secretary": next((seat.member_id for seat in seats if seat.role == SeatRole.SECRETARY), None),
        }

    def service_kwargs(self, data):
        return {"group": self.object, **data}

    def title(self):
        return f"中心组成员：{self.object}"

    def intro(self):
        return f"可选择{self.object.organization}及下级的在册党员；保存后替换原成员名单，已记录的学习不受影响。"

    def success_url(self, result):
        return self.object.get_absolute_url()


class TheorySessionCreate(ServiceFormView):
    model = TheoryGroup
    select_related = ("organization",)
    creates = TheorySession
    form_class = TheorySessionForm
    success_message = "已记录中心组学习，学时已计入出席和列席人员"

    def service(self):
        return services.record_session

    def form_kwargs(self):
        seated = Member.objects.filter(pk__in=self.object.seats.values("member_id"))
        return {"seated": seated, "candidates": services.group_candidates(self.request.user, self.object)}

    def initial(self):
        return {"held_on": timezone.localdate()}

    def service_kwargs(self, data):
        return {"group": self.object, **data}

    def title(self):
        return f"记录中心组学习：{self.object}"

    def intro(self):
        return "学习举行后如实记录一次：主讲、交流发言、出席和请假的成员、列席旁听人员。未勾选的成员记为缺席。"


class TheorySessionAmend(ServiceFormView):
    """A recorded session corrected by the group's keepers (change rights on its organisation), with the reason."""

    model = TheorySession
    select_related = ("group__organization",)
    form_class = TheorySessionAmendForm
    success_message = "已更正中心组学习记录，学时已按更正后的出席情况重新统计"

    def service(self):
        return services.amend_session

    def form_kwargs(self):
        group = self.object.group
        seated = Member.objects.filter(pk__in=group.seats.values("member_id"))
        return {"seated": seated, "candidates": services.group_candidates(self.request.user, group)}

    def initial(self):
        session = self.object
        attendances = list(session.attendances.all())
        speeches = list(session.speeches.all())
        lecture = next((speech for speech in speeches if speech.kind == SpeechKind.LECTURE), None)

        def having(status):
            return [row.member_id for row in attendances if row.status == status]

        return {
            "held_on": session.held_on,
            "topic": session.topic,
            "hours": session.hours,
            "present": having(Participation.PRESENT),
            "on_leave": having(Participation.LEAVE),
            "observers": having(Participation.OBSERVER),
            "lecturer": getattr(lecture, "member_id", None),
            "lecturer_name": getattr(lecture, "speaker_name", ""),
            "lecture_title": getattr(lecture, "title", ""),
            "speakers": [speech.member_id for speech in speeches if speech.kind == SpeechKind.REMARKS],
            "materials": session.materials,
            "summary": session.summary,
        }

    def service_kwargs(self, data):
        return {"session": self.object, **data}

    def title(self):
        return f"更正中心组学习记录：{self.object.topic}"

    def intro(self):
        return "只在记录有误时更正（如日期、学时、出席名单）。保存后替换原记录，更正前后的内容和原因记入审计日志。"


class TheorySessionList(ScopedListView):
    model = TheorySession
    select_related = ("group__organization",)
    filterset_class = TheorySessionFilter
    columns = THEORY_SESSION_COLUMNS
    template_name = "study/theory_session_list.html"
    scope_parameter = "organization"

    def scoped_queryset(self, action=None):
        return _sessions_with_counts(super().scoped_queryset(action))

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["can_export"] = self.request.user.may_export_records
        return context


class TheorySessionExport(TheorySessionList, ScopedExportView):
    title = "中心组学习记录"
    event = Event.THEORY_SESSION_EXPORTED


class TheorySessionDetail(ScopedDetailView):
    model = TheorySession
    select_related = ("group__organization",)
    template_name = "study/theory_session.html"

    def get_context_data(self):
        session = self.object
        attendances = list(session.attendances.select_related("member__organization"))
        came = {row.member_id for row in attendances}
        absent = [
            seat.member
            for seat in session.group.seats.select_related("member__organization")
            if seat.member_id not in came
        ]
        return {
            "session": session,
            "speeches": session.speeches.select_related("member"),
            "present": [row.member for row in attendances if row.status == Participation.PRESENT],
            "on_leave": [row.member for row in attendances if row.status == Participation.LEAVE],
            "observers": [row.member for row in attendances if row.status == Participation.OBSERVER],
            "absent": absent,
            "files": session.attachments.all(),
            "can_change": can(self.request.user, CHANGE, session.group.organization.path),
        }
