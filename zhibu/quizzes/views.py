"""The organisers' desk pages: question banks (with the Excel import: upload → preview → confirm), quizzes with their
results per person and per question, the results list and its export, and surveys with their aggregated results."""

import base64
import uuid
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from openpyxl import Workbook

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.routes import scoped, unscoped
from zhibu.core.scoping import CHANGE, EXPORT, VIEW, can
from zhibu.core.spreadsheets import write
from zhibu.core.tables import xlsx_response
from zhibu.core.views import attempt
from zhibu.quizzes import importing, services
from zhibu.quizzes.filters import AttemptFilter, BankFilter, ContestFilter, QuizFilter, SurveyFilter
from zhibu.quizzes.forms import BankForm, ContestForm, ImportForm, QuizForm, SurveyForm
from zhibu.quizzes.models import Attempt, Contest, Question, QuestionBank, Quiz, Survey, SurveyResponse
from zhibu.quizzes.results import (
    branch_participation,
    contest_standings,
    quiz_people,
    quiz_questions,
    survey_results,
)
from zhibu.quizzes.tables import (
    ATTEMPT_COLUMNS,
    BANK_COLUMNS,
    BRANCH_RATE_COLUMNS,
    CONTEST_COLUMNS,
    QUIZ_COLUMNS,
    STANDING_COLUMNS,
    SURVEY_COLUMNS,
)

MAX_UPLOAD = 2 * 1024 * 1024


class _Create(ServiceFormView):
    object_kwarg: ClassVar[str | None] = None

    def form_kwargs(self):
        return {"user": self.request.user}


class BankList(ScopedListView):
    model = QuestionBank
    select_related = ("organization",)
    filterset_class = BankFilter
    columns = BANK_COLUMNS
    template_name = "quizzes/list.html"
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        return {
            **super().get_context_data(filterset, page, query),
            "title": "题库",
            "new": reverse("quizzes:bank_create"),
            "new_label": "新建题库",
        }


class BankCreate(_Create):
    model = QuestionBank
    creates = QuestionBank
    form_class = BankForm
    success_message = "已新建题库，请导入试题"

    def service(self):
        return services.create_bank

    def title(self):
        return "新建题库"


class BankDetail(ScopedDetailView):
    model = QuestionBank
    select_related = ("organization",)
    template_name = "quizzes/bank_detail.html"

    def get_context_data(self):
        return {
            "bank": self.object,
            "questions": Question.objects.filter(bank=self.object),
            "can_change": can(self.request.user, CHANGE, self.object.organization.path),
        }


