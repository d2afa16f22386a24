import datetime
from typing import ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhibu.accounts.models import User
from zhibu.activities import calendar as calendar_service
from zhibu.activities import digest as digest_service
from zhibu.activities import disclosure, plan_extras, planning, services
from zhibu.activities.attendance import EDITABLE, RECORDABLE
from zhibu.activities.filters import ACTIVITY_COLUMNS, RESOLUTION_COLUMNS, ActivityFilter, ResolutionFilter
from zhibu.activities.forms import (
    PICKER_SHOWN,
    ActivityKindForm,
    AmendForm,
    CompleteForm,
    EvidenceForm,
    HeldForm,
    MakeUpForm,
    MinutesForm,
    PlanForm,
    PlanLinkForm,
    RescheduleForm,
    ResolutionForm,
    VoteForm,
    attendance_sheet,
    member_label,
)
from zhibu.activities.models import Activity, ActivityKind, Amendment, Attendance, MakeUp, Resolution, Vote
from zhibu.core import idempotency
from zhibu.core.generic import (
    ScopedDetailView,
    ScopedListView,
    ServiceFormView,
    organization_in_scope,
    params_with_scope,
)
from zhibu.core.models import Attachment
from zhibu.core.routes import collection, scoped, unscoped
from zhibu.core.scoping import CHANGE, EXPORT, can
from zhibu.core.views import attempt_with_message, call_service, create_from_form, form_errors_text
from zhibu.members.models import Member
from zhibu.organizations.models import Organization


def _activity_filter(request):
    """The list's filter (with the organisation in scope) over the meetings: the calendar shows what it selects by
    day, or nothing and its errors when the query is refused."""
    queryset = Activity.objects.visible_to(request.user).select_related("kind", "organization")
    return ActivityFilter(params_with_scope(request, ActivityList.scope_parameter), queryset=queryset, request=request)


class ActivityList(ScopedListView):
    model = Activity
    select_related = ("kind", "organization")
    filterset_class = ActivityFilter
    columns = ACTIVITY_COLUMNS
    template_name = "activities/activity_list.html"
    scope_parameter = "within"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["can_change"] = bool(self.request.user.scope_paths(CHANGE)[0])
        return context


class ActivityPlan(ServiceFormView):
    model = Activity
    object_kwarg = None
    creates = Activity
    form_class = PlanForm

    def organizations(self):
        organizations = Organization.objects.visible_to(self.request.user, CHANGE).filter(
            status=Organization.Status.ACTIVE
        )
        if not organizations.exists():
            raise PermissionDenied("您没有可以安排会议的党组织")
        return organizations

    def form_kwargs(self):
        members = Member.objects.visible_to(self.request.user, CHANGE).current().select_related("organization")
        extra_fields = plan_extras.fields_for(self.request.user, self.organization, timezone.localdate())
        return {
            "organizations": self.choices,
            "members": members,
            "kinds": self.offered_kinds(),
            "extra_fields": extra_fields,
        }

    def chosen_organization(self):
        """The organisation the form is for before the user picks one: the one asked for (?organization=), the one
        in scope, or the only one the user may plan for."""
        asked = PlanLinkForm(self.request.GET, organizations=self.choices)
        self.link = asked.cleaned_data if asked.is_valid() else {}
        if (found := self.link.get("organization")) is not None:
            return found
        if (scope := organization_in_scope(self.request)) is not None and self.choices.filter(pk=scope.pk).exists():
            return scope
        return self.choices.first() if self.choices.count() == 1 else None

    def offered_kinds(self):
        today = timezone.localdate()
        if self.organization is not None:
            return planning.kinds_for(self.organization, today)
        # Several organisations to choose from: each kind any of them holds (the service checks the pair).
        one_of_each = {org.kind: org for org in self.choices.order_by("kind").distinct()[:50]}
        kinds = {kind.pk: kind for org in one_of_each.values() for kind in planning.kinds_for(org, today)}
        return sorted(kinds.values(), key=lambda kind: (kind.sort_order, kind.pk))

    def initial(self):
        """The organisation and kind a link names (the inbox's 安排会议 does), else the defaults a secretary expects."""
        when = planning.next_working_afternoon(timezone.now())
        kinds = self.offered_kinds()
        linked = self.link.get("kind")
        kind = linked if linked in kinds else (kinds[0] if kinds else None)
        organization = self.organization
        return {
            "organization": organization,
            "kind": kind,
            "title": planning.suggested_title(kind, when) if kind is not None else "",
            "planned_at": timezone.localtime(when),
            "host": planning.secretary_of(organization, when.date()) if organization is not None else None,
        }

    def get_form(self):
        # ``initial`` needs the organisations the form offers, and ``service_kwargs`` its agenda lines.
        self.choices = self.organizations()
        self.organization = self.chosen_organization()
        self.form = super().get_form()
        return self.form

    def service(self):
        return services.plan_activity_with_extras

    def service_kwargs(self, data):
        return {**data, "agenda": self.form.agenda_lines()}

    def title(self):
        return "安排会议活动"

    def message(self, result):
        return f"已安排：{result}"


