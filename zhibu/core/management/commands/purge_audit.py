import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhibu.core.actors import CommandActor
from zhibu.core.audit_anchor import AnchorError, checkpoint_key
from zhibu.core.audit_verify import purge_before, verify_chain


class Command(BaseCommand):
    help = (
        "清理超过保留期的审计日志（保留期 ZHIBU_AUDIT_RETENTION_DAYS，不少于184天）。清理前先校验哈希链和签名检查点，"
        "只清理已有签名检查点覆盖的最早记录，并在检查点文件中写入签名的清理记录。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint_key()
            report = verify_chain()
            if not report.intact:
                raise CommandError(f"拒绝清理：{report.describe()}")
            cutoff = timezone.now() - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
            deleted = purge_before(cutoff, actor=CommandActor("purge_audit"))
        except AnchorError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"已清理{deleted}条早于{cutoff:%Y-%m-%d}的审计日志（保留{settings.AUDIT_RETENTION_DAYS}天）。"
        )
