from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhibu.core.audit_anchor import AnchorError, checkpoint_key
from zhibu.core.audit_verify import verify_chain


class Command(BaseCommand):
    help = "校验审计日志哈希链及数据库之外的签名检查点；发现篡改、删除或伪造时说明第一处异常，并以非零状态退出。"

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint_key()
            report = verify_chain()
        except AnchorError as error:
            raise CommandError(str(error)) from None
        if not report.intact:
            raise CommandError(f"审计日志校验失败：{report.describe()}")
        if report.checkpoints:
            self.stdout.write(
                self.style.SUCCESS(
                    f"审计日志完整：已校验{report.checked}条，哈希链无断裂，与{report.checkpoints}个签名检查点一致。"
                )
            )
            return
        self.stdout.write(self.style.SUCCESS(f"审计日志完整：已校验{report.checked}条，哈希链无断裂。"))
        self.stdout.write(
            self.style.WARNING(
                f"尚无签名检查点（{settings.AUDIT_CHECKPOINT_FILE}）：哈希链本身不能发现整体改写或末尾删除，"
                "请定时运行 manage.py audit_checkpoint。"
            )
        )
