from django.core.management.base import BaseCommand

from zhibu.core.actors import CommandActor
from zhibu.members.privacy import purge_due


class Command(BaseCommand):
    help = "清除保存期限已满、处于限制处理状态的党员个人信息（每条均记入审计日志）。建议每日定时运行。"

    def handle(self, *args, **options):
        count = purge_due(actor=CommandActor("purge_restricted"))
        self.stdout.write(f"已清除{count}名党员的个人信息。")
