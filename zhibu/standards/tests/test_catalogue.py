import io
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from zhibu.standards.catalogue import by_id, catalogue, parse

REPOSITORY = Path(settings.BASE_DIR)
RULES_DOC = REPOSITORY / "docs" / "rules.md"
# The rule families of the BTX catalogue and how many rules each has; IDs are stable and numbered without gaps.
FAMILIES = {"ORG": 7, "ELE": 5, "MTG": 17, "DEV": 23, "FEE": 10, "MEM": 8, "EDU": 2, "AGY": 6, "JL": 5}


def test_catalogue_loads_and_rules_without_records_are_marked_not_yet_evaluated():
    rules = catalogue()
    assert len(rules) == 83 and len({rule.id for rule in rules}) == 83
    evaluated = {rule.id for rule in rules if rule.evaluated}
    # Every ORG, MTG and DEV rule is evaluated, and the dues rules whose records exist; training waits.
    assert {f"ORG-0{n}" for n in range(1, 8)} | {f"MTG-{n:02d}" for n in range(1, 18)} <= evaluated
    assert "AGY-01" in evaluated and {"MEM-01", "MEM-02", "MEM-08"} <= evaluated
    assert {f"DEV-{n:02d}" for n in range(1, 24)} <= evaluated
    assert {"EDU-01", "EDU-02"} <= evaluated
    assert {"AGY-04", "AGY-05", "AGY-06"} <= evaluated
    assert {f"FEE-{n:02d}" for n in range(1, 11)} <= evaluated
    assert {"ELE-03", "ELE-04", "MEM-05", "MEM-06"}.isdisjoint(evaluated)


def test_catalogue_has_every_rule_of_each_family_with_its_statement_source_and_confidence():
    wanted = {f"{family}-{n:02d}" for family, count in FAMILIES.items() for n in range(1, count + 1)}
    assert {rule.id for rule in catalogue()} == wanted
    for rule in catalogue():
        assert len(rule.statement) >= 20 and rule.source and rule.confidence_label, rule.id
    # Rules a 工委 should be able to change are marked as less than certain, never as national rules.
    assert by_id()["MTG-07"].confidence == "M" and by_id()["AGY-04"].confidence == "L"


def test_docs_rules_md_is_what_the_command_generates(tmp_path):
    generated = tmp_path / "rules.md"
    call_command("rules_doc", output=generated, stdout=io.StringIO())
    assert RULES_DOC.read_text(encoding="utf-8") == generated.read_text(encoding="utf-8")
    text = RULES_DOC.read_text(encoding="utf-8")
    for rule in catalogue():
        assert f"### {rule.id} {rule.title}" in text and rule.statement in text
    call_command("rules_doc", output=RULES_DOC, check=True, stdout=io.StringIO())
    generated.write_text("stale", encoding="utf-8")
    with pytest.raises(CommandError, match="请运行 manage.py rules_doc"):
        call_command("rules_doc", output=generated, check=True, stdout=io.StringIO())


def test_the_code_cites_only_rules_of_the_repository_catalogue():
    """Comments cite docs/rules.md with a rule ID; every cited ID is in the catalogue, and nothing cites a rules file
    outside the repository."""
    known, cited, outside = set(by_id()), set(), []
    for path in [*REPOSITORY.joinpath("zhibu").rglob("*.py"), *REPOSITORY.joinpath("zhibu").rglob("*.html")]:
        if path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8")
        for citation in re.findall(r"docs/rules\.md[^\n]{0,80}", text):
            cited |= set(re.findall(r"\b[A-Z]{2,3}-\d{2}\b", citation))
        outside += [
            f"{path.name}: {line.strip()}"
            for line in text.splitlines()
            if re.search(r"(^|[\s(（])rules\.md|shared/domain", line)
        ]
    assert cited and cited <= known, cited - known
    assert outside == []


GOOD = {
    "id": "X-1",
    "title": "t",
    "category": "党费",
    "applies_to": ["branch"],
    "period": "month",
    "threshold": {},
    "severity": "error",
    "source": "s",
    "engine": "pending",
    "confidence": "H",
    "statement": "The rule in full.",
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"engine": None}, "缺少字段：engine"),
        ({"statement": None}, "缺少字段：statement"),
        ({"category": "其他"}, "类别"),
        ({"period": "week"}, "周期"),
        ({"threshold": {"per_head": 2}}, "参数“per_head”没有中文名称"),
        ({"confidence": "high"}, "可靠程度“high”无效"),
        ({"statement": "  "}, "statement应为非空文字"),
        ({"remark": "x"}, "未知字段：remark"),
    ],
)
def test_a_broken_catalogue_is_refused_with_the_reason(changes, message):
    entry = {key: value for key, value in {**GOOD, **changes}.items() if value is not None}
    assert parse(yaml.safe_dump([GOOD], allow_unicode=True))[0].statement == "The rule in full."
    with pytest.raises(ImproperlyConfigured, match=message):
        parse(yaml.safe_dump([entry], allow_unicode=True))


def test_catalogue_page(personas, client_as):
    page = client_as(personas["支部书记A1"]).get("/standards/catalogue/").content.decode()
    assert "MTG-04" in page and "未评估" in page and "共83条" in page and "已启用自动评估73条" in page
    assert "低：地方做法或尚未确认" in page  # how sure each rule's source is
