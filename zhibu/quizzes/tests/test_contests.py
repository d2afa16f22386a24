"""知识竞赛 on the quiz machinery: participants limited to the organisations chosen, standings by score then time
(organiser only), each branch's participation rate, the exports and API; bad input refused without a write."""

import datetime
import io
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhibu.accounts.roles import Role
from zhibu.quizzes import services
from zhibu.quizzes.models import Attempt, Contest, Question, Quiz
from zhibu.quizzes.tests.helpers import bank, contest, member_user
from zhibu.testing import make_member, persona

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _answer(user, made, right: bool, seconds: int):
    """Start and hand in a sheet ``seconds`` after starting, every answer right or every answer wrong."""
    attempt = services.start_attempt(actor=user, quiz=made.quiz)
    questions = Question.objects.in_bulk(attempt.question_ids)
    answers = {str(pk): (q.answer if right else "错误答案") for pk, q in questions.items()}
    with time_machine.travel(attempt.started_at + datetime.timedelta(seconds=seconds)):
        return services.submit_attempt(actor=user, attempt=attempt, answers=answers)


def test_a_contest_is_created_on_the_page_and_reaches_the_chosen_organisations_only(tree, personas):
    admin = client_for(personas["党委管理员A"])
    the_bank = bank(tree.a)
    today = timezone.localdate()
    form = {
        "organization": tree.a.pk,
        "title": "学党章知识竞赛",
        "bank": the_bank.pk,
        "single_count": 1,
        "multiple_count": 0,
        "judge_count": 1,
        "fill_count": 0,
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=3)).isoformat(),
        "minutes": 10,
        "max_attempts": 1,
        "pass_score": 60,
        "participants": [tree.a1.pk],
        "submission_key": uuid.uuid4().hex,
    }
    assert admin.post("/quizzes/contests/new/", form).status_code == 302
    made = Contest.objects.get()
    assert list(made.participants.all()) == [tree.a1]
    inside, outside = member_user(tree.a1), member_user(tree.a2)
    assert client_for(inside).post(f"/quizzes/{made.quiz.pk}/start/").status_code == 302
    assert Attempt.objects.filter(member__user=inside).count() == 1
    # The member of A2 (same 党委, not taking part) does not see the quiz at all, nor can start it.
    assert client_for(outside).get(f"/quizzes/{made.quiz.pk}/").status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - out of the member's scope: not found
        services.start_attempt(actor=outside, quiz=made.quiz)
    assert not Attempt.objects.filter(member__user=outside).exists()
    refused = admin.post("/quizzes/contests/new/", {**form, "participants": [], "submission_key": uuid.uuid4().hex})
    assert refused.status_code == 200 and Contest.objects.count() == 1 and Quiz.objects.count() == 1
    b1 = client_for(personas["支部书记B1"])
    assert b1.get(made.get_absolute_url()).status_code == 404
    assert "学党章知识竞赛" not in b1.get("/quizzes/contests/").content.decode()


def test_an_official_outside_the_participants_is_not_drawn_a_paper(tree, personas):
    made = contest(tree.a, [tree.a1], the_bank=bank(tree.a))
    # An official of the 党委 sees the quiz through their grant; their own branch A2 is not taking part.
    official = persona("a_admin_in_a2", tree.a, Role.DANGWEI_ADMIN, member=make_member(tree.a2, name="委员乙"))
    with pytest.raises(ValidationError, match="不在本次知识竞赛的参赛范围内"):
        services.start_attempt(actor=official, quiz=made.quiz)


def test_standings_rank_by_score_then_time_and_rates_by_branch(tree, personas):
    made = contest(tree.a, [tree.a1, tree.a2], the_bank=bank(tree.a))
    fast, slow, wrong, tied = (member_user(tree.a1, name=n) for n in ("快而全对", "慢而全对", "全错", "并列"))
    member_user(tree.a2, name="未参赛")
    _answer(fast, made, right=True, seconds=60)
    _answer(slow, made, right=True, seconds=300)
    _answer(wrong, made, right=False, seconds=30)
    _answer(tied, made, right=True, seconds=60)
    second = _answer(wrong, made, right=True, seconds=400)  # a better second try counts
    assert second.score == 100
    admin = client_for(personas["党委管理员A"])
    page = admin.get(made.get_absolute_url()).content.decode()
    assert page.index("快而全对") < page.index("慢而全对") < page.index("全错")
    results = APIClient()
    results.force_authenticate(personas["党委管理员A"])
    body = results.get(f"/api/v1/contests/{made.pk}/results/").json()
    ranks = [(row["member_name"], row["rank"], row["score"]) for row in body["standings"]]
    assert ranks == [("快而全对", 1, 100), ("并列", 1, 100), ("慢而全对", 3, 100), ("全错", 4, 100)]
    rates = {row["branch_name"]: (row["members"], row["took_part"], row["rate"]) for row in body["rates"]}
    members_a1 = rates["支部A1"][0]
    assert rates["支部A1"][1] == 4 and rates["支部A1"][2] == round(400 / members_a1)
    assert rates["支部A2"][1] == 0 and rates["支部A2"][2] == 0
    sheet = load_workbook(io.BytesIO(admin.get(f"/quizzes/contests/{made.pk}/results/export/").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("名次", "姓名", "党组织", "得分", "用时") and rows[1][1] == "快而全对"
    sheet = load_workbook(io.BytesIO(admin.get(f"/quizzes/contests/{made.pk}/rates/export/").content)).active
    assert {row[0] for row in sheet.iter_rows(values_only=True)} >= {"支部A1", "支部A2"}
    listing = load_workbook(io.BytesIO(admin.get("/quizzes/contests/export/").content)).active
    assert "党章知识竞赛" in [cell for row in listing.iter_rows(values_only=True) for cell in row]
    # A participant reads their own sheet, never the standings.
    assert client_for(fast).get(made.get_absolute_url()).status_code == 404
    member_api = APIClient()
    member_api.force_authenticate(fast)
    assert member_api.get(f"/api/v1/contests/{made.pk}/results/").status_code == 404


def test_garbage_to_the_contest_form_and_filters(tree, personas):
    the_bank = bank(tree.a)
    admin = client_for(personas["党委管理员A"])
    fields = ("organization", "title", "bank", "single_count", "opens_on", "closes_on", "participants", "minutes")
    for value in ["", "-1", "99999999999999999999", "abc", "2026-02-30", "\x00", "x" * 5000]:
        response = admin.post("/quizzes/contests/new/", dict.fromkeys(fields, value))
        assert response.status_code == 200, value
        for path in ("/quizzes/contests/", "/quizzes/contests/export/", "/api/v1/contests/"):
            got = admin.get(path, {"year": value, "organization": value})
            assert got.status_code in (200, 400), (path, value, got.status_code)
    assert Contest.objects.count() == 0 and Quiz.objects.count() == 0
    outside = services.create_bank(actor=personas["工委管理员"], organization=tree.b, name="乙题库")
    with pytest.raises(ValidationError):
        contest(tree.a, [tree.b1], the_bank=the_bank)
    with pytest.raises(ValidationError):
        contest(tree.a, [tree.a1], the_bank=outside)
    assert Contest.objects.count() == 0 and Quiz.objects.count() == 0
