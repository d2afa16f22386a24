"""学习清单: issued above, linked from the branches' meetings, coverage read from those links; the plan form's
proposals (第一议题 library, open list topics); scoping and bad input."""

import datetime
import io
import uuid

from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from zhibu.activities.models import Activity, ActivityKind, AgendaItem
from zhibu.study import services
from zhibu.study.models import StudyLink, StudyList
from zhibu.study.tests.helpers import meeting, monthly_list, this_month, topics
from zhibu.testing import SETUP
from zhibu.training import services as training_services


def test_an_issued_list_reaches_the_subtree_only(tree, personas, client_as):
    admin_a = client_as(personas["党委管理员A"])
    year, month = this_month()
    form = {"organization": tree.a.pk, "period": "month", "year": year, "number": month}
    key = uuid.uuid4().hex
    assert admin_a.post("/study/new/", {**form, "submission_key": key}).status_code == 302
    assert admin_a.post("/study/new/", {**form, "submission_key": key}).status_code == 302  # double submit
    made = StudyList.objects.get()
    assert made.starts_on == datetime.date(year, month, 1) and made.ends_on.month == month
    again = admin_a.post("/study/new/", {**form, "submission_key": uuid.uuid4().hex}).content.decode()
    assert "已下发" in again and StudyList.objects.count() == 1
    body = {
        "title": "学习党章",
        "suggested_form": "collective",
        "materials": "《党章》\n\n《准则》",
        "submission_key": uuid.uuid4().hex,
    }
    assert admin_a.post(f"/study/{made.pk}/topics/new/", body).status_code == 302
    assert topics(made)[0].material_lines() == ["《党章》", "《准则》"]
    secretary_a1 = client_as(personas["支部书记A1"])
    assert "学习党章" in secretary_a1.get(f"/study/{made.pk}/").content.decode()
    assert made.title in secretary_a1.get("/study/").content.decode()
    assert secretary_a1.post(f"/study/{made.pk}/topics/new/", {**body, "title": "别的"}).status_code == 403
    assert client_as(personas["支部书记B1"]).get(f"/study/{made.pk}/").status_code == 404
    assert made.title not in client_as(personas["支部书记B1"]).get("/study/").content.decode()
    assert client_as(personas["党员A1"]).get("/api/v1/study-lists/").json()["count"] == 1


def test_coverage_matches_the_meeting_links_and_exports(tree, personas, client_as):
    study_list = monthly_list(tree.a)
    first, second = topics(study_list)
    held = meeting(tree.a1)
    secretary = client_as(personas["支部书记A1"])
    page = secretary.get(f"/study/meetings/{held.pk}/").content.decode()
    assert first.title in page and second.title in page
    assert secretary.post(f"/study/meetings/{held.pk}/", {"topics": [first.pk]}).status_code == 302
    assert list(StudyLink.objects.values_list("topic", "activity")) == [(first.pk, held.pk)]
    assert "学习新修订的支部工作条例" in secretary.get(held.get_absolute_url()).content.decode()
    admin = client_as(personas["党委管理员A"])
    page = admin.get(f"/study/{study_list.pk}/").content.decode()
    day = timezone.localtime(held.planned_at).date()
    assert f"{day.year}年{day.month}月{day.day}日" in page and "1/2" in page and "0/2" in page
    workbook = load_workbook(io.BytesIO(admin.get(f"/study/{study_list.pk}/coverage/export/").content))
    rows = list(workbook.active.iter_rows(min_row=2, values_only=True))
    a1_rows = {(row[1], row[2]) for row in rows if row[0] == tree.a1.name}
    assert a1_rows == {(first.title, "已学习"), (second.title, "尚未学习")}
    assert {row[0] for row in rows} == {tree.a1.name, tree.a2.name, tree.a3a.name}  # branches only, not 党总支A3
    # Unticking takes the link back: coverage follows.
    assert secretary.post(f"/study/meetings/{held.pk}/", {}).status_code == 302
    assert not StudyLink.objects.exists()


