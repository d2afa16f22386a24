"""The sheet list page and the rating-sheets API read one FilterSet: the same filter gives the same sheets, bad input
is a Chinese message (200 on the page, 400 on the API), and another organisation's sheets never appear."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.ratings import services

YEAR = timezone.localdate().year


@pytest.fixture
def sheets(tree, personas):
    return {
        "gongwei": services.create_sheet(
            actor=personas["工委管理员"], organization=tree.gongwei, year=YEAR, title="工委评定"
        ),
        "a_last": services.create_sheet(
            actor=personas["党委管理员A"],
            organization=tree.a,
            year=YEAR - 1,
            title="党委A上年评定",
            with_default_items=False,
        ),
        "b": services.create_sheet(actor=personas["工委管理员"], organization=tree.b, year=YEAR, title="党委B评定"),
    }


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def page_titles(client, query):
    response = client.get("/ratings/", query)
    assert response.status_code == 200
    return {sheet.title for sheet in response.context["sheets"]}


def api_titles(user, query):
    response = api(user).get("/api/v1/rating-sheets/", query)
    assert response.status_code == 200
    return {row["title"] for row in response.json()["results"]}


def test_page_and_api_give_the_same_sheets(tree, personas, client_as, sheets):
    services.lock_sheet(actor=personas["党委管理员A"], sheet=sheets["a_last"])  # no items: nothing left to score
    admin = personas["工委管理员"]
    for query, expected in (
        ({}, {"工委评定", "党委A上年评定", "党委B评定"}),
        ({"year": YEAR}, {"工委评定", "党委B评定"}),
        ({"status": "locked"}, {"党委A上年评定"}),
        ({"status": "open", "organization": tree.b.pk}, {"党委B评定"}),
        ({"rule": "MTG-04"}, {"工委评定", "党委B评定"}),  # the sheet without items names no rule
    ):
        assert page_titles(client_as(admin), query) == expected, query
        assert api_titles(admin, query) == expected, query


@pytest.mark.parametrize(
    "query", [{"status": "nonsense"}, {"year": "abc"}, {"year": "99999"}, {"organization": "9" * 30}]
)
def test_bad_input_is_a_chinese_message_never_a_500(personas, client_as, sheets, query):
    admin = personas["工委管理员"]
    page = client_as(admin).get("/ratings/", query)
    assert page.status_code == 200 and "筛选条件有误" in page.content.decode()
    assert not page.context["sheets"]
    refused = api(admin).get("/api/v1/rating-sheets/", query)
    assert refused.status_code == 400 and any("\u4e00" <= char <= "\u9fff" for char in str(refused.json()))


def test_another_organisations_sheets_never_appear(tree, personas, client_as, sheets):
    dangwei_a = personas["党委管理员A"]
    assert "党委B评定" not in page_titles(client_as(dangwei_a), {})
    assert page_titles(client_as(dangwei_a), {"organization": tree.b.pk}) == set()
    assert api_titles(dangwei_a, {"organization": tree.b.pk}) == set()
