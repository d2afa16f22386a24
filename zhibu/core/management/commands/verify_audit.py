from django.core.management.base import BaseCommand, CommandError

from zhibu.core.audit_verify import verify_chain


class Command(BaseCommand):
    help = "校验审计日志哈希链；发现篡改或删除时指出第一条异常记录的编号，并以非零状态退出。"

    def handle(self, *args, **options):
        report = verify_chain()
        if report.intact:
            self.stdout.write(self.style.SUCCESS(f"审计日志完整：已校验{report.checked}条，哈希链无断裂。"))
            return
        raise CommandError(
            f"审计日志第{report.first_broken_id}号记录校验失败：{report.reason}（此前{report.checked}条正常）"
        )
