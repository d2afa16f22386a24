"""docs/rules.md, written from the catalogue: the rules the code cites by ID, readable without running zhibu."""

from pathlib import Path

from django.conf import settings

from zhibu.organizations.models import OrganizationKind
from zhibu.standards.catalogue import CATEGORIES, CONFIDENCES, PERIODS, SEVERITIES, Rule, catalogue
from zhibu.standards.parameters import described

DOC_FILE = Path(settings.BASE_DIR) / "docs" / "rules.md"

INTRO = """\
# BTX 标准目录 / The standards catalogue

Generated from `zhibu/standards/catalogue.yaml` by `python manage.py rules_doc`: do not edit it by hand (a test
checks that it is what the command writes). The code cites these rules by ID, e.g. “docs/rules.md MTG-03”.

{total} rules, {evaluated} of them judged automatically; the others are shown as 未评估 and never as met.

## How to read it

- **规则 / Rule**: the rule in full, with its source (依据) and how sure that source is (可靠程度). H rules are national
  rules and are the defaults; M and L rules are practice or local, and their numbers are parameters a 工委 can change.
- **可靠程度 / confidence**:
  {confidences}.
- **性质 / severity**: {severities}. Rules worded 一般/原则上 (“as a rule”) are 一般要求: a branch may answer a
  miss with a 情况说明. Numeric 必须/应当 rules (quorums, vote thresholds, age 18, six months of arrears) are 硬性要求.
- **周期 / period**: {periods}.
  Event rules are judged per month; 现状 rules on today's state.
- **标准 / threshold**: the parameters as the pages show them.
- **评估 / how it is judged**: the evaluator in `zhibu/standards/evaluators`, and how it reads the records where the
  rule alone does not say.
"""


def _kinds(rule: Rule) -> str:
    return "、".join(OrganizationKind(kind).label for kind in rule.applies_to)


def _section(rule: Rule) -> list[str]:
    lines = [
        f"### {rule.id} {rule.title}",
        "",
        f"- 适用：{_kinds(rule)}",
        f"- 周期：{rule.period_label}；性质：{rule.severity_label}",
        f"- 标准：{'；'.join(described(rule.threshold)) or '—'}",
        f"- 依据：{rule.source}",
        f"- 可靠程度：{rule.confidence}（{rule.confidence_label}）",
        f"- 评估：{'自动（`' + rule.engine + '`）' if rule.evaluated else '未评估（相关记录尚未建立）'}",
        "",
        f"**Rule.** {rule.statement}",
    ]
    if rule.note:
        lines += ["", f"**How zhibu judges it.** {rule.note}"]
    return [*lines, ""]


def render() -> str:
    rules = catalogue()
    parts = [
        INTRO.format(
            total=len(rules),
            evaluated=sum(rule.evaluated for rule in rules),
            confidences="; ".join(f"{code} {label}" for code, label in CONFIDENCES.items()),
            severities="; ".join(f"{label} ({code})" for code, label in SEVERITIES.items()),
            periods="; ".join(f"{label} ({code})" for code, label in PERIODS.items()),
        ),
        "## 目录 / Contents",
        "",
        "| ID | 要求 | 周期 | 性质 | 可靠程度 | 评估 |",
        "|---|---|---|---|---|---|",
        *(
            f"| {r.id} | {r.title} | {r.period_label} | {r.severity_label} | {r.confidence} | "
            f"{'自动' if r.evaluated else '未评估'} |"
            for r in rules
        ),
        "",
    ]
    for category in CATEGORIES:
        members = [rule for rule in rules if rule.category == category]
        if not members:
            continue
        parts += [f"## {category}", ""]
        for rule in members:
            parts += _section(rule)
    return "\n".join(parts).rstrip("\n") + "\n"
