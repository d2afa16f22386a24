from django.core.management.base import BaseCommand

from zhibu.ledgers.registry import LEDGERS


class Command(BaseCommand):
    help = "列出每种台账的字段来源：由记录生成的字段数和仅为台账而录入的字段数（目标为0）。"

    def handle(self, *args, **options):
        self.stdout.write("| 台账 | 字段 | 由记录生成 | 仅为台账录入 |")
        self.stdout.write("|---|---|---|---|")
        typed_total = 0
        for ledger in LEDGERS.values():
            derived = sum(1 for field in ledger.fields if field.derived)
            typed = len(ledger.fields) - derived
            typed_total += typed
            self.stdout.write(f"| {ledger.title} | {len(ledger.fields)} | {derived} | {typed} |")
        self.stdout.write("")
        for ledger in LEDGERS.values():
            self.stdout.write(f"{ledger.title}：")
            for field in ledger.fields:
                self.stdout.write(f"  {field.label} ← {field.source}")
        self.stdout.write(f"仅为台账录入的字段合计：{typed_total}")
