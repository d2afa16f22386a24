"""Quizzes through the pages: the Excel import (all or nothing, errors by row and column), a paper drawn by the rules,
the server's time limit and the one-attempt rule, automatic grading, and results scoped to the organiser."""

import datetime
import io
import uuid

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from zhibu.core.audit_models import AuditEvent
from zhibu.quizzes.models import Attempt, Question, QuestionBank
from zhibu.quizzes.services import LATE
from zhibu.quizzes.tests.helpers import ROWS, bank, member_user, quiz, sheet
from zhibu.testing import SETUP

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def upload(client, the_bank, content):
    return client.post(f"/quizzes/banks/{the_bank.pk}/import/", {"file": SimpleUploadedFile("试题.xlsx", content)})


def test_a_bad_row_imports_nothing_and_is_named_by_row_and_column(tree, personas):
    from zhibu.quizzes import services

    empty = services.create_bank(actor=SETUP, organization=tree.a1, name="空题库")
    secretary = client_for(personas["支部书记A1"])
    rows = [
        *ROWS,
        ["单选题", "缺答案的题", "甲", "乙", "", "", "", "", "C", ""],
        ["问答题", "？", "", "", "", "", "", "", "x", ""],
    ]
    page = upload(secretary, empty, sheet(rows)).content.decode()
    assert "第8行：“答案”列：应为选项字母（AB），“C”不对" in page
    assert "第9行：“题型”列：“问答题”不是题型" in page
    assert "确认导入" not in page
    assert Question.objects.filter(bank=empty).count() == 0
    assert "第1行应为表头" in upload(secretary, empty, sheet(headers=["题目", "答案"])).content.decode()
    assert "文件无法读取" in upload(secretary, empty, b"not a workbook").content.decode()


def test_preview_then_confirm_imports_every_row_once(tree, personas):
    from zhibu.quizzes import services

    empty = services.create_bank(actor=SETUP, organization=tree.a1, name="新题库")
    secretary = client_for(personas["支部书记A1"])
    page = upload(secretary, empty, sheet()).content.decode()
    assert "预览：共6道题" in page and Question.objects.filter(bank=empty).count() == 0
    token = next(iter(secretary.session["quiz_import"]))
    assert secretary.post(f"/quizzes/banks/{empty.pk}/import/", {"confirm": token}).status_code == 302
    assert Question.objects.filter(bank=empty).count() == 6
    again = secretary.post(f"/quizzes/banks/{empty.pk}/import/", {"confirm": token}, follow=True)
    assert "预览已失效或已导入过" in again.content.decode()
    assert Question.objects.filter(bank=empty).count() == 6


def test_another_branchs_bank_is_not_found_and_a_member_may_not_import(tree, personas):
    theirs = bank(tree.b1)
    assert client_for(personas["支部书记A1"]).get(f"/quizzes/banks/{theirs.pk}/import/").status_code == 404
    ours = bank(tree.a1)
    assert client_for(personas["党员A1"]).get(f"/quizzes/banks/{ours.pk}/import/").status_code in (403, 404)


def test_a_quiz_asking_more_than_the_bank_holds_is_refused_in_chinese(tree, personas):
    ours = bank(tree.a1)
    secretary = client_for(personas["支部书记A1"])
    form = {
        "organization": tree.a1.pk,
        "title": "测试",
        "bank": ours.pk,
        "single_count": 5,
        "multiple_count": 0,
        "judge_count": 0,
        "fill_count": 0,
        "opens_on": "2026-01-01",
        "closes_on": "2026-12-31",
        "minutes": 10,
        "max_attempts": 1,
        "pass_score": 60,
        "submission_key": uuid.uuid4().hex,
    }
    page = secretary.post("/quizzes/new/", form).content.decode()
    assert "题库中单选题只有2道，不够抽取5道" in page


def _answers(attempt, right=True):
    data = {}
    for question in Question.objects.filter(pk__in=attempt.question_ids):
        answer = question.answer.split("|")[0]
        if not right:
            answer = "B" if answer == "A" else "A"
        data[f"q{question.pk}"] = list(answer) if question.kind == "multiple" else answer
    return data


