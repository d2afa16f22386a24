import datetime

from rest_framework.test import APIClient

from zhibu.testing import make_member
from zhibu.training.tests.helpers import external


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_hours_by_api_match_the_records_and_stay_in_scope(tree, personas):
    member = make_member(tree.a1, name="接口学员", joined_on=datetime.date(2010, 1, 1))
    stranger = make_member(tree.b1, name="外支部学员")
    external(member, tree.a1, "12.5", concentrated=True)
    external(stranger, tree.b1, "8")
    client = api(personas["支部书记A1"])
    rows = client.get(f"/api/v1/training-hours/?organization={tree.a1.pk}&year=2026").json()["results"]
    mine = next(row for row in rows if row["name"] == "接口学员")
    assert float(mine["total"]) == 12.5 and mine["concentrated"] == 1
    assert all(row["name"] != "外支部学员" for row in rows)
    assert client.get(f"/api/v1/training-hours/{stranger.pk}/").status_code == 404
    refused = client.get("/api/v1/training-hours/?year=1999")
    assert refused.status_code == 400
    trainings = client.get("/api/v1/external-trainings/").json()["results"]
    assert [row["member_name"] for row in trainings] == ["接口学员"]


def test_create_a_class_by_api(tree, personas):
    client = api(personas["支部书记A1"])
    body = {
        "organization": tree.a1.pk,
        "name": "接口培训班",
        "category": "secretary",
        "concentrated": True,
        "starts_on": "2026-09-01",
        "ends_on": "2026-08-01",
    }
    refused = client.post("/api/v1/training-classes/", body, format="json")
    assert refused.status_code == 400 and "结业日期不能早于开班日期" in refused.content.decode()
    made = client.post("/api/v1/training-classes/", {**body, "ends_on": "2026-09-05"}, format="json")
    assert made.status_code == 201
    other = client.post(
        "/api/v1/training-classes/",
        {**body, "organization": tree.b1.pk, "ends_on": "2026-09-05"},
        format="json",
    )
    assert other.status_code == 400
