"""The evaluators, each registered once with everything the engine needs to know of it: the name the catalogue's
``engine`` field uses, the kinds of record whose change refreshes its verdicts, whether it judges today's state
(现状) or periods, and the meeting kinds it reads when its rule names none. A leaf module: the evaluators import it,
it imports none of them."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from zhibu.core.derived import Topic

if TYPE_CHECKING:  # names for the signature only: the engine and the catalogue import the evaluators at run time
    from zhibu.standards.catalogue import Rule
    from zhibu.standards.engine import Context, Outcome

# Topics most organisation-setup evaluators read.
ORGANIZATION_TOPICS = (Topic.MEMBERS, Topic.COMMITTEES, Topic.ORGANIZATIONS)


class EvaluatorFunction(Protocol):
    """An evaluator judges one rule over the run's slice (every applicable organisation and period of ``ctx``) and
    returns the outcomes, one per organisation and period."""

    def __call__(self, rule: "Rule", ctx: "Context", /) -> "Iterable[Outcome]": ...


@dataclass(frozen=True)
class Evaluator:
    name: str
    function: EvaluatorFunction
    topics: frozenset[Topic]
    snapshot: bool  # judged on today's state (period "现状"), whatever the catalogue's period says
    default_kinds: tuple[str, ...] | None  # meeting kinds read when the rule names none; None = all
    whole_year: bool = False  # a change re-judges the year: a record can move a finding to another month
    reads: tuple[str, ...] | None = None  # the threshold keys it reads (a 工委 may override only these); None = all


_REGISTRY: dict[str, Evaluator] = {}


def evaluator(
    name: str,
    *,
    topics: Iterable[Topic | str],
    snapshot: bool = False,
    kinds: Iterable[str] | None = None,
    whole_year: bool = False,
    reads: Iterable[str] | None = None,
) -> Callable[[EvaluatorFunction], EvaluatorFunction]:
    """Register the decorated function as the evaluator ``name``. An unknown topic or a name used twice fails at
    import, so a misspelling cannot silently keep a verdict from refreshing."""

    def register(function: EvaluatorFunction) -> EvaluatorFunction:
        if name in _REGISTRY:
            raise ValueError(f"evaluator {name!r} is registered twice")
        _REGISTRY[name] = Evaluator(
            name=name,
            function=function,
            topics=frozenset(Topic(topic) for topic in topics),
            snapshot=snapshot,
            default_kinds=tuple(kinds) if kinds is not None else None,
            whole_year=whole_year,
            reads=tuple(reads) if reads is not None else None,
        )
        return function

    return register


def registered() -> dict[str, Evaluator]:
    """Every evaluator, by name (the evaluator modules register themselves when ``zhibu.standards.evaluators`` is
    imported)."""
    import zhibu.standards.evaluators  # noqa: F401 — importing the package registers its modules

    return dict(_REGISTRY)
