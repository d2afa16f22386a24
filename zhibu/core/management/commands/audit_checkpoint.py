from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhibu.core.actors import CommandActor
from zhibu.core.audit_anchor import AnchorError, create_key_file
from zhibu.core.audit_verify import write_checkpoint


class Command(BaseCommand):
    help = (
        "签名审计日志的当前末尾（编号与哈希），追加到数据库之外的检查点文件 ZHIBU_AUDIT_CHECKPOINT_FILE；"
        "签名前先校验上一个检查点之后的哈希链。请每10分钟左右定时运行。--create-key 生成签名密钥文件。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--create-key",
            action="store_true",
            help="生成签名密钥文件 ZHIBU_AUDIT_CHECKPOINT_KEY_FILE（已有时拒绝覆盖）",
        )

    def handle(self, *args: Any, create_key: bool, **options: Any) -> None:
        if create_key:
            path = settings.AUDIT_CHECKPOINT_KEY_FILE
            if path.exists():
                raise CommandError(f"密钥文件 {path} 已存在，未做任何改动。更换密钥会使已有检查点无法校验。")
            create_key_file(path)
            self.stdout.write(
                self.style.SUCCESS(
                    f"已生成审计检查点密钥文件 {path}（权限600）。请与数据库和字段加密密钥分开保存并备份，"
                    "只让运行定时命令的账号读取。"
                )
            )
            return
        try:
            entry = write_checkpoint(actor=CommandActor("audit_checkpoint"))
        except AnchorError as error:
            raise CommandError(str(error)) from None
        if entry is None:
            self.stdout.write("自上个检查点以来（或审计日志为空）没有新记录，未签名新的检查点。")
            return
        self.stdout.write(
            self.style.SUCCESS(f"已签名检查点：第{entry['id']}号记录，写入 {settings.AUDIT_CHECKPOINT_FILE}。")
        )