def test_a_member_takes_a_quiz_once_and_is_graded(tree, personas):
    made = quiz(tree.a, multiple_count=0)  # issued by 党委A: reaches the members of its branches
    user = member_user(tree.a1, name="李答题")
    member = client_for(user)
    assert "党章知识测试" in member.get("/quizzes/mine/").content.decode()
    member.post(f"/quizzes/{made.pk}/start/")
    attempt = Attempt.objects.get(quiz=made)
    assert len(attempt.question_ids) == 3
    # A reload does not draw a new paper.
    member.post(f"/quizzes/{made.pk}/start/")
    assert Attempt.objects.filter(quiz=made).count() == 1
    member.post(f"/quizzes/attempts/{attempt.pk}/", _answers(attempt))
    attempt.refresh_from_db()
    assert attempt.score == 100 and attempt.submitted_at is not None
    refused = member.post(f"/quizzes/{made.pk}/start/", follow=True).content.decode()
    assert "本测试允许作答1次，不能再次作答" in refused
    assert Attempt.objects.filter(quiz=made).count() == 1
    # The organiser reads per person and per question; the other branch's secretary does not see the sheet.
    page = client_for(personas["党委管理员A"]).get(f"/quizzes/{made.pk}/").content.decode()
    assert "李答题" in page and "100%" in page
    assert client_for(personas["支部书记B1"]).get(f"/quizzes/{made.pk}/").status_code == 404
    assert client_for(personas["支部书记A1"]).get(f"/quizzes/attempts/{attempt.pk}/").status_code == 403


def test_a_late_sheet_is_refused_by_the_server(tree, personas):
    made = quiz(tree.a1, minutes=5)
    user = member_user(tree.a1)
    member = client_for(user)
    member.post(f"/quizzes/{made.pk}/start/")
    attempt = Attempt.objects.get(quiz=made)
    with time_machine.travel(attempt.deadline_at + datetime.timedelta(seconds=30)):
        page = member.post(f"/quizzes/attempts/{attempt.pk}/", _answers(attempt)).content.decode()
    assert LATE in page
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.score is None
    assert AuditEvent.objects.filter(event="quiz.late_refused", object_id=str(attempt.pk)).exists()


def test_the_organiser_may_allow_more_attempts(tree, personas):
    made = quiz(tree.a1, max_attempts=2)
    member = client_for(member_user(tree.a1))
    for _ in range(2):
        member.post(f"/quizzes/{made.pk}/start/")
        attempt = Attempt.objects.filter(quiz=made).latest("started_at")
        member.post(f"/quizzes/attempts/{attempt.pk}/", _answers(attempt, right=False))
    assert Attempt.objects.filter(quiz=made, submitted_at__isnull=False).count() == 2
    assert Attempt.objects.filter(quiz=made).last().score < 100


def test_a_member_cannot_read_another_members_sheet_or_results(tree, personas):
    made = quiz(tree.a1)
    first, second = member_user(tree.a1, name="甲某"), member_user(tree.a1, name="乙某")
    client_for(first).post(f"/quizzes/{made.pk}/start/")
    theirs = Attempt.objects.get(quiz=made)
    other = client_for(second)
    assert other.get(f"/quizzes/attempts/{theirs.pk}/").status_code == 404
    assert "甲某" not in other.get(f"/quizzes/{made.pk}/").content.decode()
    api = other.get("/api/v1/quiz-attempts/").json()
    assert api["count"] == 0 if isinstance(api, dict) and "count" in api else api == []


def test_results_export_lists_people_without_a_ranking(tree, personas):
    made = quiz(tree.a1)
    member = client_for(member_user(tree.a1, name="丙某"))
    member.post(f"/quizzes/{made.pk}/start/")
    attempt = Attempt.objects.get(quiz=made)
    member.post(f"/quizzes/attempts/{attempt.pk}/", _answers(attempt))
    response = client_for(personas["支部书记A1"]).get(f"/quizzes/results/export/?quiz={made.pk}")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any("丙某" in [str(c) for c in row] for row in rows)
    assert not any("排名" in str(c) for row in rows for c in row if c)


def test_banks_list_and_api_are_scoped(tree, personas):
    bank(tree.a1, name="甲题库")
    bank(tree.b1, name="乙题库")
    page = client_for(personas["支部书记A1"]).get("/quizzes/banks/").content.decode()
    assert "甲题库" in page and "乙题库" not in page
    names = [row["name"] for row in _results(client_for(personas["支部书记A1"]).get("/api/v1/quiz-banks/").json())]
    assert names == ["甲题库"]
    assert QuestionBank.objects.count() == 2


def _results(body):
    return body["results"] if isinstance(body, dict) else body
