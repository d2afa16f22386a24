"""The evaluators, registered by ``zhibu.standards.registry.evaluator`` in the modules below; the catalogue's ``engine``
field names one of them ("pending" means not evaluated yet). The tables the engine reads are derived from the
registrations, so an evaluator is described in one place, beside its code."""

from zhibu.standards.catalogue import Rule
from zhibu.standards.evaluators import (  # noqa: F401 — they register
    awards,
    dues,
    leadership,
    life,
    meetings,
    members,
    organization,
    recruitment,
    secretary_reviews,
    training,
)
from zhibu.standards.registry import registered

_EVALUATORS = registered()
EVALUATORS = {name: entry.function for name, entry in _EVALUATORS.items()}
# Which kinds of record each evaluator reads: a change to them refreshes its verdicts (zhibu.core.derived).
TOPICS = {name: entry.topics for name, entry in _EVALUATORS.items()}
# Judged on today's state (period "现状"), whatever the catalogue period says.
SNAPSHOT_ENGINES = frozenset(name for name, entry in _EVALUATORS.items() if entry.snapshot)
# The meeting kinds an evaluator reads when its rule names none; evaluators missing here and from the rule read all.
# Re-judged for the whole year after any change they read (the findings of a record can fall in another month).
WHOLE_YEAR_ENGINES = frozenset(name for name, entry in _EVALUATORS.items() if entry.whole_year)
# The threshold keys an evaluator reads, where it reads only some: a 工委 may override only those.
READS = {name: entry.reads for name, entry in _EVALUATORS.items() if entry.reads is not None}
DEFAULT_KINDS = {name: entry.default_kinds for name, entry in _EVALUATORS.items() if entry.default_kinds is not None}

# Rules that also read another rule's parameters: a 工委 changing FEE-05's start-of-year period changes which
# assessments the other 党费 snapshot rules judge.
READS_PARAMETERS_OF = {"FEE-05": frozenset({"FEE-01", "FEE-02", "FEE-03", "FEE-04", "FEE-06", "FEE-07", "FEE-10"})}


def reads_kind(rule: Rule, kind: str) -> bool:
    """Whether a change to a meeting of this kind can change the rule's verdicts ("" = unknown: yes)."""
    if not kind:
        return True
    threshold = rule.threshold
    kinds = threshold.get("activity_kinds") or (
        [threshold["activity_kind"]] if "activity_kind" in threshold else DEFAULT_KINDS.get(rule.engine)
    )
    return kinds is None or kind in kinds
