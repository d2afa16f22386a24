"""The year plan over the API: GET previews, POST plans in one step, once per Idempotency-Key; another branch's
organisation is a 404, a reader's a 403, a bad year a 400 in Chinese; the schema describes all of it."""

import pytest
from rest_framework.test import APIClient

from zhibu.activities.models import Activity
from zhibu.core.audit_catalogue import Event
from zhibu.core.models import AuditEvent
from zhibu.testing import seat_committee

pytestmark = pytest.mark.clock("2026-01-05T10:00")
URL = "/api/v1/activities/year-plan/"


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_preview_writes_nothing_and_names_each_slot(tree, personas):
    seat_committee(tree.a1)
    answer = api_as(personas["支部书记A1"]).get(URL, {"organization": tree.a1.pk, "year": 2026})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["organization"] == tree.a1.pk and body["year"] == 2026
    titles = {slot["title"] for slot in body["slots"]}
    assert {"1月支部委员会", "第1季度支部党员大会", "2026年度组织生活会"} <= titles
    january = next(slot for slot in body["slots"] if slot["title"] == "1月支部委员会")
    assert january["kind"] == "branch_committee" and january["period"] == "2026-01" and january["to_plan"]
    assert body["to_plan"] == sum(slot["to_plan"] for slot in body["slots"]) > 0
    assert not Activity.objects.filter(organization=tree.a1).exists()


def test_a_double_submit_with_one_key_plans_the_year_once(tree, personas):
    seat_committee(tree.a1)
    client = api_as(personas["支部书记A1"])
    to_plan = client.get(URL, {"organization": tree.a1.pk, "year": 2026}).json()["to_plan"]
    headers = {"Idempotency-Key": "year-plan-a1-2026"}
    first = client.post(URL, {"organization": tree.a1.pk, "year": 2026}, format="json", headers=headers)
    assert first.status_code == 201, first.json()
    assert len(first.json()["planned"]) == to_plan and first.json()["to_plan"] == 0
    again = client.post(URL, {"organization": tree.a1.pk, "year": 2026}, format="json", headers=headers)
    assert again.status_code == 200 and again.json()["planned"] == []
    assert Activity.objects.filter(organization=tree.a1, planned_at__year=2026).count() == to_plan
    assert AuditEvent.objects.filter(event=Event.ACTIVITY_YEAR_PLANNED).count() == 1
    # Without a key, the plan itself plans each meeting once.
    unkeyed = client.post(URL, {"organization": tree.a1.pk, "year": 2026}, format="json")
    assert unkeyed.status_code == 200 and unkeyed.json()["planned"] == []
    # The same key for another year is another submission's key: refused, not silently answered.
    reused = client.post(URL, {"organization": tree.a1.pk, "year": 2027}, format="json", headers=headers)
    assert reused.status_code == 400 and "Idempotency-Key" in reused.json()
    assert not Activity.objects.filter(organization=tree.a1, planned_at__year=2027).exists()


def test_another_branch_is_not_found_and_a_reader_is_refused(tree, personas):
    client = api_as(personas["支部书记A1"])
    for method in ("get", "post"):
        answer = getattr(client, method)(URL, {"organization": tree.b1.pk, "year": 2026})
        assert answer.status_code == 404, (method, answer.json())
        assert "权限范围" in answer.json()["detail"]
    assert not Activity.objects.filter(organization=tree.b1).exists()
    reader = api_as(personas["纪检A"]).post(URL, {"organization": tree.a1.pk, "year": 2026}, format="json")
    assert reader.status_code == 403 and not Activity.objects.exists()


@pytest.mark.parametrize(
    ("year", "message"),
    [(2030, "只能安排2025年至2027年的年度计划"), ("二〇二六", "年度应为四位数字"), ("", "年度应为四位数字")],
)
def test_a_bad_year_is_a_400_in_chinese(tree, personas, year, message):
    client = api_as(personas["支部书记A1"])
    for method in ("get", "post"):
        answer = getattr(client, method)(URL, {"organization": tree.a1.pk, "year": year})
        assert answer.status_code == 400, (method, answer.json())
        assert message in answer.json()["year"][0]
    assert not Activity.objects.exists()
    missing = client.get(URL, {"year": 2026})
    assert missing.status_code == 400 and "请填写党组织编号" in missing.json()["organization"][0]


def test_the_schema_describes_preview_create_and_refusals(personas):
    schema = api_as(personas["工委管理员"]).get("/api/v1/schema/", {"format": "json"}).json()
    operations = schema["paths"][URL]
    preview, create = operations["get"], operations["post"]
    assert {parameter["name"] for parameter in preview["parameters"]} >= {"organization", "year"}
    assert {"200", "400", "403", "404"} <= set(preview["responses"])
    assert {"200", "201", "400", "403", "404"} <= set(create["responses"])
    assert any(parameter["name"] == "Idempotency-Key" for parameter in create["parameters"])
    planned = schema["components"]["schemas"]["YearPlanned"]["properties"]
    assert {"slots", "planned", "to_plan"} <= set(planned)
    slot = schema["components"]["schemas"]["YearPlanSlot"]["properties"]
    assert {"kind", "period", "planned_at", "title", "to_plan", "existing"} <= set(slot)