class ActivityReschedule(ServiceFormView):
    """Time, place, host, topic and agenda of a meeting not yet held; those expected are told of the change."""

    model = Activity
    select_related = ("kind", "organization", "host", "recorder")
    form_class = RescheduleForm

    def service(self):
        return services.reschedule

    def form_kwargs(self):
        members = Member.objects.visible_to(self.request.user).in_subtree(self.object.organization).current()
        return {"members": members, "organization": self.object.organization}

    def initial(self):
        activity = self.object
        return {
            "title": activity.title,
            "planned_at": timezone.localtime(activity.planned_at),
            "place": activity.place,
            "host": activity.host,
            "recorder": activity.recorder,
            "agenda": services.agenda_text(activity),
            "first_topic": activity.agenda.filter(position=1, is_first_topic=True).exists(),
        }

    def get_form(self):
        self.form = super().get_form()
        return self.form

    def service_kwargs(self, data):
        return {"activity": self.object, **data, "agenda": self.form.agenda_lines()}

    def title(self):
        return f"调整会议安排：{self.object}"

    def intro(self):
        if self.object.status != Activity.Status.PLANNED:
            return f"会议当前为“{self.object.get_status_display()}”，已不能调整安排。"
        return "保存后，应到人员会收到通知（改期的写明原定时间和新时间）。"

    def message(self, result):
        return "已调整会议安排，并通知了应到人员"


@login_required
@collection(Activity, CHANGE)
def year_plan_page(request):
    """A year's meetings from the kinds' frequencies: the preview first, then one step plans those not yet planned."""
    organizations = Organization.objects.visible_to(request.user, CHANGE).filter(status=Organization.Status.ACTIVE)
    source = request.POST if request.method == "POST" else request.GET
    today = timezone.localdate()
    asked, year_text = source.get("organization", ""), source.get("year", "")
    organization = None
    if asked.isdigit() and len(asked) < 12:
        organization = organizations.filter(pk=int(asked)).first()
    elif (scope := organization_in_scope(request)) is not None:
        organization = organizations.filter(pk=scope.pk).first()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else today.year
    if request.method == "POST":
        if organization is None:
            messages.error(request, "请选择要安排年度计划的党组织")
        else:
            attempt_with_message(
                request,
                planning.plan_year,
                actor=request.user,
                organization=organization,
                year=year,
                done=f"已生成{organization}{year}年度会议计划，请逐项调整时间、地点和议程",
                failed="未能生成：",
            )
        query = f"?organization={organization.pk}&year={year}" if organization is not None else ""
        return redirect(reverse("activities:year_plan") + query)
    slots = planning.year_plan(organization, year) if organization is not None else []
    return render(
        request,
        "activities/year_plan.html",
        {
            "organizations": organizations.order_by("path")[:500],
            "organization": organization,
            "year": year,
            "years": [today.year - 1, today.year, today.year + 1],
            "slots": slots,
            "to_plan": sum(slot.to_plan for slot in slots),
        },
    )


