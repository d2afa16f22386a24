from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from zhibu.core import audit
from zhibu.core.actors import CommandActor
from zhibu.core.audit_catalogue import Event
from zhibu.ops import backup


class Command(BaseCommand):
    help = (
        "从 backup 命令生成的备份恢复数据库和上传文件（先校验备份）。会覆盖当前全部数据：请先停止网站和任务运行器"
        "（systemctl stop zhibu-web zhibu-jobs），确认后加 --yes。恢复后请运行 verify_audit。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="备份目录，如 var/backups/zhibu-backup-20261205-003000")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据")

    def handle(self, *args, **options) -> None:
        path = Path(options["backup"])
        if not options["yes"]:
            checked = backup.verify(path)
            state = "校验通过" if checked.ok else "校验失败：" + "；".join(checked.problems)
            raise CommandError(f"恢复会覆盖当前全部数据和上传文件。备份{state}。确认后请加 --yes 再运行。")
        try:
            checked = backup.restore(path)
        except (backup.BackupError, OSError) as error:
            raise CommandError(f"恢复失败：{error}") from None
        with transaction.atomic():
            audit.record(
                actor=CommandActor("restore"),
                event=Event.BACKUP_RESTORED,
                extra={"backup": path.name, "created_at": checked.manifest["created_at"]},
            )
        self.stdout.write(f"已从 {path.name} 恢复数据库和上传文件。请运行 manage.py verify_audit 校验审计日志。")
        self.stdout.write(backup.KEY_REMINDER)
