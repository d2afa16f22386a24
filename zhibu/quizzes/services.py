"""Every write of the quizzes app: banks and their imported questions, quizzes, attempts (started, submitted, a late
sheet refused) and surveys with their answers. Each is one transaction with one audit row. No verdict reads these
records, so no ``records_changed`` is announced.

Time is the server's: an attempt's deadline is fixed when it starts, and a sheet arriving after it (plus a few seconds
for the network, ``GRACE``) is refused; the page's countdown only helps the member.

Anonymous surveys: ``answer_survey`` writes the answers to a ``SurveyResponse`` with no member and no time, and the
audit row (naming the respondent, as every audit row names its actor) holds neither the answers nor the response's
id: it says only that this person answered this survey, which ``SurveyAnswered`` already records."""

import datetime
import random
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.scoping import CHANGE, VIEW, require
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.quizzes.models import (
    Attempt,
    Contest,
    Question,
    QuestionBank,
    QuestionKind,
    Quiz,
    Survey,
    SurveyAnswered,
    SurveyQuestionKind,
    SurveyResponse,
)

GRACE = datetime.timedelta(seconds=15)
NO_MEMBER = "您的账号没有关联党员档案，不能参加测试或调查；如需关联，请联系所在支部的党务干部"
NOT_TAKING_PART = "您所在的党组织不在本次知识竞赛的参赛范围内"
LATE = "已超过答题时限，答卷未被接受。答题时间以服务器为准，请在倒计时结束前交卷"


def _member(actor: Any) -> Member:
    member = Member.objects.visible_to(actor).filter(user=actor).select_related("organization").first()
    if member is None:
        raise PermissionDenied(NO_MEMBER)
    return member


def _require_org(actor: Any, organization: Organization) -> None:
    require(actor, CHANGE, organization)


# Banks and questions ----------------------------------------------------------------------------------------------


@transaction.atomic
def create_bank(*, actor: Any, organization: Organization, name: str) -> QuestionBank:
    _require_org(actor, organization)
    name = name.strip()
    if QuestionBank.objects.filter(organization=organization, name=name).exists():
        raise ValidationError({"name": f"{organization.name}已有名为“{name}”的题库，请换一个名称"})
    bank = QuestionBank.objects.create(organization=organization, name=name)
    audit.record(actor=actor, event=Event.QUIZ_BANK_CREATED, obj=bank, after={"name": name})
    return bank


@transaction.atomic
def import_questions(*, actor: Any, bank: QuestionBank, questions: list[dict[str, Any]]) -> int:
    """All or nothing: the rows were checked by ``importing.parse``; one failure here rolls back every row."""
    require(actor, CHANGE, bank)
    if not questions:
        raise ValidationError("表格中没有试题，请在模板的第2行起逐行填写")
    Question.objects.bulk_create([Question(bank=bank, **fields) for fields in questions])
    audit.record(actor=actor, event=Event.QUIZ_QUESTIONS_IMPORTED, obj=bank, extra={"count": len(questions)})
    return len(questions)


# Quizzes ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_quiz(*, actor: Any, organization: Organization, bank: QuestionBank, **fields: Any) -> Quiz:
    _require_org(actor, organization)
    require(actor, VIEW, bank)
    if not organization.path.startswith(bank.organization.path):
        raise ValidationError({"bank": f"只能使用{organization.name}或其上级组织的题库"})
    quiz = Quiz(organization=organization, bank=bank, **fields)
    errors: dict[str, str] = {}
    if quiz.closes_on < quiz.opens_on:
        errors["closes_on"] = "截止日期不能早于开始日期"
    if not 1 <= quiz.minutes <= 240:
        errors["minutes"] = "答题时限应在1至240分钟之间"
    if not 1 <= quiz.max_attempts <= 10:
        errors["max_attempts"] = "允许作答次数应在1至10次之间"
    if sum(quiz.counts().values()) == 0:
        errors["single_count"] = "请至少抽取1道题"
    pool = _pool(quiz)
    for kind, wanted in quiz.counts().items():
        have = len(pool.get(kind, []))
        if wanted > have:
            errors[f"{kind}_count"] = f"题库中{QuestionKind(kind).label}只有{have}道，不够抽取{wanted}道"
    if errors:
        raise ValidationError(errors)
    quiz.save()
    audit.record(actor=actor, event=Event.QUIZ_CREATED, obj=quiz, after={"title": quiz.title})
    return quiz


def _pool(quiz: Quiz) -> dict[str, list[int]]:
    questions = Question.objects.filter(bank=quiz.bank)
    if quiz.tag:
        questions = questions.filter(tag=quiz.tag)
    pool: dict[str, list[int]] = {}
    for pk, kind in questions.values_list("pk", "kind"):
        pool.setdefault(kind, []).append(pk)
    return pool


