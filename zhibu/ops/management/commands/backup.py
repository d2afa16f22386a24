import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from zhibu.core import audit
from zhibu.core.actors import CommandActor
from zhibu.core.audit_catalogue import Event
from zhibu.ops import backup


class Command(BaseCommand):
    help = (
        "备份数据库（SQLite 在线一致副本或 PostgreSQL pg_dump）和全部上传文件到一个目录，并校验；"
        "--verify 只校验已有的备份。字段加密密钥须另行备份。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="备份存放目录（默认 ZHIBU_BACKUP_DIR）")
        parser.add_argument("--keep", type=int, default=14, help="保留最近几份备份，更早的删除（默认14，0为不删除）")
        parser.add_argument("--verify", metavar="备份目录", help="只校验这份备份，不新建")

    def handle(self, *args, **options) -> None:
        if options["verify"]:
            checked = backup.verify(Path(options["verify"]))
            if not checked.ok:
                raise CommandError("备份校验失败：" + "；".join(checked.problems))
            self.stdout.write(f"备份校验通过：{options['verify']}")
            return
        directory = Path(options["output"] or settings.BACKUP_DIR)
        actor = CommandActor("backup")
        # Audited first, in its own transaction, so the row is inside the copy it describes.
        with transaction.atomic():
            audit.record(actor=actor, event=Event.BACKUP_CREATED, extra={"engine": backup.engine()})
        try:
            made = backup.create(directory)
        except (backup.BackupError, OSError) as error:
            raise CommandError(f"备份失败：{error}") from None
        checked = backup.verify(made)
        if not checked.ok:
            raise CommandError(f"备份已写入 {made}，但校验失败：" + "；".join(checked.problems))
        self.stdout.write(f"备份完成并已校验：{made}")
        self.stdout.write(backup.KEY_REMINDER)
        if options["keep"] > 0:
            older = sorted(p for p in directory.glob("zhibu-backup-*") if p.is_dir())[: -options["keep"]]
            for path in older:
                shutil.rmtree(path)
                self.stdout.write(f"已删除较早的备份：{path.name}")
