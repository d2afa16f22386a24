import datetime

from django.utils import timezone

from zhibu.accounts.roles import Role
from zhibu.ops import health, runner
from zhibu.ops import jobs as jobs_module
from zhibu.ops.jobs import Job

# Imported here, before any test patches the schedule: imported inside a patch, it would keep the test's jobs.
from zhibu.ops.management.commands import run_jobs
from zhibu.ops.models import JobRun
from zhibu.testing import persona

# Django's own ``check`` command: succeeds as it is, fails (CommandError) with a tag that does not exist.
GOOD = Job("good", "成功的任务", "check", every_minutes=10)
BAD = Job("bad", "失败的任务", "check", at=datetime.time(3, 0), args=lambda now: ["--tag", "no-such-tag"])


def sysadmin(tree):
    return persona("sysadmin", tree.gongwei, Role.SYSTEM_ADMIN)


def use_jobs(monkeypatch, *jobs: Job) -> None:
    """Run the runner, the health check and the page over these jobs instead of the real schedule."""

    monkeypatch.setattr(runner, "JOBS", jobs)
    monkeypatch.setattr(health, "JOBS", jobs)
    monkeypatch.setattr(jobs_module, "JOBS_BY_NAME", {job.name: job for job in jobs})
    monkeypatch.setattr(run_jobs, "JOBS", jobs)
    monkeypatch.setattr(run_jobs, "JOBS_BY_NAME", {job.name: job for job in jobs})


def a_run(job: str = "good", outcome: str = JobRun.Outcome.SUCCESS, minutes_ago: int = 1) -> JobRun:
    started = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return JobRun.objects.create(
        job=job, started_at=started, finished_at=started + datetime.timedelta(seconds=3), outcome=outcome
    )
