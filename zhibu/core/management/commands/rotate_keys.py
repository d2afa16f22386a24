from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhibu.core import crypto
from zhibu.core.actors import CommandActor
from zhibu.core.keyrotation import add_key_version, encrypted_fields, reencrypt_all, stale_count


class Command(BaseCommand):
    help = "密钥轮换：在密钥文件中新增一个密钥版本并启用，然后用新密钥重新加密全部个人敏感数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reuse-active",
            action="store_true",
            help="不新增版本，只把尚未使用当前版本的数据重新加密（如密钥已在环境变量中更换）",
        )

    def handle(self, *args: Any, reuse_active: bool, **options: Any) -> None:
        if not reuse_active:
            version = add_key_version()
            self.stdout.write(f"已新增密钥版本 {version} 并设为当前版本（旧版本保留用于解密）。")
        report = reencrypt_all(actor=CommandActor("rotate_keys"))
        left = sum(stale_count(model, names, crypto.keyring().active) for model, names in encrypted_fields())
        self.stdout.write(
            f"已重新加密{report['rows']}行；无法解密而跳过{report['undecryptable']}行；仍非当前版本{left}行。"
        )
        if report["undecryptable"] or left:
            raise CommandError("有数据未能用新密钥重新加密，请检查日志中的解密错误")
