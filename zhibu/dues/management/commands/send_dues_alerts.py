from django.core.management.base import BaseCommand

from zhibu.dues import alerts


class Command(BaseCommand):
    help = "提醒连续3个月以上未缴党费的党员及其支部（满6个月为警示）；每人每月提醒一次。可每日定时运行。"

    def handle(self, *args, **options):
        sent = alerts.send()
        self.stdout.write(f"党费欠缴提醒：预警{sent['warning']}条，警示{sent['alert']}条")
