"""Issue 17: each activities list, its calendar and its API endpoint read one FilterSet, so the same query gives the
same rows everywhere, bad input is a Chinese message (200 on the page, 400 on the API) and never a 500, and a refused
query lists nothing, as on every other list (``RefusingFilterSet``)."""

import datetime
import re

import pytest
from django.utils import timezone

from zhibu.activities import services, talks
from zhibu.activities.models import Activity, ActivityKind, Resolution
from zhibu.organizations.middleware import SCOPE_SESSION_KEY
from zhibu.testing import SETUP, make_member

MAY = timezone.make_aware(datetime.datetime(2025, 5, 20, 9, 0))
JUNE = timezone.make_aware(datetime.datetime(2025, 6, 20, 9, 0))
THIRTY_DIGITS = "1" * 30


def kind(code):
    return ActivityKind.objects.get(code=code)


def meeting(branch, title, *, code="general_meeting", held_at=None, planned_at=JUNE):
    activity = services.plan_activity(
        actor=SETUP, organization=branch, kind=kind(code), title=title, planned_at=planned_at
    )
    if held_at is not None:
        activity = services.record_held(actor=SETUP, activity=activity, held_at=held_at)
    return activity


@pytest.fixture
def meetings(tree):
    return {
        "a1_may": meeting(tree.a1, "A1五月党员大会", held_at=MAY),
        "a1_june": meeting(tree.a1, "A1六月支委会", code="branch_committee", held_at=JUNE),
        "a1_planned": meeting(tree.a1, "A1计划中的会"),
        "a2_june": meeting(tree.a2, "A2六月党员大会", held_at=JUNE),
        "a3a_june": meeting(tree.a3a, "A3a六月党员大会", held_at=JUNE),
        "b1_june": meeting(tree.b1, "B1六月党员大会", held_at=JUNE),
    }


def page_titles(client, url, query):
    response = client.get(url, query)
    assert response.status_code == 200
    return response, {title for title in Activity.objects.values_list("title", flat=True) if title in _text(response)}


def api_titles(client, query):
    response = client.get("/api/v1/activities/", query)
    assert response.status_code == 200, response.content.decode()[:500]
    return {row["title"] for row in response.json()["results"]}


def _text(response):
    return response.content.decode()


def choose_scope(client, organization):
    session = client.session
    session[SCOPE_SESSION_KEY] = organization.pk
    session.save()


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"status": "held"},
        {"status": "planned"},
        {"kind": "general_meeting"},
        {"from": "2025-06-01", "to": "2025-06-30"},
        {"to": "2025-05-31"},
        {"organization": "a1"},
        {"organization": "a1", "kind": "general_meeting", "from": "2025-05-01", "to": "2025-05-31"},
        {"within": "a3"},
    ],
)
def test_the_page_and_the_api_list_the_same_meetings_for_the_same_filter(tree, personas, client_as, meetings, query):
    names = {"a1": tree.a1, "a3": tree.a3}
    query = dict(query)
    if "kind" in query:
        query["kind"] = kind(query["kind"]).pk
    for field in ("organization", "within"):
        if field in query:
            query[field] = names[query[field]].pk
    client = client_as(personas["党委管理员A"])
    _, on_page = page_titles(client, "/activities/", query)
    on_api = api_titles(client, query)
    assert on_page == on_api
    assert "B1六月党员大会" not in on_page


def test_a_verdict_link_names_the_organisation_kind_and_period(tree, personas, client_as, meetings):
    link = {
        "organization": tree.a1.pk,
        "kind": kind("general_meeting").pk,
        "from": "2025-05-01",
        "to": "2025-05-31",
    }
    response, titles = page_titles(client_as(personas["党委管理员A"]), "/activities/", link)
    assert titles == {"A1五月党员大会"}
    # The organisation a link names survives a change of the other filters.
    assert f'name="organization" value="{tree.a1.pk}"' in _text(response)


def test_the_organisation_in_scope_narrows_the_list_to_its_subtree(tree, personas, client_as, meetings):
    client = client_as(personas["党委管理员A"])
    choose_scope(client, tree.a3)
    _, titles = page_titles(client, "/activities/", {})
    assert titles == {"A3a六月党员大会"}
    _, titles = page_titles(client, "/activities/", {"within": tree.a.pk})
    assert "A1五月党员大会" in titles and "A2六月党员大会" in titles


def test_another_branchs_meetings_never_appear_whatever_the_filter(tree, personas, client_as, meetings):
    client = client_as(personas["支部书记B1"])
    for query in ({}, {"organization": tree.a1.pk}, {"within": tree.a.pk}, {"status": "held"}):
        _, on_page = page_titles(client, "/activities/", query)
        assert not any(title.startswith("A") for title in on_page), query
    assert api_titles(client, {}) == {"B1六月党员大会"}
    assert client.get("/api/v1/activities/", {"organization": tree.a1.pk}).status_code == 400


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2025-13-45"}, "from"),
        ({"to": "昨天"}, "to"),
        ({"kind": THIRTY_DIGITS}, "kind"),
        ({"organization": THIRTY_DIGITS}, "organization"),
        ({"within": THIRTY_DIGITS}, "within"),
        ({"status": "unknown"}, "status"),
        ({"kind": "abc"}, "kind"),
    ],
)
def test_a_refused_filter_lists_no_meeting_and_says_why_never_a_500(tree, personas, client_as, meetings, query, field):
    client = client_as(personas["支部书记A1"])
    page = client.get("/activities/", {**query, "organization": tree.a1.pk} if field != "organization" else query)
    assert page.status_code == 200
    assert "查询条件有误" in _text(page)
    # Not the other filters applied without the bad one: a refused query lists nothing, as every list does.
    assert not {title for title in Activity.objects.values_list("title", flat=True) if title in _text(page)}
    api = client.get("/api/v1/activities/", query)
    assert api.status_code == 400
    message = " ".join(api.json()[field])
    assert re.search(r"[\u4e00-\u9fff]", message), message
    calendar = client.get("/activities/calendar/", {"month": "2025-06", **query})
    assert calendar.status_code == 200
    assert "查询条件有误" in _text(calendar)
    assert meetings["a1_june"].get_absolute_url() not in _text(calendar)
    assert meetings["a1_june"].get_absolute_url() in _text(client.get("/activities/calendar/", {"month": "2025-06"}))