@login_required
@collection(Member)
def people(request):
    """The search behind a member picker: at most a screenful of the members the user may see, in the organisation
    asked for (and below it), by name or pinyin initials; answered as the picker's options."""
    members = Member.objects.visible_to(request.user).current().select_related("organization")
    organization = request.GET.get("organization", "")
    if organization.isdigit() and len(organization) < 12:
        found = Organization.objects.visible_to(request.user).filter(pk=int(organization)).first()
        members = members.in_subtree(found) if found is not None else members.none()
    text = next((value.strip() for key, value in request.GET.items() if key.endswith("_q") or key == "q"), "")[:20]
    if text.isascii() and text.isalpha():
        members = members.filter(name_initials__startswith=text.lower())
    elif text:
        members = members.filter(name__contains=text)
    return render(
        request,
        "activities/_people.html",
        {"members": [(member.pk, member_label(member)) for member in members[:PICKER_SHOWN]], "text": text},
    )


def detail_context(request, activity, **forms):
    can_change = services.can_change(request.user, activity)
    members = Member.objects.visible_to(request.user).in_subtree(activity.organization).current()
    rows = Attendance.objects.visible_to(request.user).filter(activity=activity)
    attendance = list(rows.select_related("member", "makeup"))
    disclosure.withhold_others_reasons(request.user, activity, attendance)
    absentees = (
        rows.filter(status__in=[Attendance.Status.LEAVE, Attendance.Status.ABSENT])
        .filter(makeup__isnull=True)
        .select_related("member")
    )
    context = {
        "activity": activity,
        "can_change": can_change,
        "may_export": can(request.user, EXPORT, activity.organization.path),
        "may_sign": activity.status == Activity.Status.MINUTED and services.may_sign(request.user, activity),
        "attendance": attendance,
        "minutes_withheld": disclosure.minutes_withheld(request.user, activity, attendance),
        "counts": services.attendance_counts(activity),
        "agenda": activity.agenda.all(),
        "votes": activity.votes.all(),
        "resolutions": activity.resolutions.select_related("owner_member"),
        "amendments": activity.amendments.select_related("made_by"),
        "today": timezone.localdate(),
        "parts": activity.parts.select_related("kind"),
        "held_form": HeldForm(initial={"held_at": timezone.localtime(activity.planned_at)}),
        "vote_form": VoteForm(),
        "resolution_form": ResolutionForm(members=members, organization=activity.organization),
        "minutes_form": MinutesForm(initial={"minutes": activity.minutes, "minutes_shared": activity.minutes_shared}),
        "amend_form": AmendForm(),
        "makeup_form": MakeUpForm(absentees=absentees),
        "evidence": activity.evidence.all(),
        "evidence_form": EvidenceForm(),
        "attendance_editable": can_change and activity.status in EDITABLE,
        "sheet": attendance_sheet(attendance),
        "status_choices": [(status.value, status.label) for status in RECORDABLE],
        "leave_choices": Attendance.LeaveKind.choices,
    }
    context["next_step"] = next_step(activity, context)
    context["meeting_notes"] = plan_extras.meeting_notes(request, activity)
    context.update(forms)
    return context


def next_step(activity, context) -> tuple[str, str] | None:
    """The step the meeting is waiting for, as (label, anchor on the meeting page), when this user can take it: the
    page links to it at the top so a secretary on a phone need not scroll past the finished steps."""
    status = activity.status
    if status == Activity.Status.PLANNED and context["can_change"]:
        return "登记召开", "held"
    if context["attendance_editable"] and context["counts"].get("unrecorded"):
        return "录入考勤", "attendance"
    if status == Activity.Status.HELD and context["can_change"]:
        return "填写会议记录", "minutes"
    if context["may_sign"]:
        return "主持人签发", "sign"
    return None


class ActivityDetail(ScopedDetailView):
    model = Activity
    select_related = ("kind", "organization", "host", "recorder", "signed_by")
    template_name = "activities/activity_detail.html"

    def get_context_data(self):
        return detail_context(self.request, self.object)


def _with_step_relations():
    return Activity.objects.select_related("kind", "organization", "host")


def back_to(activity, anchor: str):
    """The meeting page at the panel of the step just saved, so the browser returns where the user was."""
    return redirect(f"{activity.get_absolute_url()}#{anchor}")


