"""Garbage posted to every awards form and to the API: never a server error, nothing half-written."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from zhibu.awards.models import AwardRound, Honour, Nomination, Objection
from zhibu.awards.tests.helpers import NOMINATED, walked

pytestmark = [pytest.mark.django_db, pytest.mark.clock(NOMINATED)]

NASTY = ["", " ", "0", "-1", "99999999999999999999", "1.5", "abc", "２０２６-１１-０１", "2026-02-30", "2099-12-31",
         "<script>alert(1)</script>", "\x00", "😀" * 50, "x" * 5000, "[]", "null"]  # fmt: skip
JSON_NASTY: list[object] = [None, True, -1, 0, 10**20, 1.5, "", "x" * 5000, [], {}, "2024-13-01", "北京"]

FORMS = {
    "/awards/new/": ("round", "category", "member", "organization", "reasons", "submission_key"),
    "/awards/rounds/new/": (
        "organization",
        "year",
        "title",
        "opens_on",
        "closes_on",
        "member_cap_percent",
        "publicity_days",
        "submission_key",
    ),  # fmt: skip
}


def _counts():
    return (AwardRound.objects.count(), Nomination.objects.count(), Objection.objects.count(), Honour.objects.count())


@pytest.mark.slow  # a walk of every form with garbage: CI runs it (--all); the default run leaves it out
@pytest.mark.any_clock  # its own fixed clock: the same at every boundary
def test_garbage_to_every_form_is_refused_without_a_write(tree, personas):
    nomination = walked(tree.a1, tree.a)
    objection_url = f"/awards/{nomination.pk}/objections/new/"
    forms = {
        **FORMS,
        f"/awards/{nomination.pk}/step/": ("step", "happened_on", "note", "agrees"),
        objection_url: ("received_on", "raised_by", "content", "submission_key"),
    }
    client = Client()
    client.force_login(personas["党委管理员A"])
    before = _counts()
    stage = nomination.stage
    for url, fields in forms.items():
        for value in NASTY:
            response = client.post(url, dict.fromkeys(fields, value))
            assert response.status_code in (200, 400, 403, 404), (url, value, response.status_code)
    assert _counts() == before
    assert Nomination.objects.get(pk=nomination.pk).stage == stage


def test_garbage_to_the_api_is_a_400(tree, personas):
    walked(tree.a1, tree.a)
    client = APIClient()
    client.force_authenticate(personas["党委管理员A"])
    before = _counts()
    for value in JSON_NASTY:
        body = {"round": value, "category": value, "member": value, "organization": value, "reasons": value}
        response = client.post("/api/v1/award-nominations/", body, format="json")
        assert response.status_code == 400, (value, response.status_code)
        for path in ("award-nominations", "award-rounds", "award-objections", "honours"):
            query = {name: str(value) for name in ("organization", "year", "stage")}
            got = client.get(f"/api/v1/{path}/", query)
            assert got.status_code in (200, 400), (path, value, got.status_code)
    assert _counts() == before
