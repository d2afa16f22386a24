"""A create whose record already exists answers 409 with the existing record's link, never a silent replace."""

import datetime

import pytest
from rest_framework.test import APIClient

from zhibu.committees.models import PositionKind
from zhibu.members.models import Member
from zhibu.testing import make_member, member_fields

TODAY = datetime.date(2026, 11, 16)
pytestmark = pytest.mark.clock("2026-11-16T10:00")  # the records below carry dates of 2026 up to November


@pytest.fixture
def api(personas):
    client = APIClient()
    client.force_authenticate(personas["支部书记A1"])
    return client


def twice(api, url, body):
    """POST the same body twice: the first creates (201), the second is refused with the first one's link."""
    first = api.post(url, body, format="json")
    assert first.status_code == 201, first.json()
    second = api.post(url, body, format="json")
    assert second.status_code == 409, second.json()
    answer = second.json()
    assert answer["existing_id"] == first.json()["id"]
    assert answer["existing"] == f"http://testserver{url}{first.json()['id']}/"
    assert any("\u4e00" <= char <= "\u9fff" for char in answer["detail"])
    assert api.get(answer["existing"]).status_code == 200
    return first.json(), answer


def test_a_second_dues_assessment_is_refused_and_the_first_kept(api, tree):
    member = make_member(tree.a1)
    body = {"member": member.pk, "year": TODAY.year, "category": "salaried", "base": "5400"}
    first, answer = twice(api, "/api/v1/dues-assessments/", body)
    assert "已核定" in answer["detail"]
    changed = api.post("/api/v1/dues-assessments/", {**body, "base": "9000"}, format="json")
    assert changed.status_code == 409
    assert api.get(answer["existing"]).json()["base"] == "5400.00"  # not replaced
    patched = api.patch(answer["existing"], {"base": "9000"}, format="json")
    assert patched.status_code == 200 and patched.json()["id"] == first["id"] and patched.json()["base"] == "9000.00"


def test_a_second_payment_for_the_month_under_another_key_is_refused(api, tree):
    member = make_member(tree.a1)
    api.post(
        "/api/v1/dues-assessments/",
        {"member": member.pk, "year": TODAY.year, "category": "salaried", "base": "5400"},
        format="json",
    )
    body = {"member": member.pk, "month": "2026-11", "method": "transfer", "idempotency_key": "first-key-0001"}
    first = api.post("/api/v1/dues-payments/", body, format="json")
    assert first.status_code == 201
    assert api.post("/api/v1/dues-payments/", body, format="json").status_code == 200  # a retry stays a retry
    other = api.post("/api/v1/dues-payments/", {**body, "idempotency_key": "other-key-0002"}, format="json")
    assert other.status_code == 409 and other.json()["existing_id"] == first.json()["id"]
    assert other.json()["existing"].endswith(f"/api/v1/dues-payments/{first.json()['id']}/")


def test_terms_positions_talks_appraisals_units_and_organizations(api, tree):
    term = {"organization": tree.a1.pk, "number": 1, "elected_on": "2025-01-06", "started_on": "2025-01-06"}
    created, _ = twice(api, "/api/v1/terms/", term)
    holder, other = make_member(tree.a1), make_member(tree.a1)
    kind = PositionKind.objects.get(code="secretary")
    position = {"term": created["id"], "kind": kind.pk, "holder": holder.pk, "started_on": "2025-01-06"}
    seated, answer = twice(api, "/api/v1/positions/", position)
    assert "已有人在任" in answer["detail"]
    rival = api.post("/api/v1/positions/", {**position, "holder": other.pk}, format="json")
    assert rival.status_code == 409 and rival.json()["existing_id"] == seated["id"]
    talk = {
        "organization": tree.a1.pk,
        "talked_on": "2026-03-01",
        "first": holder.pk,
        "second": other.pk,
        "topic": "谈心",
    }
    twice(api, "/api/v1/talks/", talk)
    swapped = api.post("/api/v1/talks/", {**talk, "first": other.pk, "second": holder.pk}, format="json")
    assert swapped.status_code == 409 and "2026年3月1日" in swapped.json()["detail"]
    grade = {"organization": tree.a1.pk, "year": 2025, "member": holder.pk, "grade": "excellent"}
    graded, answer = twice(api, "/api/v1/appraisals/", grade)
    regraded = api.patch(answer["existing"], {"grade": "qualified"}, format="json")
    assert regraded.status_code == 200 and regraded.json()["grade"] == "qualified"
    twice(api, "/api/v1/units/", {"name": "测试单位", "code": "U-0001", "staff_headcount": 10, "owner": tree.a1.pk})
    group = {"name": "第九党小组", "short_name": "九组", "kind": "group", "code": "G-0009", "parent": tree.a1.pk}
    twice(api, "/api/v1/organizations/", {**group, "founded_on": "2020-01-01"})


def test_members_by_id_number_and_a_second_pending_transfer(api, tree, personas):
    fields = member_fields()
    body = {key: str(value) if isinstance(value, datetime.date) else value for key, value in fields.items()}
    body["organization"] = tree.a1.pk
    body = {key: value for key, value in body.items() if value is not None}
    first, answer = twice(api, "/api/v1/members/", body)
    assert "不能重复登记" in answer["detail"]
    elsewhere = make_member(tree.b1)
    hidden = api.post("/api/v1/members/", {**body, "id_number": elsewhere.id_number}, format="json")
    # Another branch's member: the conflict is told, but neither its id nor its link is given.
    assert hidden.status_code == 409 and hidden.json()["existing"] is None and hidden.json()["existing_id"] is None
    assert Member.objects.filter(organization=tree.a1, name=body["name"]).count() == 1
    transfer = {"member": first["id"], "kind": "internal", "to_organization": tree.a2.pk, "issued_on": "2026-11-01"}
    twice(api, "/api/v1/transfers/", transfer)


def test_the_schema_documents_409_on_every_refusing_create(api):
    paths = api.get("/api/v1/schema/?format=json").json()["paths"]
    refusing = (
        "dues-assessments",
        "dues-payments",
        "terms",
        "positions",
        "talks",
        "appraisals",
        "units",
        "organizations",
        "members",
        "transfers",
    )
    for name in refusing:
        responses = paths[f"/api/v1/{name}/"]["post"]["responses"]
        assert responses["409"]["content"]["application/json"]["schema"]["$ref"].endswith("/Conflict"), name
    assert "409" not in paths["/api/v1/activities/"]["post"]["responses"]