def _act(request, activity, form_class, service, form_key, success, anchor, model=None, **form_kwargs):
    """POST handler shared by the steps on the meeting page, given the activity its route loaded with ``change``:
    bind, call the service, show errors in place. With a ``model`` the step creates a record and runs once per
    submitted form (see ``create_from_form``). A saved step returns to the page at ``anchor``."""
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != idempotency.FORM_FIELD}
        if model is None:
            done, created = call_service(form, service, actor=request.user, activity=activity, **data), True
        else:
            done, created = create_from_form(request, form, service, model=model, activity=activity, **data)
        if done is not None:
            if created:
                messages.success(request, success)
            return back_to(activity, anchor)
    messages.error(request, "未保存：" + form_errors_text(form))
    activity.refresh_from_db()
    return render(
        request, "activities/activity_detail.html", detail_context(request, activity, **{form_key: form}), status=200
    )


@login_required
@require_POST
@scoped(Activity, CHANGE, queryset=_with_step_relations)
def activity_held(request, activity):
    return _act(
        request,
        activity,
        HeldForm,
        services.record_held,
        "held_form",
        "已登记召开，应到名单已按会议当天的组织关系生成",
        # The 登记召开 panel is gone once the meeting is held; the attendance sheet takes its place.
        anchor="attendance",
    )


@login_required
@require_POST
@scoped(Activity, CHANGE, queryset=_with_step_relations)
def activity_vote(request, activity):
    return _act(request, activity, VoteForm, services.record_vote, "vote_form", "已登记表决结果", "votes", model=Vote)


@login_required
@require_POST
@scoped(Activity, CHANGE, queryset=_with_step_relations)
def activity_resolution(request, activity):
    members = Member.objects.visible_to(request.user).in_subtree(activity.organization).current()
    return _act(
        request,
        activity,
        ResolutionForm,
        services.add_resolution,
        "resolution_form",
        "已登记决议",
        "resolutions",
        model=Resolution,
        members=members,
        organization=activity.organization,
    )


@login_required
@require_POST
@scoped(Activity, CHANGE, queryset=_with_step_relations)
def activity_minutes(request, activity):
    return _act(request, activity, MinutesForm, services.save_minutes, "minutes_form", "会议记录已保存", "minutes")


@login_required
@require_POST
@scoped(Activity, CHANGE, queryset=_with_step_relations)
def activity_amend(request, activity):
    return _act(
        request,
        activity,
        AmendForm,
        services.amend,
        "amend_form",
        "已登记更正，原记录保留",
        "amendments",
        model=Amendment,
    )


@login_required
@require_POST
# The host signs their own minutes even as an ordinary member: the service decides who may sign, not ``change``.
@scoped(Activity, queryset=lambda: Activity.objects.select_related("host", "organization"))
def activity_sign(request, activity):
    signed = attempt_with_message(
        request, services.sign, actor=request.user, activity=activity, done="会议记录已签发并锁定", failed="未能签发："
    )
    # Once signed the button is gone: the signed record is the place to look at.
    return back_to(activity, "minutes" if signed else "sign")


@login_required
@require_POST
@scoped(Activity, CHANGE)
def activity_cancel(request, activity):
    attempt_with_message(
        request,
        services.cancel_activity,
        actor=request.user,
        activity=activity,
        reason=request.POST.get("reason", ""),
        done="会议已取消，相关达标结论已重新评估",
        failed="未能取消：",
    )
    return redirect(activity)


@login_required
@require_POST
@scoped(Activity, CHANGE)
def activity_makeup(request, activity):
    absentees = Attendance.objects.visible_to(request.user).filter(
        activity=activity, status__in=[Attendance.Status.LEAVE, Attendance.Status.ABSENT]
    )
    form = MakeUpForm(request.POST, absentees=absentees)
    if form.is_valid():
        data = form.cleaned_data
        makeup, created = create_from_form(
            request,
            form,
            services.record_makeup,
            model=MakeUp,
            attendance=data["attendance"],
            done_on=data["done_on"],
            note=data["note"],
        )
        if makeup is not None:
            if created:
                messages.success(request, "已登记补学")
            return back_to(activity, "makeup")
    messages.error(request, "未保存：" + form_errors_text(form))
    return back_to(activity, "makeup")


class ResolutionList(ScopedListView):
    model = Resolution
    select_related = ("activity__organization", "owner_member", "owner_organization")
    filterset_class = ResolutionFilter
    columns = RESOLUTION_COLUMNS
    template_name = "activities/resolution_list.html"
    scope_parameter = "within"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context["today"] = timezone.localdate()
        return context