@unscoped("空白模板，不含任何记录")
@login_required
def import_template(request):
    response = HttpResponse(
        importing.template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E8%AF%95%E9%A2%98%E6%A8%A1%E6%9D%BF.xlsx"
    return response


@login_required
@scoped(QuestionBank, CHANGE, name="bank")
def bank_import(request, bank):
    """Upload → preview (every row checked, errors by row and column) → confirm (the same file, kept in the session
    under a one-time key, imported whole or not at all)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"bank": bank, "form": form}
    pending = request.session.get("quiz_import", {})
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.POST["confirm"]
        content = pending.pop(token, None) if isinstance(pending, dict) else None
        request.session["quiz_import"] = pending
        if content is None:
            messages.error(request, "预览已失效或已导入过，请重新上传文件")
            return redirect("quizzes:bank_import", pk=bank.pk)
        questions, errors = importing.parse(base64.b64decode(content))
        if not errors:
            _, errors = attempt(services.import_questions, actor=request.user, bank=bank, questions=questions)
        if not errors:
            messages.success(request, f"已导入{len(questions)}道试题")
            return redirect(bank.get_absolute_url())
        context["errors"] = errors
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            form.add_error("file", "请选择要导入的 .xlsx 文件")
        elif upload.size > MAX_UPLOAD:
            form.add_error("file", "文件超过2MB，请分成几个文件导入")
        else:
            content = upload.read()
            questions, errors = importing.parse(content)
            context.update(questions=questions, errors=errors)
            if not errors and questions:
                token = uuid.uuid4().hex
                pending = {token: base64.b64encode(content).decode()}  # one pending file per session
                request.session["quiz_import"] = pending
                context["token"] = token
            elif not errors:
                context["errors"] = ["表格中没有试题，请在模板的第2行起逐行填写"]
    return render(request, "quizzes/import.html", context)


class QuizList(ScopedListView):
    model = Quiz
    select_related = ("organization",)
    filterset_class = QuizFilter
    columns = QUIZ_COLUMNS
    template_name = "quizzes/list.html"
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        return {
            **super().get_context_data(filterset, page, query),
            "title": "理论测试",
            "new": reverse("quizzes:quiz_create"),
            "new_label": "发布测试",
            "results": reverse("quizzes:results"),
        }


class QuizCreate(_Create):
    model = Quiz
    creates = Quiz
    form_class = QuizForm
    success_message = "已发布测试"

    def service(self):
        return services.create_quiz

    def title(self):
        return "发布测试"

    def intro(self):
        return (
            "试卷按规则从题库中随机抽题，每人一份；服务器按答题时限计时，超时交卷不予接受。不设排名，不强制每日答题。"
        )


class QuizDetail(ScopedDetailView):
    model = Quiz
    select_related = ("organization", "bank")
    template_name = "quizzes/quiz_detail.html"

    def get_context_data(self):
        # Only the attempts the reader may see: a member's own, an organiser's subtree's.
        attempts = list(
            Attempt.objects.visible_to(self.request.user)
            .filter(quiz=self.object)
            .select_related("member__organization", "quiz")
        )
        return {
            "quiz": self.object,
            "people": quiz_people(self.object, attempts),
            "questions": quiz_questions(self.object, [a for a in attempts if a.submitted_at]),
            "organiser": can(self.request.user, VIEW, self.object.organization.path),
        }


class Results(ScopedListView):
    model = Attempt
    select_related = ("quiz", "member__organization")
    filterset_class = AttemptFilter
    columns = ATTEMPT_COLUMNS
    template_name = "quizzes/list.html"
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        return {**super().get_context_data(filterset, page, query), "title": "测试成绩", "export": True}


class ResultsExport(Results, ScopedExportView):
    title = "测试成绩"
    event = Event.QUIZ_RESULTS_EXPORTED


class SurveyList(ScopedListView):
    model = Survey
    select_related = ("organization",)
    filterset_class = SurveyFilter
    columns = SURVEY_COLUMNS
    template_name = "quizzes/list.html"
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        return {
            **super().get_context_data(filterset, page, query),
            "title": "思想动态调查",
            "new": reverse("quizzes:survey_create"),
            "new_label": "发布调查",
        }


class SurveyCreate(_Create):
    model = Survey
    creates = Survey
    form_class = SurveyForm
    success_message = "已发布调查"

    def service(self):
        return services.create_survey

    def title(self):
        return "发布思想动态调查"

    def intro(self):
        return "匿名调查的答卷不与任何人关联；答卷人数少于规定人数的组织不显示结果。"


def _visible_responses(user, survey):
    return SurveyResponse.objects.visible_to(user).filter(survey=survey).select_related("branch")


class SurveyDetail(ScopedDetailView):
    model = Survey
    select_related = ("organization",)
    template_name = "quizzes/survey_detail.html"

    def get_context_data(self):
        survey = self.object
        organiser = bool(self.request.user.scope_paths(VIEW)[0])
        results = survey_results(survey, _visible_responses(self.request.user, survey)) if organiser else None
        charts = []
        if results and results.shown:
            charts = [
                {"title": q["text"], "labels": [o for o, _ in q["counts"]], "values": [n for _, n in q["counts"]]}
                for q in results.questions
                if "counts" in q
            ]
        return {"survey": survey, "results": results, "charts": charts, "organiser": organiser}


@login_required
@scoped(Survey, EXPORT)
def survey_export(request, survey):
    """Aggregated figures only: never one row per answer sheet."""
    results = survey_results(survey, _visible_responses(request.user, survey))
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总"
    lines: list[list[object]] = [[survey.title]]
    if not results.shown:
        lines.append([f"答卷{results.total}份，少于{results.minimum}份，不显示结果"])
    for question in results.questions:
        lines.append([f"{question['index'] + 1}. {question['text']}"])
        lines += [["", option, count] for option, count in question.get("counts", [])]
        lines += [["", text] for text in question.get("texts", [])]
    for row_number, line in enumerate(lines, start=1):
        for column, value in enumerate(line, start=1):
            write(sheet, row_number, column, value)  # members' text stays text (formula injection)
    audit.record(
        actor=request.user, event=Event.SURVEY_RESULTS_EXPORTED, obj=survey, extra={"responses": results.total}
    )
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''survey-results.xlsx"
    book.save(response)
    return response


# 知识竞赛 ------------------------------------------------------------------------------------------------------------


class ContestList(ScopedListView):
    model = Contest
    select_related = ("quiz__organization",)
    filterset_class = ContestFilter
    columns = CONTEST_COLUMNS
    template_name = "quizzes/contest_list.html"
    scope_parameter = "organization"

    def scoped_queryset(self, action=None):
        return super().scoped_queryset(action).prefetch_related("participants")


class ContestExport(ContestList, ScopedExportView):
    title = "知识竞赛"
    event = Event.CONTEST_EXPORTED

    def export_objects(self, queryset):
        return list(queryset)


class ContestCreate(_Create):
    model = Contest
    creates = Contest
    form_class = ContestForm
    success_message = "已发布知识竞赛"

    def service(self):
        return services.create_contest

    def title(self):
        return "发布知识竞赛"

    def intro(self):
        return (
            "竞赛试卷按规则从题库随机抽题，参赛党组织及其下级的党员在答题时间内作答；"
            "名次按得分、再按用时排列，只向组织者显示，不公开排名。"
        )

    def back_url(self):
        return reverse("quizzes:contests")


def _contest_attempts(user, contest):
    return list(Attempt.objects.visible_to(user).filter(quiz=contest.quiz_id).select_related("member__organization"))


class ContestDetail(ScopedDetailView):
    model = Contest
    select_related = ("quiz__organization", "quiz__bank")
    template_name = "quizzes/contest_detail.html"

    def get_context_data(self):
        contest = self.object
        attempts = _contest_attempts(self.request.user, contest)
        return {
            "contest": contest,
            "quiz": contest.quiz,
            "participants": contest.participants.order_by("path"),
            "standings": contest_standings(attempts),
            "rates": branch_participation(contest, attempts),
            "can_export": Contest.objects.visible_to(self.request.user, EXPORT).filter(pk=contest.pk).exists(),
        }


@login_required
@scoped(Contest, EXPORT)
def contest_results_export(request, contest):
    """The standings (名次、得分、用时), audited like every export."""
    return xlsx_response(
        actor=request.user,
        title=f"{contest.quiz.title}成绩",
        columns=STANDING_COLUMNS,
        objects=contest_standings(_contest_attempts(request.user, contest)),
        event=Event.CONTEST_RESULTS_EXPORTED,
        organization=contest.quiz.organization,
        filters=f"contest={contest.pk}",
    )


@login_required
@scoped(Contest, EXPORT)
def contest_rates_export(request, contest):
    """Each branch's participation rate."""
    return xlsx_response(
        actor=request.user,
        title=f"{contest.quiz.title}参与率",
        columns=BRANCH_RATE_COLUMNS,
        objects=branch_participation(contest, _contest_attempts(request.user, contest)),
        event=Event.CONTEST_RESULTS_EXPORTED,
        organization=contest.quiz.organization,
        filters=f"contest={contest.pk};rates",
    )
