"""党建品牌 (一支部一品牌) through the pages and the API: a branch registers its brand with its own held meetings as
support, the 机关党委 above recognises it or not; one brand per organisation; scoping, export and bad input."""

import io
import uuid

import openpyxl
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.branding.models import Brand, BrandStatus
from zhibu.branding.services import brand_evaluator
from zhibu.branding.tests.brand_helpers import DESCRIPTION, brand, held_meeting
from zhibu.testing import api_token


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def _form(organization, **extra):
    return {
        "organization": organization.pk,
        "name": "红色窗口",
        "slogan": "党员亮身份，服务零距离",
        "kind": "engine",
        "description": DESCRIPTION,
        "submission_key": uuid.uuid4().hex,
        **extra,
    }


def test_a_branch_registers_its_brand_and_the_committee_recognises_it(tree, personas):
    meeting = held_meeting(tree.a1)
    secretary = _client(personas["支部书记A1"])
    assert "登记党建品牌" in secretary.get("/branding/brands/new/").content.decode()
    answer = secretary.post("/branding/brands/new/", _form(tree.a1, activities=[meeting.pk]))
    assert answer.status_code == 302, answer.content.decode()
    made = Brand.objects.get()
    assert made.evaluator == tree.a and made.status == BrandStatus.SUBMITTED
    assert list(made.activities.all()) == [meeting]
    again = secretary.post("/branding/brands/new/", _form(tree.a1, name="另一个品牌"))
    assert "一支部一品牌" in again.content.decode() and Brand.objects.count() == 1
    page = secretary.get(made.get_absolute_url()).content.decode()
    assert "红色窗口" in page and meeting.title in page and "评价结果" in page and 'id="evaluate"' not in page
    # The branch may not evaluate its own brand; the 机关党委 does.
    today = timezone.localdate().isoformat()
    refused = secretary.post(
        f"/branding/brands/{made.pk}/evaluate/", {"happened_on": today, "recognised": "yes", "note": "好"}
    )
    assert refused.status_code in (403, 404) or "由党委A评价" in refused.content.decode()
    assert Brand.objects.get().status == BrandStatus.SUBMITTED
    officer = _client(personas["党委管理员A"])
    assert 'id="evaluate"' in officer.get(made.get_absolute_url()).content.decode()
    done = officer.post(
        f"/branding/brands/{made.pk}/evaluate/",
        {"happened_on": today, "recognised": "yes", "note": "特色鲜明，成效明显"},
    )
    assert done.status_code == 302
    assert Brand.objects.get().status == BrandStatus.RECOGNISED
    export = officer.get("/branding/brands/export/")
    cells = [
        str(c)
        for row in openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for c in row
    ]
    assert "红色窗口" in cells and "已认定" in cells


def test_a_brand_not_recognised_leaves_room_for_another(tree, personas):
    first = brand(tree.a2)
    from zhibu.branding import services

    services.evaluate_brand(
        actor=personas["党委管理员A"],
        brand=first,
        happened_on=timezone.localdate(),
        recognised=False,
        note="特色不够鲜明",
    )
    second = brand(tree.a2, name="先锋引擎")
    assert second.status == BrandStatus.SUBMITTED and Brand.objects.count() == 2


def test_the_evaluator_is_the_committee_above(tree):
    assert brand_evaluator(tree.a3a) == tree.a  # past the 党总支
    assert brand_evaluator(tree.a) == tree.gongwei


def test_scoping_and_records_of_others_refused(tree, personas):
    made = brand(tree.a1)
    assert _client(personas["支部书记B1"]).get(made.get_absolute_url()).status_code == 404
    listed = _client(personas["支部书记B1"]).get("/branding/brands/").content.decode()
    assert "红色窗口" not in listed
    elsewhere = held_meeting(tree.b1)
    secretary = _client(personas["支部书记A1"])
    answer = secretary.post("/branding/brands/new/", _form(tree.a2, activities=[elsewhere.pk]))
    assert answer.status_code == 200 and Brand.objects.count() == 1
    from django.core.exceptions import ValidationError

    from zhibu.testing import SETUP

    try:
        brand(tree.a2, actor=SETUP, activities=[elsewhere])
    except ValidationError as refusal:
        assert "不是支部A2已召开的组织生活或活动" in str(refusal)
    else:
        raise AssertionError("a meeting of another branch was accepted")


def test_the_api_registers_and_evaluates(tree, personas):
    meeting = held_meeting(tree.a1)
    made = _api(personas["支部书记A1"]).post(
        "/api/v1/brands/",
        {
            "organization": tree.a1.pk,
            "name": "红色窗口",
            "slogan": "党员亮身份",
            "kind": "engine",
            "description": DESCRIPTION,
            "activities": [meeting.pk],
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    assert made.json()["activities"] == [meeting.pk] and made.json()["evaluator"] == tree.a.pk
    again = _api(personas["支部书记A1"]).post(
        "/api/v1/brands/",
        {
            "organization": tree.a1.pk,
            "name": "又一个",
            "slogan": "口号口号",
            "kind": "engine",
            "description": DESCRIPTION,
        },
        format="json",
    )
    assert again.status_code == 400 and "一支部一品牌" in str(again.json())
    today = timezone.localdate().isoformat()
    body = {"happened_on": today, "recognised": True, "note": "特色鲜明"}
    assert _api(personas["支部书记A1"]).post(f"/api/v1/brands/{pk}/evaluate/", body, format="json").status_code == 403
    assert _api(personas["支部书记B1"]).post(f"/api/v1/brands/{pk}/evaluate/", body, format="json").status_code == 404
    done = _api(personas["党委管理员A"]).post(f"/api/v1/brands/{pk}/evaluate/", body, format="json")
    assert done.status_code == 200 and done.json()["status"] == "recognised"
    listed = _api(personas["党委管理员A"]).get("/api/v1/brands/?status=recognised").json()
    assert [row["id"] for row in listed["results"]] == [pk]


def test_bad_input(tree, personas):
    made = brand(tree.a1)
    officer = _client(personas["党委管理员A"])
    for query in ("status=x", "kind=x", "organization=99999999999999999999", "organization=abc"):
        page = officer.get(f"/branding/brands/?{query}")
        assert page.status_code in (200, 404) and "红色窗口" not in page.content.decode(), query
        assert officer.get(f"/branding/brands/export/?{query}").status_code in (200, 404), query
        assert _api(personas["党委管理员A"]).get(f"/api/v1/brands/?{query}").status_code in (400, 404), query
    for extra in (
        {"organization": "99999999999999999999"},
        {"activities": ["99999999999999999999"]},
        {"kind": "x"},
        {"name": ""},
    ):
        answer = officer.post("/branding/brands/new/", {**_form(tree.a2), **extra})
        assert answer.status_code == 200, extra
    for body in (
        {"happened_on": "2999-01-01", "recognised": "yes", "note": "好的"},
        {"happened_on": "x", "recognised": "yes", "note": "好的"},
        {"happened_on": timezone.localdate().isoformat(), "recognised": "no", "note": ""},
    ):
        answer = officer.post(f"/branding/brands/{made.pk}/evaluate/", body)
        assert answer.status_code in (200, 302), body
    assert Brand.objects.get().status == BrandStatus.SUBMITTED and Brand.objects.count() == 1
    api = _api(personas["支部书记A1"])
    huge = {
        "organization": tree.a2.pk,
        "name": "x" * 60,
        "slogan": "s",
        "kind": "q",
        "description": "",
        "activities": [10**20],
    }
    assert api.post("/api/v1/brands/", huge, format="json").status_code == 400
