import datetime

from django.core.management.base import BaseCommand, CommandError

from zhibu.core.actors import CommandActor
from zhibu.inspections.services import ESCALATION_STEP_DAYS, escalate_overdue


class Command(BaseCommand):
    help = (
        f"把逾期未整改的事项上报上一级党组织（逾期即上报，之后每逾期{ESCALATION_STEP_DAYS}天再上一级，"
        "最高到组织检查的党组织），并通知其管理人员。可每日定时运行，重复运行不会重复上报。"
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
        moved = escalate_overdue(actor=CommandActor("escalate_rectifications"), today=today)
        self.stdout.write(f"本次上报逾期整改事项{moved}项")
