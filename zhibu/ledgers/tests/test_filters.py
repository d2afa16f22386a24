"""A ledger's query (organisation, year, month, quarter, format) is read through a validated form: a bad value falls
back to the default and the page says so, never a 500; an organisation out of scope stays a 404."""

import pytest
from django.utils import timezone

YEAR = timezone.localdate().year - 1
BAD_VALUES = [
    {"month": "13"},
    {"month": "2026-13"},
    {"month": "abc"},
    {"quarter": "5"},
    {"year": "abc"},
    {"year": "9" * 30},
    {"organization": "abc"},
    {"organization": "9" * 30},
    {"format": "pdf"},
]


@pytest.mark.parametrize("query", BAD_VALUES)
def test_bad_input_falls_back_with_a_chinese_message(tree, personas, client_as, query):
    admin = client_as(personas["党委管理员A"])
    listing = admin.get("/ledgers/", {"organization": tree.a.pk, "year": YEAR, **query})
    assert listing.status_code == 200 and "查询条件有误" in listing.content.decode()
    for code in ("monthly", "quarterly"):
        page = admin.get(f"/ledgers/{code}/", {"organization": tree.a.pk, "year": YEAR, **query})
        assert page.status_code == 200 and "查询条件有误" in page.content.decode(), (code, query)


def test_a_refused_month_gives_this_years_default_month(tree, personas, client_as):
    admin = client_as(personas["党委管理员A"])
    fallback = admin.get("/ledgers/monthly/", {"organization": tree.a1.pk, "year": YEAR, "month": "13"})
    december = admin.get("/ledgers/monthly/", {"organization": tree.a1.pk, "year": YEAR, "month": "12"})
    assert fallback.context["document"].period == december.context["document"].period


def test_another_organisations_ledger_stays_out_of_reach(tree, personas, client_as):
    secretary = client_as(personas["支部书记B1"])
    assert secretary.get("/ledgers/", {"organization": tree.a1.pk}).status_code == 404
    for wanted in ("html", "xlsx", "docx"):
        response = secretary.get("/ledgers/roster/", {"organization": tree.a1.pk, "format": wanted})
        assert response.status_code == 404
    listing = client_as(personas["党委管理员A"]).get("/ledgers/", {"organization": tree.a.pk})
    assert f"organization={tree.b.pk}" not in listing.content.decode()
