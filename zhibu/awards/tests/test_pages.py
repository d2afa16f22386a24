"""The pages render for the people who use them: lists with their filters, the forms, a nomination with its snapshot,
the exports; the round form refuses bad input in Chinese."""

import uuid
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from zhibu.awards.models import AwardRound
from zhibu.awards.tests.helpers import NOMINATED, walked

pytestmark = [pytest.mark.django_db, pytest.mark.clock(NOMINATED)]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _round_form(tree, **overrides):
    form = {
        "organization": tree.a.pk,
        "year": 2026,
        "title": "2026年度“两优一先”评选",
        "opens_on": "2026-11-01",
        "closes_on": "2026-11-30",
        "member_cap_percent": 15,
        "worker_cap_percent": 15,
        "org_cap_percent": 20,
        "publicity_days": 5,
        "submission_key": uuid.uuid4().hex,
    }
    form.update(overrides)
    return form


def test_a_round_is_created_and_bad_input_told(tree, personas):
    admin = _client(personas["党委管理员A"])
    response = admin.post("/awards/rounds/new/", _round_form(tree))
    assert response.status_code == 302, response.context["form"].errors
    bad = admin.post("/awards/rounds/new/", _round_form(tree, closes_on="2026-10-01"))
    assert "推荐截止日期不能早于推荐开始日期" in bad.content.decode()
    assert admin.post("/awards/rounds/new/", _round_form(tree, member_cap_percent=0)).status_code == 200
    gongwei = _client(personas["工委管理员"]).post("/awards/rounds/new/", _round_form(tree, title="工委评选"))
    assert gongwei.status_code == 302, gongwei.context["form"].errors
    branch = admin.post("/awards/rounds/new/", _round_form(tree, organization=tree.a1.pk))
    assert branch.status_code == 200
    assert AwardRound.objects.count() == 2


def test_lists_detail_and_exports(tree, personas):
    nomination = walked(tree.a1, tree.a, through="decide")
    admin = _client(personas["党委管理员A"])
    for path in ("/awards/", "/awards/rounds/", "/awards/objections/", "/awards/honours/", "/awards/new/"):
        assert admin.get(path).status_code == 200, path
    page = admin.get(f"/awards/{nomination.pk}/").content.decode()
    assert "推荐时的记录" in page and "组织生活" in page and "民主评议" in page and "2026年11月4日" in page
    assert admin.get(f"/awards/rounds/{nomination.round_id}/").status_code == 200
    workbook = load_workbook(BytesIO(admin.get("/awards/export/").content))
    assert workbook.active.cell(row=2, column=1).value == nomination.member.name
    assert admin.get("/awards/?stage=nonsense").status_code == 200
