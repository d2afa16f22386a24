"""Every evaluated rule is named by an engine test: a test that records something through the services and reads the
verdict, so a wrong evaluator fails it. The modules below are those tests; a rule code counts when it is quoted."""

import re
from pathlib import Path

from zhibu.standards.catalogue import catalogue

ROOT = Path(__file__).resolve().parents[2]
ENGINE_TESTS = (
    "standards/tests/test_engine.py",
    "standards/tests/test_org_rules.py",
    "standards/tests/test_meeting_rules.py",
    "standards/tests/test_pages.py",
    "standards/tests/test_snapshot_rules.py",
    "dues/tests/test_fee_rules.py",
    "dues/tests/test_verdicts.py",
    "committees/tests/test_committees.py",
    "committees/tests/test_term_delay.py",
    "organizations/tests/test_organizations.py",
    "recruitment/tests/test_verdicts.py",
    "training/tests/test_verdicts.py",
    "leadership/tests/test_verdicts.py",
    "secretary_reviews/tests/test_verdicts.py",
    "awards/tests/test_verdicts.py",
)


def named_in_engine_tests() -> set[str]:
    codes = set()
    for module in ENGINE_TESTS:
        codes |= set(re.findall(r"[\"']([A-Z]{3}-\d{2})[\"']", (ROOT / module).read_text(encoding="utf-8")))
    return codes


def test_every_evaluated_rule_is_named_by_an_engine_test():
    evaluated = {rule.id for rule in catalogue() if rule.evaluated}
    untested = evaluated - named_in_engine_tests()
    assert not untested, f"evaluated rules without an engine test: {sorted(untested)}"
