from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhibu.standards.rules_doc import DOC_FILE, render


class Command(BaseCommand):
    help = "由标准目录（zhibu/standards/catalogue.yaml）生成 docs/rules.md；--check 只检查该文件是否与目录一致。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=DOC_FILE, help="写入的文件，默认 docs/rules.md")
        parser.add_argument("--check", action="store_true", help="不写文件，只检查是否需要重新生成")

    def handle(self, *args: Any, **options: Any) -> None:
        path, text = options["output"], render()
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise CommandError(f"{path} 与标准目录不一致，请运行 manage.py rules_doc 重新生成")
            self.stdout.write(f"{path} 与标准目录一致")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"已生成 {path}（{text.count(chr(10) + '### ')}条规则）")
