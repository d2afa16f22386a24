"""The jobs page, its export, one run's page, the API and /health/: the 系统管理员 sees them, nobody else does, and
the unauthenticated health answer says only ok or fail."""

import io

import openpyxl
import pytest
from rest_framework.test import APIClient

from zhibu.ops import health
from zhibu.ops.models import JobRun
from zhibu.ops.tests.helpers import BAD, GOOD, a_run, sysadmin, use_jobs


@pytest.fixture
def jobs(monkeypatch):
    use_jobs(monkeypatch, GOOD, BAD)


def test_the_system_admin_sees_the_schedule_the_runs_and_a_failure(tree, client_as, jobs):
    a_run("good")
    failed = a_run("bad", outcome=JobRun.Outcome.FAILURE)
    failed.output_tail = "CommandError: 出错了"
    failed.save()
    client = client_as(sysadmin(tree))
    page = client.get("/ops/jobs/").content.decode()
    assert "成功的任务" in page and "失败的任务" in page and "每10分钟" in page and "失败" in page
    run_page = client.get(f"/ops/jobs/{failed.pk}/").content.decode()
    assert "CommandError: 出错了" in run_page
    export = client.get("/ops/jobs/export/?outcome=failure")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "bad" in values and "good" not in values
    assert client.get("/ops/jobs/?outcome=nonsense").status_code in (200, 400)


def test_everyone_else_is_refused(tree, personas, client_as, jobs):
    run = a_run("good")
    for persona in personas.values():
        client = client_as(persona)
        assert client.get("/ops/jobs/").status_code == 403
        assert client.get("/ops/jobs/export/").status_code == 403
        assert client.get(f"/ops/jobs/{run.pk}/").status_code == 404
    assert client_as(personas["工委管理员"]).get("/").content.decode().count("/ops/jobs/") == 0


def test_the_api_lists_runs_to_the_system_admin_only(tree, personas, jobs):
    run = a_run("good")
    api = APIClient()
    api.force_authenticate(sysadmin(tree))
    assert [row["id"] for row in api.get("/api/v1/job-runs/").json()["results"]] == [run.pk]
    assert api.get("/api/v1/job-runs/?outcome=bogus").status_code == 400
    other = APIClient()
    other.force_authenticate(personas["工委管理员"])
    assert other.get("/api/v1/job-runs/").json()["results"] == []
    assert other.get(f"/api/v1/job-runs/{run.pk}/").status_code == 404


def test_health_answers_only_ok_or_fail_to_a_monitor(tree, client, jobs):
    a_run("good")
    a_run("bad")
    answer = client.get("/health/")
    assert (answer.status_code, answer.content) == (200, b"ok")
    a_run("bad", outcome=JobRun.Outcome.FAILURE, minutes_ago=0)
    answer = client.get("/health/")
    assert (answer.status_code, answer.content) == (503, b"fail")


def test_health_names_the_failed_check_to_the_system_admin(tree, client_as, jobs, monkeypatch):
    a_run("good")
    a_run("bad")
    monkeypatch.setattr(
        health, "CHECKS", (*health.CHECKS[:1], ("keys", "字段加密密钥", lambda: False), health.CHECKS[2])
    )
    answer = client_as(sysadmin(tree)).get("/health/")
    assert answer.status_code == 503
    assert answer.json() == {"status": "fail", "checks": {"database": True, "keys": False, "jobs": True}}


def test_a_job_that_stopped_running_makes_health_fail(tree, client, jobs):
    a_run("good", minutes_ago=60)  # every 10 minutes: three intervals missed
    a_run("bad")
    assert client.get("/health/").status_code == 503


def test_a_missing_key_file_fails_the_key_check(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from zhibu.core import crypto

    def missing(*args, **kwargs):
        raise ImproperlyConfigured("未找到字段加密密钥文件")

    monkeypatch.setattr(crypto, "keyring", missing)
    assert health.check_keys() is False


def test_a_monitor_on_the_host_may_probe_over_plain_http(tree, client, jobs, settings):
    settings.SECURE_SSL_REDIRECT = True
    a_run("good")
    a_run("bad")
    assert client.get("/health/").status_code == 200
    assert client.get("/accounts/login/").status_code == 301
