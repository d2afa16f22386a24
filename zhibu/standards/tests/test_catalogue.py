import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhibu.standards.catalogue import catalogue, parse

RULES_MD = Path(__file__).resolve().parents[4] / "shared" / "domain" / "rules.md"


def test_catalogue_loads_and_rules_without_records_are_marked_not_yet_evaluated():
    rules = catalogue()
    assert len(rules) == 83 and len({rule.id for rule in rules}) == 83
    evaluated = {rule.id for rule in rules if rule.evaluated}
    # Every ORG and MTG rule is evaluated, and the dues rules whose records exist; recruitment and training wait.
    assert {f"ORG-0{n}" for n in range(1, 8)} | {f"MTG-{n:02d}" for n in range(1, 18)} <= evaluated
    assert "AGY-01" in evaluated and {"MEM-01", "MEM-02", "MEM-08"} <= evaluated
    assert not any(rule.startswith(("DEV", "EDU")) for rule in evaluated)
    assert {f"FEE-{n:02d}" for n in range(1, 11)} <= evaluated
    assert {"ELE-03", "ELE-04", "MEM-05", "MEM-06"}.isdisjoint(evaluated)


@pytest.mark.skipif(not RULES_MD.exists(), reason="shared/domain/rules.md not beside the checkout")
def test_catalogue_has_exactly_the_rule_ids_of_rules_md():
    text = RULES_MD.read_text(encoding="utf-8")
    table = text[text.index("## Machine-checkable rule catalogue") :]
    wanted = set(re.findall(r"^\| ([A-Z]{2,3}-\d{2}) \|", table, flags=re.M))
    assert {rule.id for rule in catalogue()} == wanted


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "- {id: X-1, title: t, category: 组织设置, applies_to: [branch], period: month, threshold: {}, severity: error, "
            "source: s}",
            "缺少字段",
        ),
        (
            "- {id: X-1, title: t, category: 其他, applies_to: [branch], period: month, threshold: {}, severity: error, "
            "source: s, engine: pending}",
            "类别",
        ),
        (
            "- {id: X-1, title: t, category: 党费, applies_to: [branch], period: week, threshold: {}, severity: error, "
            "source: s, engine: pending}",
            "周期",
        ),
        (
            "- {id: X-1, title: t, category: 党费, applies_to: [branch], period: month, threshold: {}, severity: error, "
            "source: s, engine: guesswork}",
            "评估器",
        ),
        (
            "- {id: X-1, title: t, category: 党费, applies_to: [branch], period: month, threshold: {per_head: 2}, "
            "severity: error, source: s, engine: pending}",
            "参数“per_head”没有中文名称",
        ),
    ],
)
def test_a_broken_catalogue_is_refused_with_the_reason(entry, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse(entry)


def test_catalogue_page(personas, client_as):
    page = client_as(personas["支部书记A1"]).get("/standards/catalogue/").content.decode()
    assert "MTG-04" in page and "未评估" in page and "共83条" in page and "已启用自动评估44条" in page
