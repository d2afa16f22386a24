"""Runs the jobs of the schedule table (``jobs.py``) that are due, each in this process with a time limit, and records
every run (start, end, outcome, the end of its output) through the services.

Only one runner works at a time: it holds an exclusive lock on a file next to the data (a second one started by
mistake waits for nothing and exits with a message). A job's failure — an exception, a ``CommandError``, a non-zero
exit, the time limit — is recorded as 失败 with the traceback's end and does not stop the other jobs."""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import io
import signal
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone

from zhibu.core.actors import CommandActor
from zhibu.ops import services
from zhibu.ops.jobs import JOBS, Job
from zhibu.ops.models import JobRun

RUNNER = CommandActor("run_jobs")


class JobTimeout(Exception):
    pass


class RunnerBusy(Exception):
    pass


@contextlib.contextmanager
def runner_lock(path: Path | None = None) -> Iterator[None]:
    path = path or Path(settings.DATA_DIR) / "run_jobs.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle: IO[str] = path.open("a")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunnerBusy(f"另一个任务运行器正在运行（锁文件 {path}）") from None
        yield
    finally:
        handle.close()


def due_jobs(now: datetime.datetime, jobs: tuple[Job, ...] | None = None) -> list[Job]:
    local = timezone.localtime(now)
    due = []
    for job in JOBS if jobs is None else jobs:
        last = JobRun.objects.filter(job=job.name).order_by("-started_at").values_list("started_at", flat=True).first()
        if last is None or last < job.last_slot(local):
            due.append(job)
    return due


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise JobTimeout(f"超过时限（{seconds / 60:g}分钟），已中止")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _fresh_connection() -> None:
    # Between jobs, as between requests: a connection broken by the last job is replaced. Never inside an atomic
    # block (a test's transaction), where closing would drop the caller's work.
    if not connection.in_atomic_block:
        close_old_connections()


def run_job(job: Job, now: datetime.datetime | None = None) -> JobRun:
    now = now or timezone.now()
    _fresh_connection()
    run = services.start_run(actor=RUNNER, job=job.name)
    output = io.StringIO()
    succeeded = False
    try:
        with time_limit(job.timeout_minutes * 60):
            call_command(job.command, *job.args(timezone.localtime(now)), stdout=output, stderr=output)
        succeeded = True
    except SystemExit as exit_:
        succeeded = exit_.code in (0, None)
        output.write(f"\n退出状态 {exit_.code}")
    except BaseException as error:  # noqa: BLE001 — every failure of a job is recorded, none stops the runner
        if isinstance(error, KeyboardInterrupt):
            services.finish_run(actor=RUNNER, run=run, succeeded=False, output=output.getvalue() + "\n被中止")
            raise
        output.write("\n" + "".join(traceback.format_exception(error)))
    _fresh_connection()
    return services.finish_run(actor=RUNNER, run=run, succeeded=succeeded, output=output.getvalue())


def run_due(now: datetime.datetime | None = None) -> list[JobRun]:
    now = now or timezone.now()
    return [run_job(job, now) for job in due_jobs(now)]
