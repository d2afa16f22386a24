from django.core.management.base import BaseCommand

from zhibu.activities import reminders


class Command(BaseCommand):
    help = "发送每日提醒（决议逾期、本期尚未召开的会议），建议每天早晨定时运行一次。"

    def handle(self, *args, **options):
        sent = reminders.send()
        self.stdout.write(f"已发送提醒：决议逾期{sent['overdue']}条，尚未召开{sent['not_held']}条。")
