"""The 述职评议 pages: rounds and reports (each a list and an Excel export), the round page with its raters and stage,
the report page with the figures snapshot, the critique, the rectification items and the weighted score with its
arithmetic, and the rater's own ballot sheet. No page shows who chose what: ballots carry no rater."""

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
from zhibu.secretary_reviews import figures, services
from zhibu.secretary_reviews.filters import ReportFilter, RoundFilter
from zhibu.secretary_reviews.forms import (
    AdvanceForm,
    BallotForm,
    CritiqueForm,
    ItemForm,
    RaterForm,
    ReportForm,
    RoundForm,
)
from zhibu.secretary_reviews.models import AppraisalRound, Rater, Report, Status, Vote
from zhibu.secretary_reviews.tables import REPORT_COLUMNS, REPORT_LIST, ROUND_COLUMNS

LIST = "secretary_reviews/list.html"
NEXT = {Status.OPEN: Status.RATING, Status.RATING: Status.GRADED, Status.GRADED: Status.CLOSED}


class RoundList(ScopedListView):
    model = AppraisalRound
    select_related = ("organization",)
    filterset_class = RoundFilter
    columns = ROUND_COLUMNS
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(
            title="书记述职评议",
            export="secretary_reviews:rounds_export",
            create="secretary_reviews:round_create",
            empty="尚无述职评议。",
        )
        return context


class RoundExport(RoundList, ScopedExportView):
    title = "书记述职评议"
    event = Event.SECRETARY_REVIEW_ROUNDS_EXPORTED


class RoundDetail(ScopedDetailView):
    model = AppraisalRound
    select_related = ("organization",)
    template_name = "secretary_reviews/round_detail.html"

    def get_context_data(self):
        appraisal_round = self.object
        user = self.request.user
        may_change = can(user, CHANGE, appraisal_round.organization.path)
        reports = Report.objects.visible_to(user, VIEW).filter(round=appraisal_round).select_related("organization")
        reported = set(Report.objects.filter(round=appraisal_round).values_list("organization_id", flat=True))
        waiting = [org for org in services.subjects(appraisal_round.organization) if org.pk not in reported]
        next_status = NEXT.get(Status(appraisal_round.status))
        return {
            "round": appraisal_round,
            "reports": reports,
            "waiting": waiting,
            # The raters and how many ballots each group cast — never which rater voted how.
            "raters": appraisal_round.raters.select_related("user") if may_change else None,
            "may_change": may_change,
            "next_status": next_status,
            "advance_form": AdvanceForm(initial={"to": next_status}) if may_change and next_status else None,
        }


class RoundCreate(ServiceFormView):
    model = AppraisalRound
    object_kwarg: ClassVar[str | None] = None
    creates = AppraisalRound
    form_class = RoundForm
    success_message = "已新建述职评议，下一步：各党组织书记提交述职报告，邀请评议人"

    def service(self):
        return services.create_round

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        year = timezone.localdate().year
        return {"year": year, "title": f"{year}年度党组织书记抓基层党建述职评议考核"}

    def title(self):
        return "新建书记述职评议"

    def intro(self):
        return (
            "由工委或党委组织，直接领导的各党组织书记述职（一述一评）。评议票分好、较好、一般、差，"
            "分别计100、80、60、40分；综合得分为各类评议人平均分按权重加权，按分数线确定等次。"
        )

    def back_url(self):
        return reverse("secretary_reviews:rounds")


class RoundAdvance(ServiceFormView):
    model = AppraisalRound
    form_class = AdvanceForm
    http_method_names = ["post"]

    def service(self):
        return services.advance

    def service_kwargs(self, data):
        return {"round": self.object, **data}

    def title(self):
        return f"推进述职评议：{self.object}"

    def message(self, result):
        return f"已进入“{result.get_status_display()}”阶段"


class RaterInvite(ServiceFormView):
    model = AppraisalRound
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
        return "评议人按类别（上级、同级、党员代表）计算权重；评议票不记录投票人，任何页面、导出和接口都不显示谁投了什么票。"


