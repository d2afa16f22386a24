import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhibu.ops import runner, services
from zhibu.ops.jobs import JOBS, JOBS_BY_NAME


class Command(BaseCommand):
    help = (
        "计划任务运行器：按 zhibu/ops/jobs.py 的计划表运行到期的任务，每次运行都有记录（系统 → 计划任务）。"
        "默认常驻（每分钟检查一次，由 systemd 的 zhibu-jobs.service 启动）；--once 只运行一轮；--job 立即运行指定任务；"
        "--list 列出计划表。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="运行一轮到期的任务后退出")
        parser.add_argument("--job", action="append", help="立即运行这个任务（不论是否到期），可重复")
        parser.add_argument("--list", action="store_true", help="列出计划表")
        parser.add_argument("--interval", type=int, default=60, help="常驻时两轮之间的秒数（默认60）")

    def handle(self, *args, **options) -> None:
        if options["list"]:
            for job in JOBS:
                self.stdout.write(f"{job.name:28} {job.schedule_label:14} {job.label}")
            return
        unknown = [name for name in options["job"] or () if name not in JOBS_BY_NAME]
        if unknown:
            raise CommandError(f"没有这些任务：{'、'.join(unknown)}；可用 --list 查看计划表")
        try:
            with runner.runner_lock():
                services.abandon_runs(actor=runner.RUNNER)
                if options["job"]:
                    self._report([runner.run_job(JOBS_BY_NAME[name]) for name in options["job"]])
                elif options["once"]:
                    self._report(runner.run_due())
                else:
                    while True:
                        self._report(runner.run_due(), strict=False)
                        time.sleep(max(5, options["interval"]))
        except runner.RunnerBusy as busy:
            raise CommandError(str(busy)) from None

    def _report(self, runs, strict: bool = True) -> None:
        for run in runs:
            self.stdout.write(f"{run.job}: {run.get_outcome_display()}（{run.seconds} 秒）")
        failed = [run.job for run in runs if run.outcome != run.Outcome.SUCCESS]
        if failed and strict:  # a one-off run exits non-zero; the resident runner goes on
            raise CommandError(f"失败的任务：{'、'.join(failed)}")
