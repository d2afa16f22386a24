"""The API: plans, tasks and progress read as the pages scope them; the owner's progress report and closure request,
once per Idempotency-Key, refused in Chinese."""

import pytest
from rest_framework.test import APIClient

from zhibu.worklog import services
from zhibu.worklog.models import Closure, Progress, Status
from zhibu.worklog.tests.ledger import CLOCK, D, accepted_task, pdf

pytestmark = pytest.mark.clock(CLOCK)


def api(user, key=None):
    client = APIClient()
    client.force_authenticate(user)
    if key:
        client.credentials(HTTP_IDEMPOTENCY_KEY=key)
    return client


def test_plans_and_tasks_are_read_in_scope(tree, personas):
    plan, task = accepted_task(tree.a, tree.a1)
    own = api(personas["支部书记A1"])
    read = own.get(f"/api/v1/worklog-plans/{plan.pk}/").json()
    assert read["year"] == 2026 and read["sections"][0]["points"][0]["number"] == 1
    listed = own.get("/api/v1/worklog-tasks/?status=in_progress").json()
    assert [row["id"] for row in listed["results"]] == [task.pk] and listed["results"][0]["plan"] == plan.pk
    stranger = api(personas["支部书记B1"])
    assert stranger.get(f"/api/v1/worklog-plans/{plan.pk}/").status_code == 404
    assert stranger.get(f"/api/v1/worklog-tasks/{task.pk}/").status_code == 404
    assert stranger.get("/api/v1/worklog-tasks/").json()["count"] == 0
    assert own.get("/api/v1/worklog-tasks/?status=nonsense").status_code == 400


def test_a_progress_report_runs_once_per_key(tree, personas):
    plan, task = accepted_task(tree.a, tree.a1)
    client = api(personas["支部书记A1"], key="report-2026-04-a1")
    body = {"month": "2026-04-15", "percent": 30, "narrative": "制定学习计划"}
    first = client.post(f"/api/v1/worklog-tasks/{task.pk}/progress/", body, format="json")
    again = client.post(f"/api/v1/worklog-tasks/{task.pk}/progress/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and first.json()["month"] == "2026-04-01"
    assert Progress.objects.count() == 1
    fresh = api(personas["支部书记A1"], key="report-2026-04-again")
    duplicate = fresh.post(f"/api/v1/worklog-tasks/{task.pk}/progress/", body, format="json")
    assert duplicate.status_code == 409 and "2026年4月的进度已报送" in duplicate.json()["detail"]
    future = api(personas["支部书记A1"]).post(
        f"/api/v1/worklog-tasks/{task.pk}/progress/", {**body, "month": "2026-06-01"}, format="json"
    )
    assert future.status_code == 400 and "不能报送将来月份" in future.json()["month"][0]
    over = api(personas["支部书记A1"]).post(
        f"/api/v1/worklog-tasks/{task.pk}/progress/", {**body, "percent": 120}, format="json"
    )
    assert over.status_code == 400 and "percent" in over.json()


def test_writes_are_the_owners_and_in_scope(tree, personas):
    plan, task = accepted_task(tree.a, tree.a1)
    body = {"month": "2026-04-01", "percent": 30, "narrative": "越权"}
    assert api(personas["支部书记B1"]).post(f"/api/v1/worklog-tasks/{task.pk}/progress/", body).status_code == 404
    assert api(personas["纪检A"]).post(f"/api/v1/worklog-tasks/{task.pk}/progress/", body).status_code == 403
    assert api(personas["党委管理员A"]).post("/api/v1/worklog-tasks/", {}).status_code == 405
    assert not Progress.objects.exists()


def test_a_closure_request_names_evidence_already_uploaded(tree, personas):
    plan, task = accepted_task(tree.a, tree.a1)
    secretary = personas["支部书记A1"]
    report = services.report_progress(
        actor=secretary, task=task, month=D(2026, 4, 1), percent=100, narrative="完成", uploads=[pdf()]
    )
    evidence = report.evidence.get()
    url = f"/api/v1/worklog-tasks/{task.pk}/closure/"
    empty = api(secretary).post(url, {"summary": "已完成", "evidence": []}, format="json")
    assert empty.status_code == 400 and "申请销号须附佐证材料" in empty.json()["evidence"][0]
    foreign = api(secretary).post(url, {"summary": "已完成", "evidence": [evidence.pk + 999]}, format="json")
    assert foreign.status_code == 400 and "不是本任务月度进展中上传的材料" in foreign.json()["evidence"][0]
    client = api(secretary, key="closure-a1-task")
    first = client.post(url, {"summary": "已完成", "evidence": [evidence.pk]}, format="json")
    again = client.post(url, {"summary": "已完成", "evidence": [evidence.pk]}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["evidence"] == [evidence.pk] and first.json()["decision"] == "pending"
    assert Closure.objects.count() == 1 and task.__class__.objects.get().status == Status.REQUESTED
