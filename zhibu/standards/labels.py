"""Rules in the words a user reads: a rule code never stands without its title."""

from zhibu.standards.catalogue import by_id


def rule_label(rule_id: str) -> str:
    rule = by_id().get(rule_id)
    return f"{rule_id} {rule.title}" if rule is not None else rule_id
