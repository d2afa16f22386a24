"""Garbage posted to every 四强 form and to the API, absurd filter values: never a server error, nothing half-written;
a 公示 must start on a working day."""

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from zhibu.branding.models import Case, FourStrongApplication, FourStrongObjection, Stage
from zhibu.branding.tests.helpers import APPLIED, REVIEWED, at, walked

pytestmark = [pytest.mark.django_db, pytest.mark.clock(APPLIED)]

NASTY = ["", " ", "0", "-1", "99999999999999999999", "1.5", "abc", "２０２６-１１-０１", "2026-02-30", "2099-12-31",
         "<script>alert(1)</script>", "\x00", "😀" * 50, "x" * 5000, "[]", "null"]  # fmt: skip
JSON_NASTY: list[object] = [None, True, -1, 0, 10**20, 1.5, "", "x" * 5000, [], {}, "2024-13-01", "北京"]


def _counts():
    return (FourStrongApplication.objects.count(), FourStrongObjection.objects.count(), Case.objects.count())


@pytest.mark.slow  # a walk of every form with garbage: CI runs it (--all); the default run leaves it out
@pytest.mark.any_clock  # its own fixed clock: the same at every boundary
def test_garbage_to_every_form_is_refused_without_a_write(tree, personas):
    application = walked(tree.a1, tree.a)
    url = f"/branding/four-strong/{application.pk}"
    forms = {
        "/branding/four-strong/new/": ("organization", "year", "evidence", "submission_key"),
        f"{url}/review/": ("happened_on", "agrees", "note"),
        f"{url}/publicise/": ("happened_on", "publicity_days"),
        f"{url}/name/": ("happened_on",),
        f"{url}/objections/new/": ("received_on", "raised_by", "content", "submission_key"),
        f"{url}/cases/new/": ("title", "text", "submission_key"),
    }
    client = Client()
    client.force_login(personas["党委管理员A"])
    before = _counts()
    for path, fields in forms.items():
        for value in NASTY:
            response = client.post(path, dict.fromkeys(fields, value))
            assert response.status_code in (200, 400, 403, 404), (path, value, response.status_code)
    assert _counts() == before
    assert FourStrongApplication.objects.get(pk=application.pk).stage == Stage.PUBLICISED


def test_garbage_to_the_api_and_absurd_filters(tree, personas):
    application = walked(tree.a1, tree.a)
    client = APIClient()
    client.force_authenticate(personas["党委管理员A"])
    before = _counts()
    for value in JSON_NASTY:
        body = {"organization": value, "year": value, "evidence": value}
        assert client.post("/api/v1/four-strong/", body, format="json").status_code == 400, value
        for action in ("review", "publicise", "name", "objection"):
            body = {"happened_on": value, "publicity_days": value, "note": value, "agrees": value}
            got = client.post(f"/api/v1/four-strong/{application.pk}/{action}/", body, format="json")
            assert got.status_code == 400, (action, value, got.status_code)
    for path in ("four-strong", "four-strong-objections", "four-strong-cases"):
        got = client.get(f"/api/v1/{path}/", {"year": "99999999999999999999", "organization": "-1", "stage": "x"})
        assert got.status_code in (200, 400), (path, got.status_code)
    page = Client()
    page.force_login(personas["党委管理员A"])
    response = page.get("/branding/four-strong/", {"year": "99999999999999999999"})
    assert response.status_code == 200
    assert _counts() == before


def test_publicity_starts_on_a_working_day(tree, personas):
    application = walked(tree.a1, tree.a, through="review")
    with time_machine.travel(at(REVIEWED).replace(day=9), tick=False):
        client = Client()
        client.force_login(personas["党委管理员A"])
        saturday = "2026-11-07"
        response = client.post(
            f"/branding/four-strong/{application.pk}/publicise/", {"happened_on": saturday, "publicity_days": 5}
        )
        assert "2026年11月7日不是工作日" in response.content.decode()
        response = client.post(
            f"/branding/four-strong/{application.pk}/publicise/", {"happened_on": "2026-11-09", "publicity_days": 31}
        )
        assert "1至30" in response.content.decode() or "30" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.APPROVED


def test_garbage_to_the_brand_forms_the_api_and_the_print_view(tree, personas):
    from zhibu.branding.models import Brand, BrandStatus
    from zhibu.branding.tests.brand_helpers import brand

    made = brand(tree.a1)
    client = Client()
    client.force_login(personas["党委管理员A"])
    forms = {
        "/branding/brands/new/": ("organization", "name", "slogan", "kind", "description", "activities", "cases"),
        f"/branding/brands/{made.pk}/evaluate/": ("happened_on", "recognised", "note"),
    }
    for path, fields in forms.items():
        for value in NASTY:
            response = client.post(path, {**dict.fromkeys(fields, value), "submission_key": "k"})
            assert response.status_code in (200, 400, 403, 404), (path, value, response.status_code)
    for value in NASTY:
        for path in ("/branding/brands/", "/branding/brands/export/", "/branding/four-strong/publicity/"):
            response = client.get(path, {"organization": value, "kind": value, "status": value, "year": value})
            assert response.status_code in (200, 404), (path, value, response.status_code)
    api = APIClient()
    api.force_authenticate(personas["党委管理员A"])
    for value in JSON_NASTY:
        body = {"organization": value, "name": value, "slogan": value, "kind": value, "activities": value}
        assert api.post("/api/v1/brands/", body, format="json").status_code == 400, value
        body = {"happened_on": value, "recognised": value, "note": value}
        assert api.post(f"/api/v1/brands/{made.pk}/evaluate/", body, format="json").status_code == 400, value
    assert Brand.objects.count() == 1 and Brand.objects.get().status == BrandStatus.SUBMITTED


@pytest.mark.slow  # a walk of every form with garbage: CI runs it (--all); the default run leaves it out
def test_garbage_to_the_brand_year_forms_is_refused_without_a_write(tree, personas):
    from django.utils import timezone

    from zhibu.branding.models import BrandProject, BrandReview
    from zhibu.branding.tests.brand_helpers import project, recognised

    with time_machine.travel(timezone.now(), tick=False):
        made = recognised(tree.a1)
        item = project(made, progress="每周轮值示范岗已覆盖全体党员")
        forms = {
            f"/branding/brands/{made.pk}/projects/new/": ("year", "title", "goal"),
            f"/branding/brand-projects/{item.pk}/progress/": ("progress", "results"),
            f"/branding/brands/{made.pk}/reviews/new/": ("year", "happened_on", "recognised", "note"),
        }
        client = Client()
        client.force_login(personas["党委管理员A"])
        for path, fields in forms.items():
            for value in NASTY:
                response = client.post(path, dict.fromkeys(fields, value))
                # a long enough string is a valid progress text: that form may save (302), the others may not
                allowed = (200, 302, 400, 403, 404) if "progress" in path else (200, 400, 403, 404)
                assert response.status_code in allowed, (path, value, response.status_code)
        assert BrandProject.objects.count() == 1 and not BrandReview.objects.exists()
        for path in ("/branding/brand-projects/", "/branding/brand-reviews/", "/branding/brand-reviews/export/"):
            assert client.get(path, {"year": "99999999999999999999", "recognised": "x"}).status_code == 200
