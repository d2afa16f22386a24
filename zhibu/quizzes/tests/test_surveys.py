"""Anonymous opinion surveys: a sheet cannot be traced to its respondent through any page, export, API or the audit
log; one answer per person; results of a group smaller than the minimum are not shown anywhere."""

import io
import json

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from zhibu.core.audit_models import AuditEvent
from zhibu.quizzes.models import SurveyAnswered, SurveyResponse
from zhibu.quizzes.tests.helpers import member_user, survey

pytestmark = pytest.mark.django_db

SECRET = "独一无二的意见甲乙丙"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def answer(user, made, text="", choice="满意"):
    return client_for(user).post(
        f"/quizzes/surveys/{made.pk}/answer/", {"s0": choice, "s1": ["理论学习"], "s2": text}, follow=True
    )


def _everything_an_organiser_can_read(made, organiser, admin) -> dict[str, str]:
    client = client_for(organiser)
    export = client.get(f"/quizzes/surveys/{made.pk}/export/")
    book = load_workbook(io.BytesIO(export.content))
    cells = " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row if c is not None)
    audit_response = client_for(admin).get("/audit/")
    audit_export = client_for(admin).get("/audit/export/")
    assert (export.status_code, audit_response.status_code, audit_export.status_code) == (200, 200, 200)
    audit_page = audit_response.content.decode()
    assert "提交调查答卷" in audit_page or "survey.answered" in audit_page
    audit_cells = " ".join(
        str(c)
        for row in load_workbook(io.BytesIO(audit_export.content)).active.iter_rows(values_only=True)
        for c in row
        if c is not None
    )
    return {
        "page": client.get(f"/quizzes/surveys/{made.pk}/").content.decode(),
        "list": client.get("/quizzes/surveys/").content.decode(),
        "export": cells,
        "api": json.dumps(client.get("/api/v1/surveys/").json(), ensure_ascii=False),
        "api_one": json.dumps(client.get(f"/api/v1/surveys/{made.pk}/").json(), ensure_ascii=False),
        "audit_page": audit_page,
        "audit_export": audit_cells,
        "audit_rows": json.dumps(
            [list(row) for row in AuditEvent.objects.values_list("actor_name", "object_id", "changes", "object_repr")],
            ensure_ascii=False,
            default=str,
        ),
    }


def test_an_anonymous_sheet_leads_to_no_one(tree, personas):
    made = survey(tree.a1)
    people = [member_user(tree.a1, name=f"答卷人{n}") for n in range(5)]
    answer(people[0], made, text=SECRET, choice="不满意")
    for person in people[1:]:
        answer(person, made)
    assert SurveyResponse.objects.filter(survey=made).count() == 5
    # Stored: no member, no time, a random key; the 'has answered' rows hold no answers.
    fields = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not fields & {"created_at", "updated_at", "submitted_at"}
    assert not SurveyResponse.objects.filter(survey=made, member__isnull=False).exists()
    assert {f.name for f in SurveyAnswered._meta.get_fields()} == {"id", "survey", "member"}
    seen = _everything_an_organiser_can_read(made, personas["支部书记A1"], personas["工委管理员"])
    # The text is in the aggregate (the survey reached the minimum), the respondents' names nowhere beside it.
    assert SECRET in seen["page"] and SECRET in seen["export"] and SECRET in seen["api"]
    for where, text in seen.items():
        if where.startswith("audit"):
            assert SECRET not in text and "不满意" not in text, where
        else:
            assert not any(f"答卷人{n}" in text for n in range(5)), where
    # The audit row of an answer names the survey, never the sheet.
    rows = AuditEvent.objects.filter(event="survey.answered")
    assert rows.count() == 5
    sheet_ids = {str(pk) for pk in SurveyResponse.objects.values_list("pk", flat=True)}
    assert all(row.object_id == str(made.pk) and not (row.changes or {}) for row in rows)
    assert not any(pk in json.dumps(row.changes, default=str) for row in rows for pk in sheet_ids)
    # There is no route to a single sheet, on the pages or in the API.
    for name in ("survey-response-list", "surveyresponse-list", "quizzes:response"):
        with pytest.raises(NoReverseMatch):
            reverse(name)


def test_one_answer_per_person(tree, personas):
    made = survey(tree.a1)
    person = member_user(tree.a1)
    answer(person, made)
    again = answer(person, made).content.decode()
    assert "您已提交过本调查" in again
    assert SurveyResponse.objects.filter(survey=made).count() == 1
    assert SurveyAnswered.objects.filter(survey=made).count() == 1


def test_a_group_below_the_minimum_shows_no_results_anywhere(tree, personas, settings):
    settings.SURVEY_MIN_GROUP = 5
    made = survey(tree.a1)
    for person in [member_user(tree.a1) for _ in range(4)]:
        answer(person, made, text=SECRET)
    seen = _everything_an_organiser_can_read(made, personas["支部书记A1"], personas["工委管理员"])
    assert "少于5份" in seen["page"] and "少于5份" in seen["export"]
    assert SECRET not in seen["page"] + seen["export"] + seen["api"] + seen["api_one"]
    assert '"shown": false' in seen["api_one"]


def test_a_named_survey_and_a_member_sees_no_results(tree, personas):
    made = survey(tree.a1, anonymous=False)
    person = member_user(tree.a1)
    answer(person, made)
    assert SurveyResponse.objects.get(survey=made).member.user == person
    page = client_for(person).get(f"/quizzes/surveys/{made.pk}/").content.decode()
    assert "结果只向组织者汇总显示" in page


def test_another_branch_cannot_open_or_answer(tree, personas):
    made = survey(tree.b1)
    person = member_user(tree.a1)
    assert client_for(person).get(f"/quizzes/surveys/{made.pk}/answer/").status_code == 404
    assert client_for(personas["支部书记A1"]).get(f"/quizzes/surveys/{made.pk}/").status_code == 404
    assert client_for(personas["支部书记A1"]).get(f"/quizzes/surveys/{made.pk}/export/").status_code == 404


def test_an_unanswered_required_question_is_named(tree, personas):
    made = survey(tree.a1)
    page = client_for(member_user(tree.a1)).post(f"/quizzes/surveys/{made.pk}/answer/", {"s1": ["理论学习"]})
    assert "请回答第1题" in page.content.decode()
    assert SurveyResponse.objects.count() == 0 and SurveyAnswered.objects.count() == 0


def test_a_text_answer_stays_text_in_the_export(tree, personas):
    made = survey(tree.a1)
    for person in [member_user(tree.a1) for _ in range(5)]:
        answer(person, made, text='=HYPERLINK("http://x","y")')
    export = client_for(personas["支部书记A1"]).get(f"/quizzes/surveys/{made.pk}/export/")
    cells = [c for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True) for c in row]
    assert '\'=HYPERLINK("http://x","y")' in cells
