import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhibu.core.actors import CommandActor
from zhibu.worklog.escalation import escalate_overdue


class Command(BaseCommand):
    help = (
        f"把逾期{settings.WORKLOG_ESCALATION_GRACE_DAYS}天仍未完成的工作任务上报责任单位的上一级党组织（每项只上报一次），"
        "并通知其管理人员。可每日定时运行，重复运行不会重复上报。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按这一天计算逾期（YYYY-MM-DD），默认今天")

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"日期“{date}”格式不对，请写成如 2026-12-01") from None
        moved = escalate_overdue(actor=CommandActor("escalate_worklog"), today=today)
        self.stdout.write(f"本次上报逾期工作任务{moved}项")
