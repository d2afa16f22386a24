"""Every write of the ops app: a job run's start and end (by the runner), each audited."""

from __future__ import annotations

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
