"""Every write of the ops app: a job run's start and end (by the runner) and the deletion of old runs, audited."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.actors import CommandActor
from zhibu.core.audit_catalogue import Event
from zhibu.ops.models import OUTPUT_TAIL_CHARS, JobRun


@transaction.atomic
def start_run(*, actor: CommandActor, job: str) -> JobRun:
    # The start is not audited: the finish is, with the outcome; a run that never finishes is closed by abandon_runs.
    return JobRun.objects.create(job=job, started_at=timezone.now())


@transaction.atomic
def finish_run(*, actor: CommandActor, run: JobRun, succeeded: bool, output: str) -> JobRun:
    run.finished_at = timezone.now()
    run.outcome = JobRun.Outcome.SUCCESS if succeeded else JobRun.Outcome.FAILURE
    run.output_tail = output[-OUTPUT_TAIL_CHARS:]
    run.save(update_fields=["finished_at", "outcome", "output_tail"])
    audit.record(
        actor=actor,
        event=Event.JOB_RUN,
        obj=run,
        outcome="success" if succeeded else "failure",
        extra={"job": run.job, "seconds": run.seconds},
    )
    return run


@transaction.atomic
def abandon_runs(*, actor: CommandActor) -> int:
    """Runs left 运行中 by a runner that died (only one runner holds the lock, so none of them is still going)."""
    count = 0
    for run in JobRun.objects.filter(outcome=JobRun.Outcome.RUNNING):
        finish_run(actor=actor, run=run, succeeded=False, output=run.output_tail + "\n任务运行器中断，本次运行未完成。")
        count += 1
    return count


def runs_to_keep() -> set[int]:
    """Each job's last run, last finished run and last success (the jobs page and /health/ read them), and the
    runner's first run ever, from which /health/ counts a job that has never succeeded."""
    keep: set[int] = set()
    runs = JobRun.objects.order_by("-started_at", "-id")
    for job in JobRun.objects.order_by().values_list("job", flat=True).distinct():
        of_job = runs.filter(job=job)
        for latest in (
            of_job,
            of_job.exclude(outcome=JobRun.Outcome.RUNNING),
            of_job.filter(outcome=JobRun.Outcome.SUCCESS),
        ):
            keep.update(latest.values_list("pk", flat=True)[:1])
    keep.update(JobRun.objects.order_by("started_at", "id").values_list("pk", flat=True)[:1])
    return keep


@transaction.atomic
def purge_runs(*, actor: CommandActor, keep_days: int) -> int:
    """Deletes the runs that started more than ``keep_days`` ago, except those ``runs_to_keep`` names and any still
    running; audited with the count, also when nothing was old enough."""
    cutoff = timezone.now() - datetime.timedelta(days=keep_days)
    old = (
        JobRun.objects.filter(started_at__lt=cutoff)
        .exclude(outcome=JobRun.Outcome.RUNNING)
        .exclude(pk__in=runs_to_keep())
    )
    deleted, _ = old.delete()
    audit.record(
        actor=actor,
        event=Event.JOB_RUNS_PURGED,
        object_repr="计划任务运行记录",
        extra={"deleted": deleted, "keep_days": keep_days, "before": cutoff.isoformat(timespec="seconds")},
    )
    return deleted