class ReportList(ScopedListView):
    model = Report
    select_related = ("round", "organization")
    filterset_class = ReportFilter
    columns = REPORT_LIST
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(
            title="书记述职报告",
            export="secretary_reviews:reports_export",
            create="secretary_reviews:report_create",
            empty="尚无述职报告。",
        )
        return context


class ReportExport(ReportList, ScopedExportView):
    columns = REPORT_COLUMNS
    title = "书记述职报告"
    event = Event.SECRETARY_REVIEW_REPORTS_EXPORTED


class ReportDetail(ScopedDetailView):
    model = Report
    select_related = ("round__organization", "organization", "attachment")
    template_name = "secretary_reviews/report_detail.html"

    def get_context_data(self):
        report = self.object
        user = self.request.user
        organiser = can(user, CHANGE, report.round.organization.path)
        score = services.weighted_score(report.round, report) if report.grade or organiser else None
        return {
            "report": report,
            "figures": figures.describe(report.figures),
            "arithmetic": report.arithmetic if report.grade else (score.as_json() if score else None),
            "critique_form": (
                CritiqueForm(initial={"text": report.critique})
                if organiser and report.round.status != Status.CLOSED
                else None
            ),
            "item_form": ItemForm(user=user) if organiser and report.critique else None,
            "items": report.items.select_related("task"),
        }


class ReportCreate(ServiceFormView):
    model = Report
    object_kwarg: ClassVar[str | None] = None
    creates = Report
    form_class = ReportForm
    success_message = "已提交述职报告，本年度数据已自动附上"

    def service(self):
        return services.submit_report

    def form_kwargs(self):
        return {"user": self.request.user}

    def title(self):
        return "提交书记述职报告"

    def intro(self):
        return "提交时系统从记录中附上本年度的会议、出勤、标准体系检查、党费和发展党员数据（快照），无需另行填写。"

    def back_url(self):
        return reverse("secretary_reviews:reports")


class CritiqueWrite(ServiceFormView):
    """The organiser's 点评: the route asks to see the report; the service requires CHANGE on the round."""

    model = Report
    action = VIEW
    select_related = ("round__organization", "organization")
    form_class = CritiqueForm
    success_message = "已保存点评意见"

    def service(self):
        return services.critique

    def initial(self):
        return {"text": self.object.critique}

    def title(self):
        return f"点评：{self.object}"


class ItemRaise(ServiceFormView):
    model = Report
    action = VIEW
    select_related = ("round__organization", "organization")
    form_class = ItemForm
    success_message = "已将整改事项纳入工作台账"

    def service(self):
        return services.raise_item

    def form_kwargs(self):
        return {"user": self.request.user}

    def title(self):
        return f"整改事项纳入工作台账：{self.object}"

    def success_url(self, result):
        return self.object.get_absolute_url() + "#items"


@login_required
@unscoped(
    "an invited rater's own ballot sheet: only the rounds the user was invited to rate, read through their Rater rows"
)
def ballots(request):
    raters = Rater.objects.filter(user=request.user, round__status=Status.RATING).select_related("round__organization")
    voted = set(Vote.objects.filter(rater__in=raters).values_list("report_id", flat=True))
    sheets = []
    for rater in raters:
        reports = Report.objects.filter(round=rater.round).select_related("organization", "attachment")
        sheets.append(
            {
                "rater": rater,
                "reports": [
                    {"report": r, "figures": figures.describe(r.figures), "voted": r.pk in voted, "form": BallotForm()}
                    for r in reports
                ],
            }
        )
    if request.method == "POST":
        report = Report.objects.filter(
            pk=_id(request.POST.get("report")), round__in=[rater.round for rater in raters]
        ).first()
        form = BallotForm(request.POST)
        if report is None:
            messages.error(request, "所选述职报告不存在或您不是其评议人")
        elif form.is_valid() and call_service(
            form, services.cast_ballot, actor=request.user, report=report, choice=form.cleaned_data["choice"]
        ):
            messages.success(request, f"已对{report.organization.name}的述职投票（匿名，不记录您的选择）")
        else:
            messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("secretary_reviews:ballots")
    return render(request, "secretary_reviews/ballots.html", {"sheets": sheets, "title": "我的述职评议票"})


def _id(value):
    return int(value) if value and value.isdigit() and len(value) < 10 else None
