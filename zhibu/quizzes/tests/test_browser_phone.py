"""In a real browser on a 390 px phone: a member opens 学习测试, starts a quiz, sees the server's countdown, answers
every kind of question, hands in and reads the graded sheet; then answers an anonymous survey once. Every page is
checked for horizontal scrolling. Marked ``browser`` (left out of the default run, run by CI with ``-m browser``)."""

import pytest

from zhibu.inbox.tests.test_browser_phone import browser, fits_the_screen, phone, press  # noqa: F401
from zhibu.quizzes.models import Attempt, Question, SurveyResponse
from zhibu.quizzes.tests.helpers import member_user, quiz, survey

pytestmark = [
    pytest.mark.browser,
    pytest.mark.clock("2026-11-16T10:00"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("flushable_audit"),
]


def test_a_quiz_end_to_end_on_a_phone(tree, personas, browser, live_server):  # noqa: F811
    made = quiz(tree.a)
    user = member_user(tree.a1, name="手机答题人")
    page = phone(browser, live_server, user.username)
    page.goto(f"{live_server.url}/quizzes/mine/")
    fits_the_screen(page)
    assert "党章知识测试" in page.inner_text("main")
    press(page, "开始答题")
    fits_the_screen(page)
    attempt = Attempt.objects.get(quiz=made)
    assert page.url.endswith(f"/quizzes/attempts/{attempt.pk}/")
    page.wait_for_function("document.getElementById('countdown').textContent.includes('分')")
    assert "剩余时间" in page.inner_text("#countdown")
    for question in Question.objects.filter(pk__in=attempt.question_ids):
        name = f"q{question.pk}"
        if question.kind == "fill":
            page.fill(f"input[name={name}]", question.answer.split("|")[0])
        elif question.kind == "multiple":
            for letter in question.answer:
                page.check(f"input[name={name}][value={letter}]")
        else:
            page.check(f"input[name={name}][value='{question.answer}']")
    fits_the_screen(page)
    press(page, "交卷")
    fits_the_screen(page)
    assert "得分：100" in page.inner_text("main")
    attempt.refresh_from_db()
    assert attempt.score == 100

    made_survey = survey(tree.a1)
    page.goto(f"{live_server.url}/quizzes/surveys/mine/")
    fits_the_screen(page)
    page.get_by_role("link", name=made_survey.title).click()
    page.wait_for_load_state()
    fits_the_screen(page)
    page.get_by_label("满意", exact=True).check()
    page.get_by_label("理论学习").check()
    press(page, "提交")
    assert "已提交" in page.inner_text("main")
    assert SurveyResponse.objects.get(survey=made_survey).member is None