def open_attempt(quiz: Quiz, member: Member) -> Attempt | None:
    """The member's attempt still running (started, not handed in, time not up), if any."""
    now = timezone.now()
    return (
        Attempt.objects.filter(quiz=quiz, member=member, submitted_at__isnull=True, deadline_at__gt=now)
        .order_by("-started_at")
        .first()
    )


@transaction.atomic
def start_attempt(*, actor: Any, quiz: Quiz, rng: random.Random | None = None) -> Attempt:
    """A fresh paper drawn at random by the quiz's rules, or the one still running (a reload does not draw again).
    ``rng``: the demo's seeded generator, so the demo is repeatable."""
    member = _member(actor)
    # of=self: a contest's reach is a LEFT JOIN, and PostgreSQL locks no row on the nullable side of one
    quiz = Quiz.objects.visible_to(actor).select_for_update(of=("self",)).get(pk=quiz.pk)
    running = open_attempt(quiz, member)
    if running is not None:
        return running
    _require_taking_part(quiz, member)
    if not quiz.is_open(timezone.localdate()):
        raise ValidationError(
            f"本测试的答题时间为{quiz.opens_on:%Y年%m月%d日}至{quiz.closes_on:%Y年%m月%d日}，现在不能答题"
        )
    used = Attempt.objects.filter(quiz=quiz, member=member).count()
    if used >= quiz.max_attempts:
        raise ValidationError(f"您已作答{used}次，本测试允许作答{quiz.max_attempts}次，不能再次作答")
    pool = _pool(quiz)
    drawn: list[int] = []
    for kind, wanted in quiz.counts().items():
        drawn += (rng or random).sample(pool.get(kind, []), min(wanted, len(pool.get(kind, []))))
    now = timezone.now()
    attempt = Attempt.objects.create(
        quiz=quiz,
        member=member,
        started_at=now,
        deadline_at=now + datetime.timedelta(minutes=quiz.minutes),
        question_ids=drawn,
    )
    audit.record(actor=actor, event=Event.QUIZ_ATTEMPT_STARTED, obj=attempt)
    return attempt


def _require_taking_part(quiz: Quiz, member: Member) -> None:
    """A 知识竞赛 is answered only by members of the organisations taking part (an official above them sees the quiz
    through their grants, and must not be drawn a paper)."""
    contest = Contest.objects.filter(quiz=quiz).first()
    if contest is None:
        return
    paths = list(contest.participants.values_list("path", flat=True))
    if not any(member.organization.path.startswith(path) for path in paths):
        raise ValidationError(NOT_TAKING_PART)


@transaction.atomic
def create_contest(
    *, actor: Any, organization: Organization, participants: Any, bank: QuestionBank, **fields: Any
) -> Contest:
    """A 知识竞赛: the quiz (through ``create_quiz``: the same paper rules, window and checks) and the organisations
    taking part, each the organiser's or below it."""
    chosen = list({org.pk: org for org in participants or []}.values())
    if not chosen:
        raise ValidationError({"participants": "请选择参赛党组织"})
    outside = [org.name for org in chosen if not org.path.startswith(organization.path)]
    if outside:
        raise ValidationError({"participants": f"参赛党组织应为{organization.name}或其下级：{'、'.join(outside)}"})
    quiz = create_quiz(actor=actor, organization=organization, bank=bank, **fields)
    contest = Contest.objects.create(quiz=quiz)
    contest.participants.set(chosen)
    audit.record(
        actor=actor,
        event=Event.CONTEST_CREATED,
        obj=contest,
        after={"title": quiz.title, "participants": "、".join(sorted(org.name for org in chosen))},
    )
    return contest


def is_correct(question: Question, given: str) -> bool:
    given = (given or "").strip()
    if question.kind == QuestionKind.FILL:
        return given != "" and given in [a.strip() for a in question.answer.split("|")]
    if question.kind == QuestionKind.MULTIPLE:
        return "".join(sorted(given.upper())) == "".join(sorted(question.answer.upper()))
    return given.upper() == question.answer.upper()


def submit_attempt(*, actor: Any, attempt: Attempt, answers: dict[str, str]) -> Attempt:
    """Not one transaction around everything: a late sheet's refusal is audited, and must outlive the refusal."""
    attempt = Attempt.objects.select_related("member").get(pk=attempt.pk)
    if attempt.member.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("只能提交本人的答卷")
    if attempt.submitted_at is None and timezone.now() > attempt.deadline_at + GRACE:
        audit.record(actor=actor, event=Event.QUIZ_LATE_REFUSED, obj=attempt, outcome="denied")
        raise ValidationError(LATE)
    return _hand_in(actor, attempt, answers)


