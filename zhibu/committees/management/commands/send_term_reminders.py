from django.core.management.base import BaseCommand

from zhibu.committees import reminders


class Command(BaseCommand):
    help = "发送换届提醒：届满前6个月、3个月、1个月各一次，超期后每月一次；建议每天定时运行。"

    def handle(self, *args, **options):
        sent = reminders.send()
        self.stdout.write(f"已发送换届提醒{sent}条。")