class ResolutionComplete(ServiceFormView):
    model = Resolution
    select_related = ("activity",)
    form_class = CompleteForm
    success_message = "决议已销号"

    def service(self):
        return services.complete_resolution

    def initial(self):
        return {"done_on": timezone.localdate()}

    def title(self):
        return f"决议销号：{self.object.text}"

    def intro(self):
        return "写明落实情况（做了什么、形成了什么材料），销号后记入台账。"

    def back_url(self):
        return reverse("activities:resolutions")

    def success_url(self, result):
        return reverse("activities:resolutions")


@login_required
@collection(Activity, CHANGE)
def digest(request):
    return render(
        request,
        "activities/digest.html",
        {"digest": digest_service.build(request.user, organization_in_scope(request)), "today": timezone.localdate()},
    )


@login_required
@collection(Activity)
def calendar_month(request):
    today = timezone.localdate()
    text = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in text.split("-")) if text else (today.year, today.month)
        first = datetime.date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    last = first.replace(day=28) + datetime.timedelta(days=4)
    last = last - datetime.timedelta(days=last.day)
    filterset = _activity_filter(request)
    activities = (
        filterset.qs.filter(planned_at__date__gte=first, planned_at__date__lte=last)
        .exclude(status=Activity.Status.CANCELLED)
        .order_by("planned_at")
    )
    by_day: dict[datetime.date, list] = {}
    for activity in activities:
        by_day.setdefault(calendar_service.activity_day(activity), []).append(activity)
    weeks = [
        [(day, by_day.get(day, [])) for day in week] for week in calendar_service.month_grid(first.year, first.month)
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = last + datetime.timedelta(days=1)
    return render(
        request,
        "activities/calendar.html",
        {
            "weeks": weeks,
            "first": first,
            "today": today,
            "previous": previous,
            "following": following,
            "mine": calendar_service.personal(request.user, today),
            "filter": filterset,
        },
    )


@login_required
@require_POST
@unscoped("issues a new secret link to the user's own calendar feed")
def calendar_link(request):
    calendar_service.new_feed_token(actor=request.user)
    messages.success(request, "已生成新的日历订阅链接，旧链接立即失效")
    return redirect("accounts:profile")


@unscoped("the secret token stands for its user, and the feed lists only what that user may see")
def calendar_feed(request, token):
    """Reached without a session (calendar apps cannot log in): the secret token stands for the user."""
    user = User.objects.filter(calendar_token=token, is_active=True).first() if len(token) >= 32 else None
    if user is None:
        raise Http404("订阅链接无效")
    response = HttpResponse(calendar_service.ics(user, request.get_host()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="zhibu.ics"'
    return response


@login_required
@require_POST
@scoped(Activity, CHANGE)
def activity_evidence(request, activity):
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "未上传：" + form_errors_text(form))
        return back_to(activity, "evidence")
    attachment, created = create_from_form(
        request, form, services.add_evidence, model=Attachment, activity=activity, upload=form.cleaned_data["upload"]
    )
    if attachment is None:
        messages.error(request, "未上传：" + form_errors_text(form))
    elif created:
        messages.success(request, "已添加佐证材料")
    return back_to(activity, "evidence")


class ActivityKinds(ServiceFormView):
    """The kinds and a form for a new one; ``ActivityKindEdit`` is the same page with one kind in the form."""

    model = ActivityKind
    object_kwarg: ClassVar[str | None] = None
    form_class = ActivityKindForm
    template_name = "activities/kinds.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_platform_admin:
            raise PermissionDenied("只有工委管理员可以设置活动类型")
        return super().dispatch(request, *args, **kwargs)

    def service(self):
        return services.save_activity_kind

    def form_kwargs(self):
        return {"instance": self.object}

    def service_kwargs(self, data):
        return {"kind": self.object, **data}

    def title(self):
        return "活动类型设置"

    def back_url(self):
        return reverse("activities:kinds")

    def message(self, result):
        return f"已保存活动类型“{result.name}”"

    def success_url(self, result):
        return reverse("activities:kinds")

    def extra_context(self):
        return {"kinds": ActivityKind.objects.all(), "editing": self.object}


class ActivityKindEdit(ActivityKinds):
    object_kwarg = "pk"
