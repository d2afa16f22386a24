"""purge_job_runs: runs older than ZHIBU_JOB_RUN_KEEP_DAYS go, each job's last run and last success stay (so the
jobs page and /health/ read the same as before), audited with the count; the schedule runs it daily."""

import io
import subprocess
import sys

from django.core.management import call_command

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.ops import health
from zhibu.ops.jobs import JOBS_BY_NAME
from zhibu.ops.models import JobRun
from zhibu.ops.tests.helpers import BAD, GOOD, a_run, use_jobs

DAY = 24 * 60


def purge() -> str:
    output = io.StringIO()
    call_command("purge_job_runs", stdout=output)
    return output.getvalue()


def test_old_runs_go_and_each_jobs_last_run_and_last_success_stay(db, settings, monkeypatch):
    use_jobs(monkeypatch, GOOD, BAD)
    settings.JOB_RUN_KEEP_DAYS = 90
    first_ever = a_run("good", minutes_ago=400 * DAY)
    old_good = [a_run("good", minutes_ago=(200 + day) * DAY) for day in range(3)]
    recent_good = a_run("good", minutes_ago=89 * DAY)
    bad_success = a_run("bad", minutes_ago=300 * DAY)
    old_bad_failures = [a_run("bad", JobRun.Outcome.FAILURE, minutes_ago=(150 + day) * DAY) for day in range(3)]
    last_bad = a_run("bad", JobRun.Outcome.FAILURE, minutes_ago=120 * DAY)
    stuck = a_run("bad", JobRun.Outcome.RUNNING, minutes_ago=100 * DAY)
    before = [(state.job.name, state.last, state.last_success, state.stale) for state in health.job_states()]

    assert "已清理6条" in purge()

    assert set(JobRun.objects.values_list("pk", flat=True)) == {
        first_ever.pk,
        recent_good.pk,
        bad_success.pk,
        last_bad.pk,
        stuck.pk,
    }
    assert not JobRun.objects.filter(pk__in=[run.pk for run in old_good + old_bad_failures]).exists()
    after = [(state.job.name, state.last, state.last_success, state.stale) for state in health.job_states()]
    assert after == before
    event = AuditEvent.objects.get(event=Event.JOB_RUNS_PURGED)
    assert event.changes["extra"]["deleted"] == 6 and event.changes["extra"]["keep_days"] == 90


def test_nothing_old_enough_deletes_nothing_and_is_still_audited(db, settings):
    settings.JOB_RUN_KEEP_DAYS = 31
    runs = [a_run("good", minutes_ago=day * DAY) for day in range(30)]
    assert "已清理0条" in purge()
    assert JobRun.objects.count() == len(runs)
    assert AuditEvent.objects.filter(event=Event.JOB_RUNS_PURGED).count() == 1


def test_the_schedule_runs_it_daily_through_the_runner(db):
    job = JOBS_BY_NAME["purge_job_runs"]
    assert job.command == "purge_job_runs" and job.schedule_label == "每天 04:30"
    for day in range(100, 103):
        a_run("audit_checkpoint", minutes_ago=day * DAY)
    a_run("audit_checkpoint", minutes_ago=10)
    call_command("run_jobs", "--job", "purge_job_runs", stdout=io.StringIO())
    # The oldest (the runner's first) and the latest audit_checkpoint run stay, and the clean-up's own run.
    assert JobRun.objects.filter(job="audit_checkpoint").count() == 2
    run = JobRun.objects.get(job="purge_job_runs")
    assert run.outcome == JobRun.Outcome.SUCCESS and "已清理2条" in run.output_tail


def test_the_setting_is_bounded():
    # Settings are read once at start-up: a value out of range stops it with a message naming the variable.
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "zhibu.settings", "ZHIBU_DEBUG": "true", "ZHIBU_JOB_RUN_KEEP_DAYS": "7"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "ZHIBU_JOB_RUN_KEEP_DAYS" in result.stderr
