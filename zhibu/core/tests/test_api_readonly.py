"""Verdicts, inspections and star-rating sheets are readable over the API, scoped exactly like their pages."""

import datetime

import pytest
from rest_framework.test import APIClient

from zhibu.dues import services as dues
from zhibu.inspections import services as inspections
from zhibu.ratings import services as ratings
from zhibu.standards.models import Verdict
from zhibu.testing import make_member

TODAY = datetime.date(2026, 11, 16)
# The tests read verdicts of named months of 2026 (a tree founded today is judged only from today).
pytestmark = pytest.mark.clock("2026-11-16T10:00")


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.usefixtures("live_verdicts")
def test_verdicts_are_scoped_like_the_verdict_page(tree, personas):
    late = make_member(tree.a1, name="长期未缴", joined_on=datetime.date(2010, 7, 1))
    dues.set_assessment(actor=personas["支部书记A1"], member=late, year=2026, category="salaried", base="3000")
    arrears = Verdict.objects.get(organization=tree.a1, rule_id="FEE-07", period_key="now")
    secretary = as_user(personas["支部书记A1"])
    read = secretary.get(f"/api/v1/verdicts/{arrears.pk}/").json()
    assert "长期未缴" in read["explanation"] and read["rule_title"] and read["page"].endswith(f"/{arrears.pk}/")
    assert isinstance(read["evidence"], list) and read["parameters"]
    # Another branch's verdict is out of scope: 404, as on the page.
    assert as_user(personas["支部书记B1"]).get(f"/api/v1/verdicts/{arrears.pk}/").status_code == 404
    # An ordinary member reads the branch's verdicts, but not those that name other members.
    member = as_user(personas["党员A1"])
    assert member.get(f"/api/v1/verdicts/{arrears.pk}/").status_code == 404
    listed = member.get(f"/api/v1/verdicts/?organization={tree.a1.pk}&page_size=500").json()
    rules = {row["rule_id"] for row in listed["results"]}
    assert listed["count"] > 0 and not any(rule.startswith(("MEM-", "FEE-0")) for rule in rules - {"FEE-09"})
    assert "长期未缴" not in str(listed)
    publication = Verdict.objects.get(organization=tree.a1, rule_id="FEE-09", period_key="2026")
    assert member.get(f"/api/v1/verdicts/{publication.pk}/").status_code == 200


@pytest.mark.usefixtures("live_verdicts")
def test_verdict_filters_and_pagination(tree, personas):
    make_member(tree.a1)
    everything = as_user(personas["工委管理员"]).get("/api/v1/verdicts/").json()
    assert everything["count"] > 50 and len(everything["results"]) == 50 and everything["next"]
    second = as_user(personas["工委管理员"]).get(everything["next"]).json()
    assert {row["id"] for row in second["results"]}.isdisjoint(row["id"] for row in everything["results"])
    api = as_user(personas["支部书记A1"])
    own = api.get("/api/v1/verdicts/").json()
    assert own["count"] < everything["count"]
    assert {row["organization"] for row in own["results"]} <= {tree.a1.pk, tree.a1_group.pk}
    march = api.get(f"/api/v1/verdicts/?organization={tree.a1.pk}&rule=MTG-04&period=2026-11").json()["results"]
    assert [(row["rule_id"], row["period"]) for row in march] == [("MTG-04", "2026-11")]
    missed = api.get("/api/v1/verdicts/?status=missed").json()["results"]
    assert missed and {row["status"] for row in missed} == {"missed"}
    assert api.get("/api/v1/verdicts/?status=nonsense").status_code == 400
    assert api.post("/api/v1/verdicts/", {}, format="json").status_code == 405


def test_inspection_plans_items_and_rating_sheets(tree, personas):
    plan = inspections.create_plan(
        actor=personas["党委管理员A"],
        organization=tree.a,
        scope=tree.a,
        title="党委A自查",
        kind="regular",
        period_start=TODAY - datetime.timedelta(days=90),
        period_end=TODAY,
        inspectors=[personas["党委管理员A"]],
    )
    owner = make_member(tree.a1)
    item = {"task": "补齐会议记录", "owner": owner, "deadline": TODAY + datetime.timedelta(days=30)}
    inspections.add_finding(
        actor=personas["党委管理员A"],
        plan=plan,
        organization=tree.a1,
        description="党员大会记录缺页",
        found_on=TODAY,
        items=[{**item, "required_evidence": "会议记录扫描件"}],
    )
    admin = as_user(personas["党委管理员A"])
    plans = admin.get(f"/api/v1/inspection-plans/?organization={tree.a.pk}&status=active").json()["results"]
    assert [row["title"] for row in plans] == ["党委A自查"] and tree.a1.pk in plans[0]["targets"]
    items = as_user(personas["支部书记A1"]).get("/api/v1/rectification-items/?status=open").json()["results"]
    assert [row["task"] for row in items] == ["补齐会议记录"] and items[0]["plan"] == plan.pk
    assert as_user(personas["支部书记B1"]).get(f"/api/v1/inspection-plans/{plan.pk}/").status_code == 404
    assert as_user(personas["支部书记B1"]).get("/api/v1/rectification-items/").json()["count"] == 0
    sheet = ratings.create_sheet(actor=personas["工委管理员"], organization=tree.gongwei, year=2025)
    read = as_user(personas["工委管理员"]).get("/api/v1/rating-sheets/?year=2025&status=open").json()["results"]
    assert [row["id"] for row in read] == [sheet.pk] and read[0]["items"]
    assert as_user(personas["支部书记B1"]).get(f"/api/v1/rating-sheets/{sheet.pk}/").status_code == 404


def test_the_schema_lists_the_read_only_routes(personas):
    paths = as_user(personas["党员A1"]).get("/api/v1/schema/?format=json").json()["paths"]
    for name in ("verdicts", "inspection-plans", "rectification-items", "rating-sheets"):
        assert set(paths[f"/api/v1/{name}/"]) == {"get"}, name
    names = {parameter["name"] for parameter in paths["/api/v1/verdicts/"]["get"]["parameters"]}
    assert {"organization", "rule", "period", "status", "page"} <= names
