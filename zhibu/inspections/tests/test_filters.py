"""The rectification and plan lists, the rectification export and the API read one FilterSet: the same filter gives
the same rows everywhere, bad input is a Chinese message (200 on a page, 400 on the API), and an organisation out of
scope never shows its rows."""

import datetime
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhibu.inspections import services
from zhibu.testing import make_member

TODAY = datetime.date(2026, 11, 16)
pytestmark = pytest.mark.clock("2026-11-16T10:00")
BAD_QUERIES = [
    {"status": "nonsense"},
    {"organization": "abc"},
    {"organization": "9" * 30},
    {"year": "99999"},
    {"plan": "-1"},
]


@pytest.fixture
def items(tree, personas):
    """A 工委 inspection with an overdue item at branch A1, an open one at A2 and one at B1."""
    plan = services.create_plan(
        actor=personas["工委管理员"],
        organization=tree.gongwei,
        scope=tree.gongwei,
        title="工委督查",
        kind="regular",
        period_start=TODAY - datetime.timedelta(days=90),
        period_end=TODAY,
        inspectors=[personas["工委管理员"]],
    )
    for branch, task, days in ((tree.a1, "A1逾期事项", -3), (tree.a2, "A2整改事项", 30), (tree.b1, "B1整改事项", 30)):
        services.add_finding(
            actor=personas["工委管理员"],
            plan=plan,
            organization=branch,
            description=f"{branch}会议记录缺页",
            found_on=TODAY - datetime.timedelta(days=60),
            items=[
                {
                    "task": task,
                    "owner": make_member(branch),
                    "deadline": TODAY + datetime.timedelta(days=days),
                    "required_evidence": "会议记录扫描件",
                }
            ],
        )
    return plan


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def page_tasks(client, query):
    response = client.get("/inspections/items/", query)
    assert response.status_code == 200
    return {item.task for item in response.context["page"].object_list}


def export_tasks(client, query):
    response = client.get("/inspections/items/", {**query, "export": "1"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    return {row[4] for row in rows[1:]}


def api_tasks(user, query):
    response = api(user).get("/api/v1/rectification-items/", query)
    assert response.status_code == 200
    return {row["task"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"A1逾期事项", "A2整改事项", "B1整改事项"}),
        ({"status": "overdue"}, {"A1逾期事项"}),
        ({"status": "open"}, {"A1逾期事项", "A2整改事项", "B1整改事项"}),
        ({"status": "closed"}, set()),
        ({"organization": "a"}, {"A1逾期事项", "A2整改事项"}),
        ({"organization": "b1", "status": "open"}, {"B1整改事项"}),
        ({"year": "2026"}, {"A1逾期事项", "A2整改事项", "B1整改事项"}),
    ],
)
def test_item_page_export_and_api_give_the_same_rows(tree, personas, client_as, items, query, expected):
    query = {name: str(getattr(tree, value).pk) if name == "organization" else value for name, value in query.items()}
    admin = personas["工委管理员"]
    assert page_tasks(client_as(admin), query) == expected
    assert export_tasks(client_as(admin), query) == expected
    assert api_tasks(admin, query) == expected


def test_plan_page_and_api_give_the_same_rows(tree, personas, client_as, items):
    services.create_plan(
        actor=personas["党委管理员A"],
        organization=tree.a,
        scope=tree.a,
        title="党委A自查",
        kind="regular",
        period_start=TODAY - datetime.timedelta(days=30),
        period_end=TODAY,
        inspectors=[personas["党委管理员A"]],
    )
    admin = personas["工委管理员"]
    for query, expected in (
        ({}, {"工委督查", "党委A自查"}),
        ({"organization": tree.a.pk}, {"党委A自查"}),
        ({"organization": tree.b.pk}, set()),
        ({"scope": tree.gongwei.pk}, {"工委督查"}),
        ({"status": "active", "year": 2026}, {"工委督查", "党委A自查"}),
    ):
        page = client_as(admin).get("/inspections/", query)
        assert {plan.title for plan in page.context["page"].object_list} == expected, query
        listed = api(admin).get("/api/v1/inspection-plans/", query).json()["results"]
        assert {row["title"] for row in listed} == expected, query


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_input_is_a_chinese_message_never_a_500(personas, client_as, items, query):
    admin = personas["工委管理员"]
    page = client_as(admin).get("/inspections/items/", query)
    assert page.status_code == 200 and "筛选条件有误" in page.content.decode()
    assert not page.context["page"].object_list
    export = client_as(admin).get("/inspections/items/", {**query, "export": "1"})
    assert export.status_code == 200 and "筛选条件有误" in export.content.decode()  # the page, not a file
    refused = api(admin).get("/api/v1/rectification-items/", query)
    assert refused.status_code == 400 and any("\u4e00" <= char <= "\u9fff" for char in str(refused.json()))
    plans = client_as(admin).get("/inspections/", query)
    assert plans.status_code == 200
    assert api(admin).get("/api/v1/inspection-plans/", query).status_code in (200, 400)


def test_another_organisations_rows_never_appear(tree, personas, client_as, items):
    dangwei_a = personas["党委管理员A"]
    assert page_tasks(client_as(dangwei_a), {}) == {"A1逾期事项", "A2整改事项"}
    assert export_tasks(client_as(dangwei_a), {}) == {"A1逾期事项", "A2整改事项"}
    assert api_tasks(dangwei_a, {}) == {"A1逾期事项", "A2整改事项"}
    stranger = {"organization": str(tree.b1.pk)}
    page = client_as(dangwei_a).get("/inspections/items/", stranger)
    assert page.status_code == 200 and "B1整改事项" not in page.content.decode()
    assert "筛选条件有误" in page.content.decode()
    assert api(dangwei_a).get("/api/v1/rectification-items/", stranger).status_code == 400
    assert "B1整改事项" not in client_as(personas["支部书记A1"]).get("/inspections/items/").content.decode()