@transaction.atomic
def _hand_in(actor: Any, attempt: Attempt, answers: dict[str, str]) -> Attempt:
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        return attempt  # a second press of 交卷: the first sheet stands
    questions = Question.objects.in_bulk(attempt.question_ids)
    sheet = {str(pk): str(answers.get(str(pk), "")).strip()[:200] for pk in attempt.question_ids}
    marks = {key: is_correct(questions[int(key)], given) for key, given in sheet.items() if int(key) in questions}
    attempt.answers, attempt.marks = sheet, marks
    attempt.score = round(100 * sum(marks.values()) / len(marks)) if marks else 0
    attempt.submitted_at = timezone.now()
    attempt.save()
    audit.record(actor=actor, event=Event.QUIZ_ATTEMPT_SUBMITTED, obj=attempt, after={"score": attempt.score})
    return attempt


# Surveys ----------------------------------------------------------------------------------------------------------

KIND_WORDS = {"单选": SurveyQuestionKind.SINGLE, "多选": SurveyQuestionKind.MULTIPLE, "文字": SurveyQuestionKind.TEXT}
QUESTION_FORMAT = "每行一题，格式为“题型｜题目｜选项1/选项2/…”，题型为单选、多选或文字（文字题不写选项）"


def parse_survey_questions(text: str) -> list[dict[str, Any]]:
    questions, errors = [], []
    for number, line in enumerate((t.strip() for t in text.replace("|", "｜").splitlines()), start=1):
        if not line:
            continue
        parts = [p.strip() for p in line.split("｜")]
        kind = KIND_WORDS.get(parts[0])
        if kind is None or len(parts) < 2 or not parts[1]:
            errors.append(f"第{number}行：{QUESTION_FORMAT}")
            continue
        options = [o.strip() for o in (parts[2] if len(parts) > 2 else "").split("/") if o.strip()]
        if kind != SurveyQuestionKind.TEXT and len(options) < 2:
            errors.append(f"第{number}行：选择题至少要有2个选项，用“/”分隔")
            continue
        questions.append({"text": parts[1], "kind": str(kind), "options": options if kind != "text" else []})
    if errors:
        raise ValidationError({"questions": errors})
    if not questions:
        raise ValidationError({"questions": f"请至少填写1道题。{QUESTION_FORMAT}"})
    return questions


@transaction.atomic
def create_survey(*, actor: Any, organization: Organization, questions: str, **fields: Any) -> Survey:
    _require_org(actor, organization)
    survey = Survey(organization=organization, questions=parse_survey_questions(questions), **fields)
    if survey.closes_on < survey.opens_on:
        raise ValidationError({"closes_on": "截止日期不能早于开始日期"})
    survey.save()
    audit.record(
        actor=actor,
        event=Event.SURVEY_CREATED,
        obj=survey,
        after={"title": survey.title, "anonymous": survey.anonymous},
    )
    return survey


def has_answered(survey: Survey, member: Member) -> bool:
    return SurveyAnswered.objects.filter(survey=survey, member=member).exists()


@transaction.atomic
def answer_survey(*, actor: Any, survey: Survey, answers: dict[str, Any]) -> None:
    """Returns nothing: not even the caller gets a handle on the anonymous sheet."""
    member = _member(actor)
    if not Survey.objects.visible_to(actor).filter(pk=survey.pk).exists():
        raise PermissionDenied("本调查不是向您所在组织发放的")
    if not survey.is_open(timezone.localdate()):
        raise ValidationError(f"本调查的填写时间为{survey.opens_on:%Y年%m月%d日}至{survey.closes_on:%Y年%m月%d日}")
    sheet: dict[str, Any] = {}
    for index, question in enumerate(survey.questions):
        given = answers.get(str(index))
        if question["kind"] == SurveyQuestionKind.TEXT:
            sheet[str(index)] = str(given or "").strip()[:500]
            continue
        chosen = given if isinstance(given, list) else ([given] if given not in (None, "") else [])
        chosen = [c for c in chosen if c in question["options"]]
        if not chosen:
            raise ValidationError({str(index): f"请回答第{index + 1}题：{question['text']}"})
        if question["kind"] == SurveyQuestionKind.SINGLE:
            chosen = chosen[:1]
        sheet[str(index)] = chosen
    try:
        with transaction.atomic():
            SurveyAnswered.objects.create(survey=survey, member=member)
    except IntegrityError:
        raise ValidationError("您已提交过本调查，每人只能提交一次") from None
    SurveyResponse.objects.create(
        survey=survey,
        branch=member.organization,
        member=None if survey.anonymous else member,
        answers=sheet,
    )
    # obj is the survey, never the response; no answers, no response id.
    audit.record(actor=actor, event=Event.SURVEY_ANSWERED, obj=survey)


def min_group() -> int:
    return int(getattr(settings, "SURVEY_MIN_GROUP", 5))