def test_the_calendar_reads_the_same_filters(tree, personas, client_as, meetings):
    client = client_as(personas["党委管理员A"])
    shown = _text(client.get("/activities/calendar/", {"month": "2025-06", "organization": tree.a2.pk}))
    assert meetings["a2_june"].get_absolute_url() in shown
    assert meetings["a1_june"].get_absolute_url() not in shown


def test_resolutions_filter_by_status_including_overdue(tree, personas, client_as):
    activity = meeting(tree.a1, "A1决议会", held_at=JUNE)
    today = timezone.localdate()
    overdue = services.add_resolution(
        actor=SETUP,
        activity=activity,
        text="逾期的决议",
        deadline=today - datetime.timedelta(days=1),
        owner_organization=tree.a1,
    )
    services.add_resolution(
        actor=SETUP,
        activity=activity,
        text="落实中的决议",
        deadline=today + datetime.timedelta(days=10),
        owner_organization=tree.a1,
    )
    stranger = services.add_resolution(
        actor=SETUP,
        activity=meeting(tree.b1, "B1决议会", held_at=JUNE),
        text="别的支部的决议",
        deadline=today,
        owner_organization=tree.b1,
    )
    assert overdue.status == Resolution.Status.OPEN and stranger.pk
    client = client_as(personas["支部书记A1"])

    def shown(query):
        response = client.get("/activities/resolutions/", query)
        assert response.status_code == 200
        text = _text(response)
        assert "别的支部的决议" not in text
        return text

    assert "逾期的决议" in shown({"status": "overdue"}) and "落实中的决议" not in shown({"status": "overdue"})
    assert "落实中的决议" in shown({"status": "open"}) and "逾期的决议" in shown({"status": "open"})
    assert "逾期的决议" not in shown({"status": "done"})
    refused = shown({"status": "lost"})
    assert "查询条件有误" in refused and "逾期的决议" not in refused and "落实中的决议" not in refused
    assert "查询条件有误" in shown({"within": THIRTY_DIGITS})


def test_talk_and_appraisal_pages_and_api_read_branch_and_year_alike(tree, personas, client_as):
    first, second = make_member(tree.a1, name="谈话人甲"), make_member(tree.a1, name="谈话人乙")
    talks.record_talk(
        actor=SETUP,
        organization=tree.a1,
        first=first,
        second=second,
        talked_on=datetime.date(2025, 3, 1),
        topic="思想交流",
    )
    talks.save_appraisals(actor=SETUP, organization=tree.a1, year=2025, grades={first.pk: "excellent"})
    client = client_as(personas["支部书记A1"])
    query = {"organization": tree.a1.pk, "year": 2025}
    assert "思想交流" in _text(client.get("/activities/talks/", query))
    assert [row["topic"] for row in client.get("/api/v1/talks/", query).json()["results"]] == ["思想交流"]
    assert client.get("/api/v1/talks/", {**query, "year": 2024}).json()["results"] == []
    assert [row["member"] for row in client.get("/api/v1/appraisals/", query).json()["results"]] == [first.pk]
    for page in ("/activities/talks/", "/activities/appraisals/"):
        for bad in ({"year": "二〇二五"}, {"year": 99999}, {"organization": THIRTY_DIGITS}, {"organization": "x"}):
            response = client.get(page, bad)
            assert response.status_code == 200, (page, bad)
            assert "查询条件有误" in _text(response)
        # The branch is fine, the year is not: no branch's records are shown rather than this year's.
        refused = _text(client.get(page, {"organization": tree.a1.pk, "year": 99999}))
        assert "查询条件有误" in refused and "谈话人甲" not in refused and "思想交流" not in refused
    for endpoint in ("/api/v1/talks/", "/api/v1/appraisals/"):
        for bad in ({"year": 99999}, {"organization": THIRTY_DIGITS}):
            response = client.get(endpoint, bad)
            assert response.status_code == 400 and re.search(r"[\u4e00-\u9fff]", str(response.json()))
    # Another branch's records: its page is out of scope (404), its rows are never listed.
    stranger = client_as(personas["支部书记B1"])
    assert stranger.get("/activities/appraisals/", query).status_code == 404
    assert stranger.get("/api/v1/talks/").json()["results"] == []


def test_the_schema_lists_the_shared_filters_with_their_enums(personas, client_as):
    schema = client_as(personas["工委管理员"]).get("/api/v1/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/activities/"]["get"]["parameters"]}
    assert {"kind", "status", "organization", "within", "from", "to"} <= set(parameters)
    assert set(parameters["status"]["schema"]["enum"]) == set(Activity.Status.values)
    assert parameters["from"]["schema"]["format"] == "date"
    talk_parameters = {p["name"] for p in schema["paths"]["/api/v1/talks/"]["get"]["parameters"]}
    assert {"organization", "year"} <= talk_parameters
