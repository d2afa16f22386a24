"""The BTX standards catalogue (``catalogue.yaml``): rules as data, loaded once and checked on load."""

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yaml")
CATEGORIES = ("组织设置", "班子建设", "组织生活", "党员教育管理", "发展党员", "党费", "阵地与经费", "作用发挥")
PERIODS = {"month": "每月", "quarter": "每季度", "year": "每年", "term": "每届", "snapshot": "现状", "event": "每次"}
SEVERITIES = {"error": "硬性要求", "warning": "一般要求"}
DEFAULT_SOURCE = "标准目录默认值"  # whose parameter values a verdict applied, when no 工委 override did
PENDING = "pending"  # the rule's records do not exist yet: shown as 未评估, never as met
REQUIRED = ("id", "title", "category", "applies_to", "period", "threshold", "severity", "source", "engine")


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    category: str
    applies_to: tuple[str, ...]
    period: str
    threshold: dict = field(hash=False)
    severity: str
    source: str
    engine: str

    @property
    def evaluated(self) -> bool:
        return self.engine != PENDING

    @property
    def period_label(self) -> str:
        return PERIODS[self.period]

    @property
    def severity_label(self) -> str:
        return SEVERITIES[self.severity]


def evaluator_names() -> set[str]:
    from zhibu.standards.evaluators import EVALUATORS  # imported late: the evaluators import this module

    return set(EVALUATORS)


def parameter_labels() -> dict[str, str]:
    from zhibu.standards.parameters import LABELS

    return LABELS


def parse(text: str) -> tuple[Rule, ...]:
    entries = yaml.safe_load(text) or []
    rules, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        missing = [key for key in REQUIRED if key not in entry]
        if missing:
            raise ImproperlyConfigured(f"标准目录第{number}条缺少字段：{', '.join(missing)}")
        problems = []
        if entry["id"] in seen:
            problems.append("编号重复")
        if entry["category"] not in CATEGORIES:
            problems.append(f"类别“{entry['category']}”无效")
        if entry["period"] not in PERIODS:
            problems.append(f"周期“{entry['period']}”无效")
        if entry["severity"] not in SEVERITIES:
            problems.append(f"严重程度“{entry['severity']}”无效")
        unnamed = [key for key in entry["threshold"] or {} if key not in parameter_labels()]
        if unnamed:
            problems.append(f"参数“{'、'.join(unnamed)}”没有中文名称（zhibu/standards/parameters.py）")
        if entry["engine"] != PENDING and entry["engine"] not in evaluator_names():
            problems.append(f"评估器“{entry['engine']}”不存在")
        if problems:
            raise ImproperlyConfigured(f"标准目录 {entry['id']}：{'；'.join(problems)}")
        seen.add(entry["id"])
        rules.append(
            Rule(**{key: entry[key] for key in REQUIRED if key != "applies_to"}, applies_to=tuple(entry["applies_to"]))
        )
    return tuple(rules)


@functools.cache
def catalogue() -> tuple[Rule, ...]:
    return parse(CATALOGUE_FILE.read_text(encoding="utf-8"))


def by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in catalogue()}
