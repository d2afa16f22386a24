"""What /health/ checks: the database answers, the field keys load and decrypt, and every scheduled job's last run
succeeded recently enough. The monitor gets only ``ok`` or ``fail`` (HTTP 200 or 503); the 系统管理员, signed in,
also sees which check failed — never versions, paths or counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from zhibu.core import crypto
from zhibu.ops.jobs import JOBS, Job
from zhibu.ops.models import JobRun


@dataclass(frozen=True)
class JobState:
    job: Job
    last: JobRun | None
    last_success: JobRun | None
    stale: bool

    @property
    def failed(self) -> bool:
        return self.last is not None and self.last.outcome == JobRun.Outcome.FAILURE

    @property
    def healthy(self) -> bool:
        return not self.failed and not self.stale


def job_states(now: datetime.datetime | None = None) -> list[JobState]:
    now = now or timezone.now()
    first = JobRun.objects.order_by("started_at").values_list("started_at", flat=True).first()
    states = []
    for job in JOBS:
        runs = JobRun.objects.filter(job=job.name).order_by("-started_at")
        last = runs.exclude(outcome=JobRun.Outcome.RUNNING).first()
        success = runs.filter(outcome=JobRun.Outcome.SUCCESS).first()
        # Counted from the last success, or from the runner's first run ever: a job the runner never got to is late.
        since = success.started_at if success else first
        stale = since is None or now - since > job.interval * settings.JOB_STALE_FACTOR
        states.append(JobState(job=job, last=last, last_success=success, stale=stale))
    return states


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 — any failure is "fail"; the reason goes to the log, not to the answer
        return False


def check_keys() -> bool:
    try:
        return crypto.decrypt(crypto.encrypt("health")) == "health"
    except Exception:  # noqa: BLE001
        return False


def check_jobs() -> bool:
    try:
        return all(state.healthy for state in job_states())
    except Exception:  # noqa: BLE001
        return False


CHECKS = (
    ("database", "数据库", check_database),
    ("keys", "字段加密密钥", check_keys),
    ("jobs", "计划任务", check_jobs),
)


def run_checks() -> list[tuple[str, str, bool]]:
    return [(key, label, check()) for key, label, check in CHECKS]
