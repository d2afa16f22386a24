"""Rule codes in words. The standards catalogue lives above core, so it registers how a rule code is read
(``register_rule_labeller``, from its ``ready()``); until then a code reads as itself."""

from collections.abc import Callable

_labeller: list[Callable[[str], str]] = []


def register_rule_labeller(labeller: Callable[[str], str]) -> None:
    _labeller[:] = [labeller]


def rule_label(rule_id: str) -> str:
    """ "MTG-04 支部委员会每月至少召开1次": wherever a rule code is shown, its title comes with it."""
    return _labeller[0](rule_id) if _labeller else rule_id
