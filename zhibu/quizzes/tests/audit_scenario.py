"""The quizzes part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done
once through the pages, by the 工委管理员 (desk side) and the 党员A1 persona (phone side)."""

import datetime
import uuid

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from zhibu.quizzes.models import Attempt, Contest, QuestionBank, Quiz, Survey
from zhibu.quizzes.tests.helpers import QUESTIONS, quiz, sheet


def do_quiz_events(tree, admin, member_user, did) -> None:
    today = timezone.localdate()
    member = Client()
    member.force_login(member_user)
    did(
        "quiz.bank_created",
        action=lambda: admin.post(
            "/quizzes/banks/new/", {"organization": tree.a1.pk, "name": "审计题库", "submission_key": uuid.uuid4().hex}
        ),
    )
    bank = QuestionBank.objects.get(name="审计题库")

    def upload():
        admin.post(f"/quizzes/banks/{bank.pk}/import/", {"file": SimpleUploadedFile("试题.xlsx", sheet())})
        token = next(iter(admin.session["quiz_import"]))
        admin.post(f"/quizzes/banks/{bank.pk}/import/", {"confirm": token})

    did("quiz.questions_imported", action=upload)
    form = {
        "organization": tree.a1.pk,
        "title": "审计测试",
        "bank": bank.pk,
        "single_count": 1,
        "multiple_count": 0,
        "judge_count": 1,
        "fill_count": 0,
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=3)).isoformat(),
        "minutes": 10,
        "max_attempts": 2,
        "pass_score": 60,
        "submission_key": uuid.uuid4().hex,
    }
    did("quiz.created", action=lambda: admin.post("/quizzes/new/", form))
    made = Quiz.objects.get(title="审计测试")
    did("quiz.attempt_started", action=lambda: member.post(f"/quizzes/{made.pk}/start/"))
    sheet_ = Attempt.objects.get(quiz=made)
    did("quiz.attempt_submitted", action=lambda: member.post(f"/quizzes/attempts/{sheet_.pk}/", {}))
    late = quiz(tree.a1, the_bank=bank, title="审计超时测试", multiple_count=0, fill_count=0)
    member.post(f"/quizzes/{late.pk}/start/")
    late_sheet = Attempt.objects.get(quiz=late)

    def hand_in_late():
        with time_machine.travel(late_sheet.deadline_at + datetime.timedelta(minutes=1)):
            member.post(f"/quizzes/attempts/{late_sheet.pk}/", {})

    did("quiz.late_refused", action=hand_in_late)
    did("quiz.results_exported", action=lambda: admin.get("/quizzes/results/export/"))
    contest_form = {
        **form,
        "title": "审计知识竞赛",
        "participants": [tree.a1.pk],
        "submission_key": uuid.uuid4().hex,
    }
    did("quiz.contest_created", action=lambda: admin.post("/quizzes/contests/new/", contest_form))
    made_contest = Contest.objects.get(quiz__title="审计知识竞赛")
    did("quiz.contest_exported", action=lambda: admin.get("/quizzes/contests/export/"))
    did(
        "quiz.contest_results_exported",
        action=lambda: admin.get(f"/quizzes/contests/{made_contest.pk}/results/export/"),
    )
    survey_form = {
        "organization": tree.a1.pk,
        "title": "审计调查",
        "intro": "",
        "anonymous": "on",
        "questions": QUESTIONS,
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=3)).isoformat(),
        "submission_key": uuid.uuid4().hex,
    }
    did("survey.created", action=lambda: admin.post("/quizzes/surveys/new/", survey_form))
    survey = Survey.objects.get(title="审计调查")
    did(
        "survey.answered",
        action=lambda: member.post(f"/quizzes/surveys/{survey.pk}/answer/", {"s0": "满意", "s1": ["理论学习"]}),
    )
    did("survey.results_exported", action=lambda: admin.get(f"/quizzes/surveys/{survey.pk}/export/"))
