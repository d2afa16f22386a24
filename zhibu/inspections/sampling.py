"""The draw of a 随机抽查: reproducible from its recorded seed, optionally weighted toward low compliance.

Weighted sampling without replacement by Efraimidis and Spirakis (2006): every candidate gets the key u^(1/w) for a
uniform u from the seeded generator, and the largest keys are drawn. Candidates are keyed in a fixed order (by
organisation path), so the same seed and the same basis always give the same branches.
"""

import random
import secrets
from dataclasses import dataclass

MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class Candidate:
    organization_id: int
    path: str
    compliance_rate: float | None
    weight: float

    def as_basis(self) -> list:
        return [self.organization_id, self.path, self.compliance_rate, self.weight]

    @classmethod
    def from_basis(cls, row: list) -> "Candidate":
        return cls(int(row[0]), str(row[1]), row[2], float(row[3]))


def weight_for(compliance_rate: float | None, weighted: bool) -> float:
    """A branch at 60% is five times as likely to be drawn as one at 100%; a branch not yet judged counts as 100%."""
    if not weighted or compliance_rate is None:
        return 1.0
    return round(1.0 + (100.0 - compliance_rate) / 10.0, 4)


def new_seed() -> int:
    return secrets.randbelow(MAX_SEED) + 1


def draw(candidates: list[Candidate], size: int, seed: int) -> list[Candidate]:
    rng = random.Random(seed)
    keyed = [(rng.random() ** (1.0 / candidate.weight), candidate) for candidate in sorted(candidates, key=_order)]
    keyed.sort(key=lambda pair: pair[0], reverse=True)
    return [candidate for _, candidate in keyed[:size]]


def _order(candidate: Candidate):
    return candidate.path
