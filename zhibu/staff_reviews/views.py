"""The 党务工作者考核 pages: rounds and people under review (each a list and an Excel export), the round page with its
people, raters and the scoring, the person's page with each indicator, the counts it came from and a link to those
records, and the arithmetic of the final score; the rater's own ballot sheet. No page shows who chose what."""

from typing import ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.routes import unscoped
from zhibu.core.scoping import CHANGE, VIEW, can
from zhibu.core.views import call_service
from zhibu.staff_reviews import relations, services
from zhibu.staff_reviews.filters import RoundFilter, SubjectFilter
from zhibu.staff_reviews.forms import BallotForm, RaterForm, RoundForm, ScoreForm
from zhibu.staff_reviews.models import CHOICE_SCORES, Rater, StaffReviewRound, Status, Subject, Vote
from zhibu.staff_reviews.tables import ROUND_COLUMNS, SUBJECT_COLUMNS, SUBJECT_LIST

LIST = "staff_reviews/list.html"


class RoundList(ScopedListView):
    model = StaffReviewRound
    select_related = ("organization",)
    filterset_class = RoundFilter
    columns = ROUND_COLUMNS
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(
            title="党务工作者考核",
            export="staff_reviews:rounds_export",
            create="staff_reviews:round_create",
            empty="尚无党务工作者考核。",
        )
        return context


class RoundExport(RoundList, ScopedExportView):
    title = "党务工作者考核"
    event = Event.STAFF_REVIEW_ROUNDS_EXPORTED


class RoundDetail(ScopedDetailView):
    model = StaffReviewRound
    select_related = ("organization",)
    template_name = "staff_reviews/round_detail.html"

    def get_context_data(self):
        review_round = self.object
        user = self.request.user
        may_change = can(user, CHANGE, review_round.organization.path)
        subjects = (
            Subject.objects.visible_to(user, VIEW).filter(round=review_round).select_related("member", "organization")
        )
        return {
            "round": review_round,
            "subjects": subjects,
            # The raters and their group — never which rater voted how.
            "raters": review_round.raters.select_related("user") if may_change else None,
            "may_change": may_change and review_round.status == Status.RATING,
        }


class RoundCreate(ServiceFormView):
    model = StaffReviewRound
    object_kwarg: ClassVar[str | None] = None
    creates = StaffReviewRound
    form_class = RoundForm
    success_message = "已新建党务工作者考核，考核对象已按岗位列出；下一步：邀请评议人"

    def service(self):
        return services.create_round

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        year = timezone.localdate().year
        return {"year": year, "title": f"{year}年度党务工作者考核"}

    def title(self):
        return "新建党务工作者考核"

    def intro(self):
        return (
            "考核对象为本单位及下级党组织中担任支部书记或党务干部的人员。综合得分 = 记录指标（会议签发、按期销号、"
            "标准达标率、学时，从记录中计算）× 权重 + 评议（上级、同级、下级的匿名评议票，优秀、称职、基本称职、"
            "不称职分别计100、80、60、40分，按类别加权）× 权重，按分数线确定等次。"
        )

    def back_url(self):
        return reverse("staff_reviews:rounds")


class RoundScore(ServiceFormView):
    model = StaffReviewRound
    form_class = ScoreForm
    success_message = "已评定：各人的记录指标已按评定时的记录保存，综合得分和等次已计算"

    def service(self):
        return services.score_round

    def service_kwargs(self, data):
        return {"round": self.object}

    def title(self):
        return f"评定：{self.object}"

    def intro(self):
        return "评定时从记录中读取各人的指标并保存，按评议票计算综合得分和等次；每位考核对象都须有评议票。"


class RaterInvite(ServiceFormView):
    model = StaffReviewRound
    form_class = RaterForm
    success_message = "已邀请评议人"

    def service(self):
        return services.invite_rater

    def form_kwargs(self):
        return {"round": self.object}

    def service_kwargs(self, data):
        return {"round": self.object, **data}

    def title(self):
        return f"邀请评议人：{self.object}"

    def intro(self):
        return (
            "每张评议票按评议人与考核对象的组织关系计入上级、同级或下级（评议人所在组织是对方的上级组织为上级，"
            "同一组织或同一上级下的组织为同级，下级组织为下级）；无法判断时按此处选择的默认类别。"
            "评议票不记录投票人，任何页面、导出和接口都不显示谁投了什么票。"
        )


class SubjectList(ScopedListView):
    model = Subject
    select_related = ("round", "member", "organization")
    filterset_class = SubjectFilter
    columns = SUBJECT_LIST
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(
            title="党务工作者考核结果",
            export="staff_reviews:subjects_export",
            create=None,
            empty="尚无考核对象。",
        )
        return context


class SubjectExport(SubjectList, ScopedExportView):
    columns = SUBJECT_COLUMNS
    title = "党务工作者考核结果"
    event = Event.STAFF_REVIEW_SUBJECTS_EXPORTED


class SubjectDetail(ScopedDetailView):
    model = Subject
    select_related = ("round__organization", "member", "organization")
    template_name = "staff_reviews/subject_detail.html"

    def get_context_data(self):
        subject = self.object
        organiser = can(self.request.user, CHANGE, subject.round.organization.path)
        if subject.grade:
            arithmetic = subject.arithmetic
        else:
            # Live while being rated; the ballots' tally only for the organiser, so a rated person cannot watch it.
            arithmetic = services.result_for(subject).as_json()
            if not organiser:
                arithmetic = {**arithmetic, "ratings": [], "rating_formula": "评定后公布", "formula": "评定后公布"}
        return {"subject": subject, "arithmetic": arithmetic, "scored": bool(subject.grade)}


@login_required
@unscoped("an invited rater's own ballot sheet: only the rounds the user was invited to rate, through their Rater rows")
def ballots(request):
    raters = Rater.objects.filter(user=request.user, round__status=Status.RATING).select_related("round__organization")
    voted = set(Vote.objects.filter(rater__in=raters).values_list("subject_id", flat=True))
    sheets = []
    paths = relations.rater_paths(request.user)
    for rater in raters:
        people = Subject.objects.filter(round=rater.round).select_related("member", "organization")
        sheets.append(
            {
                "rater": rater,
                "people": [
                    {
                        "subject": s,
                        "group": relations.group_for(rater, s, paths).label,
                        "voted": s.pk in voted,
                        "self": s.member.user_id == request.user.pk,
                        "form": BallotForm(),
                    }
                    for s in people
                ],
            }
        )
    if request.method == "POST":
        subject = Subject.objects.filter(
            pk=_id(request.POST.get("subject")), round__in=[rater.round for rater in raters]
        ).first()
        form = BallotForm(request.POST)
        if subject is None:
            messages.error(request, "所选考核对象不存在或您不是其评议人")
        elif form.is_valid() and call_service(
            form, services.cast_ballot, actor=request.user, subject=subject, choice=form.cleaned_data["choice"]
        ):
            messages.success(request, f"已对{subject.member.name}投票（匿名，不记录您的选择）")
        else:
            messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("staff_reviews:ballots")
    context = {"sheets": sheets, "title": "我的党务工作者考核评议票", "scores": CHOICE_SCORES}
    return render(request, "staff_reviews/ballots.html", context)


def _id(value):
    return int(value) if value and value.isdigit() and len(value) < 10 else None
