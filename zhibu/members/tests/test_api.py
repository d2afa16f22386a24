import pytest
from rest_framework.test import APIClient

from zhibu.members.models import Member
from zhibu.testing import api_token, make_member, member_fields


@pytest.fixture
def api_as():
    def make(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
        return client

    return make


def payload(branch, **overrides):
    data = member_fields(**overrides)
    data["organization"] = branch.pk
    return {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in data.items()}


def test_token_is_scoped_like_its_user(tree, personas, api_as):
    make_member(tree.a1, name="甲")
    make_member(tree.b1, name="乙")
    names = {row["name"] for row in api_as(personas["支部书记A1"]).get("/api/v1/members/").json()["results"]}
    assert "甲" in names and "乙" not in names
    other = Member.objects.get(name="乙")
    assert api_as(personas["支部书记A1"]).get(f"/api/v1/members/{other.pk}/").status_code == 404


def test_create_through_api_and_read_masked(tree, personas, api_as):
    client = api_as(personas["支部书记A1"])
    response = client.post("/api/v1/members/", payload(tree.a1, name="接口党员"), format="json")
    assert response.status_code == 201, response.json()
    body = client.get(f"/api/v1/members/{response.json()['id']}/").json()
    member = Member.objects.get(name="接口党员")
    assert (
        "id_number" not in body and body["id_number_masked"] == member.id_number[:4] + "*" * 13 + member.id_number[-1:]
    )
    assert body["mobile_masked"] == "138****5678"


def test_api_validation_is_the_same_as_the_pages(tree, personas, api_as):
    client = api_as(personas["支部书记A1"])
    response = client.post("/api/v1/members/", payload(tree.a1, id_number="220102198506150011"), format="json")
    assert response.status_code == 400 and "校验位错误" in response.json()["id_number"][0]
    response = client.post("/api/v1/members/", payload(tree.b1), format="json")
    assert response.status_code == 400 and "不在您的权限范围内" in response.json()["organization"][0]
    response = client.post("/api/v1/members/", {"name": 1, "birth_date": "yesterday"}, format="json")
    assert response.status_code == 400 and "birth_date" in response.json()


def test_update_through_api_with_version(tree, personas, api_as):
    member = make_member(tree.a1)
    client = api_as(personas["支部书记A1"])
    ok = client.patch(f"/api/v1/members/{member.pk}/", {"employer": "新单位", "version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(f"/api/v1/members/{member.pk}/", {"employer": "又一单位", "version": 1}, format="json")
    assert stale.status_code == 400 and "已被他人修改" in str(stale.json())
    moved = client.patch(f"/api/v1/members/{member.pk}/", {"organization": tree.a2.pk}, format="json")
    assert Member.objects.get(pk=member.pk).organization == tree.a1 and moved.status_code == 200


def test_discipline_role_reads_but_cannot_write(tree, personas, api_as):
    member = make_member(tree.a1)
    client = api_as(personas["纪检A"])
    assert client.get(f"/api/v1/members/{member.pk}/").status_code == 200
    assert client.patch(f"/api/v1/members/{member.pk}/", {"employer": "x"}, format="json").status_code == 403
    # A read-only role only ever gets a read-only token, which is refused any write before the view runs.
    assert client.post("/api/v1/members/", payload(tree.a1), format="json").status_code == 403


def test_no_delete_route(tree, personas, api_as):
    member = make_member(tree.a1)
    assert api_as(personas["工委管理员"]).delete(f"/api/v1/members/{member.pk}/").status_code == 405


def test_transfer_through_api(tree, personas, api_as):
    member = make_member(tree.a1)
    created = api_as(personas["支部书记A1"]).post(
        "/api/v1/transfers/",
        {"member": member.pk, "kind": "internal", "to_organization": tree.b1.pk, "issued_on": "2025-01-02"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    received = api_as(personas["支部书记B1"]).patch(
        f"/api/v1/transfers/{created.json()['id']}/", {"received_on": "2025-01-05"}, format="json"
    )
    assert received.status_code == 200 and received.json()["status"] == "completed"
    assert Member.objects.get(pk=member.pk).organization == tree.b1


def test_schema_and_docs_are_served_locally(personas, client_as):
    client = client_as(personas["工委管理员"])
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200 and b"/api/v1/members/" in schema.content
    docs = client.get("/api/v1/docs/").content.decode()
    assert "http://" not in docs.replace("http://testserver", "") and "https://" not in docs