def test_another_branchs_meeting_cannot_be_linked(tree, personas, client_as):
    study_list = monthly_list(tree.a)
    topic = topics(study_list)[0]
    stranger = meeting(tree.b1)
    secretary = client_as(personas["支部书记A1"])
    assert secretary.post(f"/study/meetings/{stranger.pk}/", {"topics": [topic.pk]}).status_code == 404
    response = secretary.post(
        "/api/v1/study-links/set/", {"activity": stranger.pk, "topics": [topic.pk]}, content_type="application/json"
    )
    assert response.status_code == 400 and not StudyLink.objects.exists()
    # A list of 党委A does not reach B1's meeting, even for the 工委 who may change both.
    try:
        services.link_topics(actor=SETUP, activity=stranger, topics=[topic])
    except ValidationError as error:
        assert "不是下发给" in str(error)
    else:
        raise AssertionError("linked a topic of a list that was not issued to the meeting's branch")
    assert not StudyLink.objects.exists()


def test_bad_input_gets_a_chinese_message(tree, personas, client_as):
    admin = client_as(personas["党委管理员A"])
    year, _ = this_month()
    page = admin.post(
        "/study/new/",
        {"organization": tree.a.pk, "period": "quarter", "year": year, "number": 5, "submission_key": uuid.uuid4().hex},
    ).content.decode()
    assert "季度应为1至4" in page and not StudyList.objects.exists()
    assert admin.get("/study/?year=99999999999999999999").status_code == 200
    assert admin.get("/study/?organization=99999999999999999999").status_code == 200
    study_list = monthly_list(tree.a)
    held = meeting(tree.a1)
    response = admin.post(f"/study/meetings/{held.pk}/", {"topics": ["99999999999999999999"]})
    assert response.status_code == 200 and not StudyLink.objects.exists()
    response = admin.post(
        "/api/v1/study-links/set/",
        {"activity": held.pk, "topics": [99999999999999999999]},
        content_type="application/json",
    )
    assert response.status_code == 400
    blank = admin.post(
        f"/study/{study_list.pk}/topics/new/", {"title": " ", "suggested_form": "x", "submission_key": uuid.uuid4().hex}
    )
    assert blank.status_code == 200 and study_list.topics.count() == 2


def test_the_api_issues_adds_and_links(tree, personas, client_as):
    admin = client_as(personas["党委管理员A"])
    year, month = this_month()
    made = admin.post(
        "/api/v1/study-lists/",
        {"organization": tree.a.pk, "period": "month", "year": year, "number": month},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
    )
    assert made.status_code == 201, made.content
    topic = admin.post(
        "/api/v1/study-topics/",
        {
            "study_list": made.json()["id"],
            "title": "学习条例",
            "suggested_form": "discussion",
            "kinds": ["general_meeting"],
        },
        content_type="application/json",
    )
    assert topic.status_code == 201, topic.content
    held = meeting(tree.a1)
    linked = client_as(personas["支部书记A1"]).post(
        "/api/v1/study-links/set/",
        {"activity": held.pk, "topics": [topic.json()["id"]]},
        content_type="application/json",
    )
    assert linked.status_code == 200 and linked.json()[0]["topic_title"] == "学习条例"
    assert admin.get(f"/api/v1/study-links/?study_list={made.json()['id']}").json()["count"] == 1


def test_the_plan_form_proposes_the_library_and_the_open_topics(tree, personas, client_as):
    library = training_services.save_first_topic(
        actor=SETUP, topic=None, title="学习总书记重要讲话", source="《求是》", published_on=timezone.localdate()
    )
    study_list = monthly_list(tree.a)
    first = topics(study_list)[0]
    monthly_list(tree.b, titles=("B的学习内容",))
    secretary = client_as(personas["支部书记A1"])
    page = secretary.get(f"/activities/new/?organization={tree.a1.pk}").content.decode()
    assert library.title in page and first.title in page and "B的学习内容" not in page
    when = timezone.localtime(timezone.now() + datetime.timedelta(days=2))
    form = {
        "organization": tree.a1.pk,
        "kind": ActivityKind.objects.get(code="general_meeting").pk,
        "title": "党员大会",
        "planned_at": when.strftime("%Y-%m-%d %H:%M"),
        "agenda": "讨论发展党员",
        "library_topic": library.pk,
        "study_topics": [first.pk],
        "submission_key": uuid.uuid4().hex,
    }
    assert secretary.post("/activities/new/", form).status_code == 302
    activity = Activity.objects.get(organization=tree.a1)
    agenda = list(AgendaItem.objects.filter(activity=activity).values_list("title", "is_first_topic"))
    assert agenda == [(library.title, True), ("讨论发展党员", False), (first.title, False)]
    assert list(StudyLink.objects.values_list("topic", "activity")) == [(first.pk, activity.pk)]
