from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhibu.core.actors import CommandActor
from zhibu.standards.catalogue import by_id
from zhibu.standards.services import recompute


class Command(BaseCommand):
    help = "按标准目录重新评估全部党组织的达标情况（默认今年），并报告哪些结论发生了变化。可每日定时运行。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append", help="评估的年度，可重复；默认今年")
        parser.add_argument("--rule", action="append", help="只评估这些规则，如 --rule MTG-01")

    def handle(self, *args: Any, **options: Any) -> None:
        this_year = timezone.localdate().year
        years = options["year"] or [this_year]
        if any(not 2000 <= year <= this_year for year in years):
            raise CommandError(f"年度应在2000至{this_year}之间")
        rules = options["rule"]
        known = by_id()
        unknown = [rule for rule in rules or () if rule not in known or not known[rule].evaluated]
        if unknown:
            raise CommandError(f"这些规则不存在或尚未启用自动评估：{'、'.join(unknown)}")
        for year in sorted(years):
            changes = recompute(
                actor=CommandActor("evaluate_standards"), year=year, rule_ids=set(rules) if rules else None
            )
            self.stdout.write(f"{year}年：{changes.summary}")
            for rule_id, org_id, key, before, after in changes.flips[:50]:
                self.stdout.write(f"  {rule_id} 组织#{org_id} {key}：{before} → {after}")
            if len(changes.flips) > 50:
                self.stdout.write(f"  ……另有{len(changes.flips) - 50}条结论变化")
