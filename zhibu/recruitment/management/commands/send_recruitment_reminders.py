from django.core.management.base import BaseCommand

from zhibu.recruitment import reminders


class Command(BaseCommand):
    help = "发送发展党员到期提醒：到期前7天一次，逾期后每月一次；建议每天定时运行。"

    def handle(self, *args, **options):
        sent = reminders.send()
        self.stdout.write(f"已发送发展党员到期提醒{sent}条。")
