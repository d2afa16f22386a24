"""The officials' API: complaints of their organisations with the contact masked and the citizen's secrets left out;
steps recorded through the same service, in order, once per Idempotency-Key."""

import pytest
from rest_framework.test import APIClient

from zhibu.complaints.models import ComplaintStep
from zhibu.complaints.tests.helpers import CLOCK, complaint, intake_point, kind

pytestmark = pytest.mark.clock(CLOCK)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_complaints_are_listed_in_scope_with_the_contact_masked(tree, personas):
    ours = complaint(intake_point(tree.a1), contact="13912345678")
    theirs = complaint(intake_point(tree.b1, unit_name="市医保局"))
    listed = api(personas["支部书记A1"]).get("/api/v1/complaints/")
    assert listed.status_code == 200
    [row] = listed.json()["results"]
    assert row["id"] == ours.pk and row["contact_masked"] == "139****5678" and row["anonymous"] is False
    assert row["kind_name"] == "办事拖延" and row["due_on"] == "2026-11-21" and row["overdue"] is False
    body = listed.content.decode()
    assert "13912345678" not in body and ours.tracking_code not in body and ours.submission_key not in body
    assert api(personas["支部书记A1"]).get(f"/api/v1/complaints/{theirs.pk}/").status_code == 404
    assert api(personas["支部书记B1"]).get("/api/v1/complaints/").json()["count"] == 1
    refused = api(personas["支部书记A1"]).get("/api/v1/complaints/", {"status": "lost"})
    assert refused.status_code == 400


def test_steps_are_recorded_in_order_once_per_key(tree, personas):
    made = complaint(intake_point(tree.a1))
    client = api(personas["支部书记A1"])
    body = {"complaint": made.pk, "kind": "answer", "happened_on": "2026-11-16", "official": "王科长", "note": "答复"}
    out_of_order = client.post("/api/v1/complaint-steps/", body, format="json")
    assert out_of_order.status_code == 400 and "下一步应为“受理”" in out_of_order.content.decode()
    accept = {**body, "kind": "accept", "note": ""}
    first = client.post("/api/v1/complaint-steps/", accept, format="json", headers={"Idempotency-Key": "step-once-1"})
    again = client.post("/api/v1/complaint-steps/", accept, format="json", headers={"Idempotency-Key": "step-once-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert ComplaintStep.objects.filter(complaint=made).count() == 1
    made.refresh_from_db()
    assert made.status == "accepted"
    listed = client.get("/api/v1/complaint-steps/").json()["results"]
    assert [(s["kind"], s["official"]) for s in listed] == [("accept", "王科长")]


def test_steps_on_another_organisations_complaint_are_refused(tree, personas):
    theirs = complaint(intake_point(tree.b1, unit_name="市医保局"))
    body = {"complaint": theirs.pk, "kind": "accept", "happened_on": "2026-11-16", "official": "王科长"}
    answer = api(personas["支部书记A1"]).post("/api/v1/complaint-steps/", body, format="json")
    assert answer.status_code == 400 and "不存在或不在您的权限范围内" in answer.content.decode()
    reader = api(personas["纪检A"]).post(
        "/api/v1/complaint-steps/", {**body, "complaint": complaint(intake_point(tree.a1)).pk}, format="json"
    )
    assert reader.status_code in (400, 403)
    assert ComplaintStep.objects.count() == 0


def test_the_public_side_has_no_api(tree):
    anonymous = APIClient()
    assert anonymous.get("/api/v1/complaints/").status_code in (401, 403)
    assert anonymous.post("/api/v1/complaint-steps/", {}, format="json").status_code in (401, 403)


def test_intake_points_and_kinds_are_read_in_scope(tree, personas):
    kind("办事拖延", 5)
    ours, theirs = intake_point(tree.a1), intake_point(tree.b1, unit_name="市医保局")
    client = api(personas["支部书记A1"])
    [row] = client.get("/api/v1/complaint-intake-points/").json()["results"]
    assert row["id"] == ours.pk and row["public_path"] == f"/complaints/public/{ours.token}/"
    assert client.get(f"/api/v1/complaint-intake-points/{theirs.pk}/").status_code == 404
    kinds = client.get("/api/v1/complaint-kinds/").json()["results"]
    assert {"name": "办事拖延", "deadline_days": 5}.items() <= next(k for k in kinds if k["name"] == "办事拖延").items()


def test_refusals_are_listed_in_scope_with_their_escalation(tree, personas):
    import datetime

    from zhibu.complaints import services
    from zhibu.testing import SETUP

    ours = complaint(intake_point(tree.a1))
    theirs = complaint(intake_point(tree.b1, unit_name="市医保局"))
    for made in (ours, theirs):
        refusal = services.record_refusal(
            actor=SETUP, complaint=made, decided_on=datetime.date(2026, 11, 16), official="王", reason="超出职权范围"
        )
    services.review_refusal(
        actor=SETUP, refusal=refusal, reviewed_on=datetime.date(2026, 11, 16), reviewer="李", decision="report"
    )
    [row] = api(personas["党委管理员A"]).get("/api/v1/complaint-refusals/").json()["results"]
    assert row["complaint"] == ours.pk and row["report_by"] == "2026-11-23" and row["escalated_on"] is None
    assert row["next_level"] == tree.a.pk
    [theirs_row] = api(personas["支部书记B1"]).get("/api/v1/complaint-refusals/").json()["results"]
    assert theirs_row["escalated_on"] == "2026-11-16" and theirs_row["review_decision"] == "report"
    assert api(personas["支部书记A1"]).get(f"/api/v1/complaint-refusals/{refusal.pk}/").status_code == 404
    schema = api(personas["工委管理员"]).get("/api/v1/schema/").content.decode()
    assert "/api/v1/complaint-refusals/" in schema
