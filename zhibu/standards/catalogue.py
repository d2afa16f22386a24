"""The BTX standards catalogue (``catalogue.yaml``): rules as data, each with its full statement, source and
confidence, loaded once and checked on load. docs/rules.md is generated from it (``manage.py rules_doc``)."""

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ImproperlyConfigured

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yaml")
CATEGORIES = ("组织设置", "班子建设", "组织生活", "党员教育管理", "发展党员", "党费", "阵地与经费", "作用发挥")
PERIODS = {"month": "每月", "quarter": "每季度", "year": "每年", "term": "每届", "snapshot": "现状", "event": "每次"}
SEVERITIES = {"error": "硬性要求", "warning": "一般要求"}
DEFAULT_SOURCE = "标准目录默认值"  # whose parameter values a verdict applied, when no 工委 override did
PENDING = "pending"  # the rule's records do not exist yet: shown as 未评估, never as met
CONFIDENCES = {
    "H": "高：国家规定，两个以上独立来源一致",
    "M–H": "较高",
    "M": "中：一个可靠来源或全国通行做法",
    "L–M": "较低",
    "L": "低：地方做法或尚未确认，作为可调整的默认值",
}
REQUIRED = (
    "id",
    "title",
    "category",
    "applies_to",
    "period",
    "threshold",
    "severity",
    "source",
    "engine",
    "confidence",
    "statement",
)
OPTIONAL = ("note",)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    category: str
    applies_to: tuple[str, ...]
    period: str
    threshold: dict[str, Any] = field(hash=False)
    severity: str
    source: str
    engine: str
    confidence: str
    statement: str
    note: str = ""  # how zhibu judges the rule, where the statement alone does not say

    @property
    def evaluated(self) -> bool:
        return self.engine != PENDING

    @property
    def period_label(self) -> str:
        return PERIODS[self.period]

    @property
    def severity_label(self) -> str:
        return SEVERITIES[self.severity]

    @property
    def confidence_label(self) -> str:
        return CONFIDENCES[self.confidence]


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
        if entry["confidence"] not in CONFIDENCES:
            problems.append(f"可靠程度“{entry['confidence']}”无效（应为{'、'.join(CONFIDENCES)}）")
        for key in ("statement", "source", *OPTIONAL):
            if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
                problems.append(f"{key}应为非空文字")
        unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
        if unknown:
            problems.append(f"未知字段：{'、'.join(unknown)}")
        if problems:
            raise ImproperlyConfigured(f"标准目录 {entry['id']}：{'；'.join(problems)}")
        seen.add(entry["id"])
        fields = {key: entry[key] for key in (*REQUIRED, *OPTIONAL) if key in entry and key != "applies_to"}
        rules.append(Rule(**fields, applies_to=tuple(entry["applies_to"])))
    return tuple(rules)


@functools.cache
def catalogue() -> tuple[Rule, ...]:
    return parse(CATALOGUE_FILE.read_text(encoding="utf-8"))


def by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in catalogue()}
