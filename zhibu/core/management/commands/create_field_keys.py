import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhibu.core.crypto import new_keyring_json


class Command(BaseCommand):
    help = "生成个人数据加密密钥文件（ZHIBU_FIELD_KEY_FILE）。已有文件时拒绝覆盖，以免已加密数据无法解密。"

    def handle(self, *args: Any, **options: Any) -> None:
        path = settings.FIELD_KEY_FILE
        if path.exists():
            raise CommandError(f"密钥文件 {path} 已存在，未做任何改动。更换密钥请使用密钥轮换，不要覆盖该文件。")
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(new_keyring_json())
        self.stdout.write(
            self.style.SUCCESS(f"已生成密钥文件 {path}（权限600）。请与数据库分开备份：丢失密钥即无法解密个人数据。")
        )
