"""The risk register's periodic reviews as a list and an Excel export (the 复查 part of the 廉政风险防控 ledger), scoped
like the risks: a branch sees its own, a 党委 its subtree's, another committee nothing; filters refuse bad input."""

import datetime
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhibu.integrity.services import review_risk
from zhibu.integrity.tests.helpers import risk
from zhibu.testing import SETUP, compact

pytestmark = pytest.mark.clock("2026-11-16T10:00")


def _reviewed(organization, finding):
    made = risk(organization)
    return review_risk(
        actor=SETUP,
        riskpoint=made,
        reviewed_on=datetime.date(2026, 9, 2),
        reviewer="复查人甲",
        finding=finding,
        level="low",
    )


def test_reviews_are_listed_and_exported_in_scope(tree, personas, client_as):
    _reviewed(tree.a1, "A1的复查情况")
    _reviewed(tree.b1, "B1的复查情况")
    secretary = client_as(personas["支部书记A1"])
    page = compact(secretary.get("/integrity/reviews/").content)
    assert "A1的复查情况" in page and "B1的复查情况" not in page and "2026年9月2日" in page
    assert "/integrity/reviews/" in compact(secretary.get("/integrity/risks/").content)
    committee = compact(client_as(personas["党委管理员A"]).get("/integrity/reviews/").content)
    assert "A1的复查情况" in committee and "B1的复查情况" not in committee
    assert "A1的复查情况" not in compact(client_as(personas["支部书记B1"]).get("/integrity/reviews/").content)
    export = client_as(personas["党委管理员A"]).get("/integrity/reviews/export/")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "A1的复查情况" in cells and "B1的复查情况" not in cells and "复查后风险等级" in cells


def test_bad_filters_list_nothing_and_the_api_filters_the_same(tree, personas, client_as):
    _reviewed(tree.a1, "A1的复查情况")
    secretary = client_as(personas["支部书记A1"])
    for query in ("year=99999999999999999999", "level=gone", f"organization={tree.b1.pk}", "organization=abc"):
        response = secretary.get(f"/integrity/reviews/?{query}")
        assert response.status_code == 200 and "没有符合条件的复查记录" in compact(response.content), query
    assert "A1的复查情况" in compact(secretary.get("/integrity/reviews/?year=2026&level=low").content)
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    assert api.get("/api/v1/integrity-reviews/?year=2026").json()["count"] == 1
    assert api.get("/api/v1/integrity-reviews/?year=2025").json()["count"] == 0
    assert api.get("/api/v1/integrity-reviews/?level=gone").status_code == 400
    member = client_as(personas["党员A1"])
    assert "A1的复查情况" not in compact(member.get("/integrity/reviews/").content)
    empty = load_workbook(io.BytesIO(member.get("/integrity/reviews/export/").content)).active
    assert "A1的复查情况" not in [cell.value for row in empty.iter_rows() for cell in row]
