import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhibu.core.actors import CommandActor
from zhibu.core.audit_verify import purge_before, verify_chain


class Command(BaseCommand):
    help = "清理超过保留期的审计日志（保留期 ZHIBU_AUDIT_RETENTION_DAYS，不少于184天）。清理前先校验哈希链。"

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.intact:
            raise CommandError(f"哈希链在第{report.first_broken_id}号记录处断裂，拒绝清理：{report.reason}")
        cutoff = timezone.now() - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
        deleted = purge_before(cutoff, actor=CommandActor("purge_audit"))
        self.stdout.write(
            f"已清理{deleted}条早于{cutoff:%Y-%m-%d}的审计日志（保留{settings.AUDIT_RETENTION_DAYS}天）。"
        )
