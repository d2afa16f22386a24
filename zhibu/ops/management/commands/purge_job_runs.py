from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from zhibu.core.actors import CommandActor
from zhibu.ops import services


class Command(BaseCommand):
    help = (
        "清理过期的计划任务运行记录：删除开始于保留期（ZHIBU_JOB_RUN_KEEP_DAYS，默认90天）之前的运行记录，"
        "每个任务的最近一次运行和最近一次成功运行始终保留。由计划任务每天运行。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        keep_days = settings.JOB_RUN_KEEP_DAYS
        deleted = services.purge_runs(actor=CommandActor("purge_job_runs"), keep_days=keep_days)
        self.stdout.write(f"已清理{deleted}条计划任务运行记录（保留最近{keep_days}天及每个任务的最近一次运行）。")
