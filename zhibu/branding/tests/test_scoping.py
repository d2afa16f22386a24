"""Another branch's applications, objections and cases are 404 (pages) and absent (lists, API); the branch cannot
review, publicise or name its own application; a member cannot apply; a double submit makes one application."""

import uuid

import pytest
from django.test import Client
from rest_framework.test import APIClient

from zhibu.branding.models import FourStrongApplication, Stage
from zhibu.branding.tests.helpers import APPLIED, EVIDENCE, YEAR, locked_sheet, rating_row, walked

pytestmark = [pytest.mark.django_db, pytest.mark.clock(APPLIED)]


def _client(user, api=False):
    client = APIClient() if api else Client()
    client.force_login(user)
    return client


def test_another_branch_sees_nothing_of_an_application(tree, personas):
    application = walked(tree.a1, tree.a)
    stranger = _client(personas["支部书记B1"])
    assert stranger.get(application.get_absolute_url()).status_code == 404
    assert "支部A1" not in stranger.get("/branding/four-strong/").content.decode()
    assert (
        stranger.post(f"/branding/four-strong/{application.pk}/name/", {"happened_on": "2026-11-02"}).status_code == 404
    )
    api = _client(personas["支部书记B1"], api=True)
    assert api.get("/api/v1/four-strong/").json()["count"] == 0
    assert api.get(f"/api/v1/four-strong/{application.pk}/").status_code == 404
    assert api.get("/api/v1/four-strong-objections/").json()["count"] == 0
    # Another 党委's administrator cannot act as the level above either.
    other = APIClient()
    other.force_authenticate(personas["支部书记B1"])
    body = {"received_on": "2026-11-02", "content": "反映台账有补记现象"}
    assert other.post(f"/api/v1/four-strong/{application.pk}/objection/", body, format="json").status_code == 404


def test_the_branch_cannot_take_the_level_aboves_steps(tree, personas):
    application = walked(tree.a1, tree.a, through="submit")
    secretary = _client(personas["支部书记A1"])
    response = secretary.post(
        f"/branding/four-strong/{application.pk}/review/",
        {"happened_on": "2026-11-02", "agrees": "yes", "note": "自己审核自己"},
    )
    assert response.status_code == 403 or "由党委A办理" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.SUBMITTED


def test_a_member_and_a_stranger_cannot_apply_for_a_branch(tree, personas):
    locked_sheet(tree.a, [rating_row(tree.a1)])
    form = {"organization": tree.a1.pk, "year": YEAR, "evidence": EVIDENCE, "submission_key": uuid.uuid4().hex}
    assert _client(personas["党员A1"]).post("/branding/four-strong/new/", form).status_code in (200, 403)
    stranger = _client(personas["支部书记B1"], api=True)
    body = {"organization": tree.a1.pk, "year": YEAR, "evidence": EVIDENCE}
    assert stranger.post("/api/v1/four-strong/", body, format="json").status_code == 400
    assert not FourStrongApplication.objects.exists()


def test_a_double_submit_makes_one_application(tree, personas):
    locked_sheet(tree.a, [rating_row(tree.a1)])
    secretary = _client(personas["支部书记A1"])
    form = {"organization": tree.a1.pk, "year": YEAR, "evidence": EVIDENCE, "submission_key": uuid.uuid4().hex}
    secretary.post("/branding/four-strong/new/", form)
    secretary.post("/branding/four-strong/new/", form)
    again = {**form, "submission_key": uuid.uuid4().hex}
    assert "不能重复申报" in secretary.post("/branding/four-strong/new/", again).content.decode()
    assert FourStrongApplication.objects.count() == 1
