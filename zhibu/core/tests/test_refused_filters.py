"""One convention for a refused filter on every list: nothing is listed, the page says why in Chinese, the export is
empty and the API answers 400 — never the other filters applied without the bad one (which would look like an answer
to the question asked). Each app's tests/test_filters.py checks its own lists; these are the lists of core and of the
organisations app."""

import io

import pytest
from openpyxl import load_workbook

from zhibu.organizations import services as organization_services
from zhibu.testing import SETUP


def exported_rows(response) -> int:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    return sum(1 for _ in sheet.active.iter_rows(min_row=2)) if sheet.active is not None else 0


@pytest.mark.parametrize("refused", [{"kind": "no_such_kind"}, {"within": "abc"}, {"parent": "1" * 30}])
def test_a_refused_organisation_filter_lists_no_organisation(tree, personas, client_as, refused):
    client = client_as(personas["工委管理员"])
    links = [f'href="{organization.get_absolute_url()}"' for organization in (tree.a1, tree.b1)]
    listed = client.get("/organizations/").content.decode()
    assert all(link in listed for link in links)
    page = client.get("/organizations/", refused)
    assert page.status_code == 200
    assert "查询条件有误" in page.content.decode()
    assert not any(link in page.content.decode() for link in links)
    assert client.get("/api/v1/organizations/", refused).status_code == 400


def test_a_refused_unit_filter_lists_no_unit(tree, personas, client_as):
    organization_services.create_unit(actor=SETUP, owner=tree.a, name="测试单位甲")
    client = client_as(personas["工委管理员"])
    assert "测试单位甲" in client.get("/organizations/units/").content.decode()
    page = client.get("/organizations/units/", {"owner": "abc"})
    assert page.status_code == 200
    assert "查询条件有误" in page.content.decode() and "测试单位甲" not in page.content.decode()


def test_a_refused_audit_filter_lists_no_row_and_exports_none(tree, personas, client_as):
    client = client_as(personas["工委管理员"])
    client.get("/organizations/export/")
    exported = {"event": "organization.exported"}
    row = '<td class="nowrap">导出党组织</td>'
    assert row in client.get("/audit/", exported).content.decode()
    assert exported_rows(client.get("/audit/export/", exported)) == 1
    for refused in ({"outcome": "maybe"}, {"since": "2026-13-40"}):
        page = client.get("/audit/", {**exported, **refused})
        assert page.status_code == 200
        assert "查询条件有误" in page.content.decode() and row not in page.content.decode()
        assert exported_rows(client.get("/audit/export/", {**exported, **refused})) == 0
