"""A member's side, phone first (templates extend ``mine/_base.html``): the quizzes and surveys issued to their
branch or an organisation above it, taking a quiz against the server's clock and answering a survey once.
Nothing here is compulsory and nothing is ranked: no check-in, no points, no online-time quota (2024 burden-reduction
rules)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhibu.core.routes import collection, scoped
from zhibu.core.views import attempt as run
from zhibu.members.models import Member
from zhibu.quizzes import services
from zhibu.quizzes.models import Attempt, Question, Quiz, Survey, SurveyAnswered
from zhibu.quizzes.services import NO_MEMBER


def _own_member(request):
    return Member.objects.visible_to(request.user).filter(user=request.user).first()


@login_required
@collection(Quiz)
def my_quizzes(request):
    member = _own_member(request)
    if member is None:
        return render(request, "mine/no_member.html", {"title": "学习测试", "message": NO_MEMBER})
    today = timezone.localdate()
    quizzes = Quiz.objects.visible_to(request.user).filter(closes_on__gte=today, opens_on__lte=today)
    mine = Attempt.objects.visible_to(request.user).filter(member=member).select_related("quiz")
    return render(
        request,
        "quizzes/my_quizzes.html",
        {"title": "学习测试", "quizzes": quizzes, "attempts": mine.order_by("-started_at")},
    )


@require_POST
@login_required
@scoped(Quiz)
def start(request, quiz):
    made, errors = run(services.start_attempt, actor=request.user, quiz=quiz)
    if errors:
        messages.error(request, "；".join(errors))
        return redirect("quizzes:mine")
    assert isinstance(made, Attempt)
    return redirect(made.sheet_url())


@login_required
@scoped(Attempt, name="sheet")
def take(request, sheet):
    """Only the member themself opens their sheet; organisers read results on the quiz's page."""
    if sheet.member.user_id != request.user.pk:
        raise PermissionDenied("只能查看本人的答卷")
    questions = Question.objects.in_bulk(sheet.question_ids)
    errors: list[str] = []
    if request.method == "POST" and sheet.submitted_at is None:
        answers = {}
        for pk in sheet.question_ids:
            values = request.POST.getlist(f"q{pk}")
            answers[str(pk)] = "".join(sorted(values)) if len(values) > 1 else (values[0] if values else "")
        done, errors = run(services.submit_attempt, actor=request.user, attempt=sheet, answers=answers)
        if not errors:
            messages.success(request, "已交卷")
            return redirect(sheet.sheet_url())
        sheet.refresh_from_db()
    items = [
        {
            "question": questions[pk],
            "given": (sheet.answers or {}).get(str(pk), ""),
            "right": (sheet.marks or {}).get(str(pk)),
            "letters": list(zip("ABCDEF", questions[pk].options, strict=False)),
        }
        for pk in sheet.question_ids
        if pk in questions
    ]
    remaining = max(0, int((sheet.deadline_at - timezone.now()).total_seconds()))
    return render(
        request,
        "quizzes/take.html",
        {"title": sheet.quiz.title, "sheet": sheet, "items": items, "remaining": remaining, "errors": errors},
    )


@login_required
@collection(Survey)
def my_surveys(request):
    member = _own_member(request)
    if member is None:
        return render(request, "mine/no_member.html", {"title": "思想动态调查", "message": NO_MEMBER})
    today = timezone.localdate()
    surveys = list(Survey.objects.visible_to(request.user).filter(closes_on__gte=today, opens_on__lte=today))
    answered = set(SurveyAnswered.objects.filter(member=member, survey__in=surveys).values_list("survey_id", flat=True))
    return render(
        request,
        "quizzes/my_surveys.html",
        {"title": "思想动态调查", "rows": [(s, s.pk in answered) for s in surveys]},
    )


@login_required
@scoped(Survey)
def answer(request, survey):
    member = _own_member(request)
    if member is None:
        return render(request, "mine/no_member.html", {"title": survey.title, "message": NO_MEMBER})
    errors: list[str] = []
    if request.method == "POST":
        given = {str(i): request.POST.getlist(f"s{i}") for i in range(len(survey.questions))}
        for i, question in enumerate(survey.questions):
            if question["kind"] == "text":
                given[str(i)] = request.POST.get(f"s{i}", "")
        _, errors = run(services.answer_survey, actor=request.user, survey=survey, answers=given)
        if not errors:
            messages.success(request, "已提交，感谢您的参与")
            return redirect("quizzes:my_surveys")
    return render(
        request,
        "quizzes/answer.html",
        {
            "title": survey.title,
            "survey": survey,
            "questions": list(enumerate(survey.questions)),
            "answered": services.has_answered(survey, member),
            "errors": errors,
            "posted": request.POST,
        },
    )
