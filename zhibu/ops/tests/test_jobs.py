"""The job runner: the schedule table, a run recorded with its outcome and output, a failure noticed in the
系统管理员's 待办 and on the jobs page, and nobody else's."""

import datetime
import io
import time
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhibu.ops import runner
from zhibu.ops.jobs import JOBS, Job
from zhibu.ops.models import JobRun
from zhibu.ops.tests.helpers import BAD, GOOD, a_run, sysadmin, use_jobs

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def test_the_schedule_names_every_scheduled_command_once():
    names = [job.name for job in JOBS]
    assert len(names) == len(set(names))
    for command in (
        "send_reminders",
        "send_dues_alerts",
        "evaluate_standards",
        "escalate_rectifications",
        "escalate_worklog",
        "verify_audit",
        "audit_checkpoint",
        "purge_audit",
        "purge_restricted",
        "purge_job_runs",
        "send_term_reminders",
        "send_recruitment_reminders",
        "backup",
    ):
        assert command in {job.command for job in JOBS}


def test_last_slot_of_each_kind_of_schedule():
    every = Job("x", "x", "check", every_minutes=10)
    assert every.last_slot(at("2026-03-04T10:27:30")) == at("2026-03-04T10:20")
    daily = Job("x", "x", "check", at=datetime.time(7, 0))
    assert daily.last_slot(at("2026-03-04T06:59")) == at("2026-03-03T07:00")
    assert daily.last_slot(at("2026-03-04T07:00")) == at("2026-03-04T07:00")
    monthly = Job("x", "x", "check", at=datetime.time(4, 0), monthly_day=1)
    assert monthly.last_slot(at("2026-03-01T03:00")) == at("2026-02-01T04:00")
    assert monthly.last_slot(at("2026-03-15T03:00")) == at("2026-03-01T04:00")


def test_january_judges_the_closed_year_again():
    judging = next(job for job in JOBS if job.name == "evaluate_standards")
    assert judging.args(at("2027-01-02T02:00")) == ["--year", "2027", "--year", "2026"]
    assert judging.args(at("2027-05-02T02:00")) == ["--year", "2027"]


def test_a_due_job_runs_once_per_slot(db, monkeypatch):
    use_jobs(monkeypatch, GOOD)
    call_command("run_jobs", "--once", stdout=io.StringIO())
    call_command("run_jobs", "--once", stdout=io.StringIO())
    runs = list(JobRun.objects.all())
    assert len(runs) == 1
    assert runs[0].outcome == JobRun.Outcome.SUCCESS and runs[0].finished_at is not None
    assert "no issues" in runs[0].output_tail.lower()


def test_a_failed_job_is_recorded_with_its_error_and_the_others_still_run(db, monkeypatch):
    use_jobs(monkeypatch, BAD, GOOD)
    with pytest.raises(CommandError, match="失败的任务：bad"):
        call_command("run_jobs", "--once", stdout=io.StringIO())
    bad = JobRun.objects.get(job="bad")
    assert bad.outcome == JobRun.Outcome.FAILURE
    assert "no-such-tag" in bad.output_tail
    assert JobRun.objects.get(job="good").outcome == JobRun.Outcome.SUCCESS


def test_a_job_past_its_time_limit_fails(db):
    slow = Job("slow", "慢任务", "check", every_minutes=10, timeout_minutes=0.001)
    with mock.patch.object(runner, "call_command", side_effect=lambda *args, **kwargs: time.sleep(2)):
        run = runner.run_job(slow)
    assert run.outcome == JobRun.Outcome.FAILURE
    assert "超过时限" in run.output_tail


def test_a_second_runner_is_refused(db, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    with runner.runner_lock(), pytest.raises(CommandError, match="另一个任务运行器"):
        call_command("run_jobs", "--once", stdout=io.StringIO())


def test_a_run_left_running_by_a_dead_runner_is_closed_as_failed(db, monkeypatch):
    use_jobs(monkeypatch, GOOD)
    left = JobRun.objects.create(job="good", started_at=timezone.now())
    call_command("run_jobs", "--job", "good", stdout=io.StringIO())
    left.refresh_from_db()
    assert left.outcome == JobRun.Outcome.FAILURE and "中断" in left.output_tail


def test_an_unknown_job_is_named(db):
    with pytest.raises(CommandError, match="没有这些任务：nope"):
        call_command("run_jobs", "--job", "nope", stdout=io.StringIO())


def test_a_failed_job_is_in_the_system_admins_inbox_until_it_succeeds(tree, personas, client_as, monkeypatch):
    use_jobs(monkeypatch, GOOD, BAD)
    admin = sysadmin(tree)
    failed = a_run("bad", outcome=JobRun.Outcome.FAILURE, minutes_ago=5)
    page = client_as(admin).get("/inbox/").content.decode()
    assert "计划任务失败：失败的任务" in page and f"/ops/jobs/{failed.pk}/" in page
    for persona in personas.values():
        if persona.username != "nobody":
            assert "计划任务失败" not in client_as(persona).get("/inbox/").content.decode()
    a_run("bad", outcome=JobRun.Outcome.SUCCESS, minutes_ago=1)
    assert "计划任务失败" not in client_as(admin).get("/inbox/").content.decode()
