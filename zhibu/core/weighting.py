"""A weighted score shown with its arithmetic, shared by the year-end reviews (书记述职评议 and 党务工作者考核): parts
(a rater group's ballot scores, an indicator's value) each with a weight in per cent; a part with nothing to count
drops out and the others' weights are taken over what remains, and the formula says so."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def mean(values: Sequence[Decimal | int]) -> Decimal | None:
    return Decimal(sum(values, Decimal(0))) / len(values) if values else None


def cents(value: Decimal | None) -> str:
    return str(value.quantize(CENT, ROUND_HALF_UP)) if value is not None else ""


@dataclass(frozen=True)
class Part:
    label: str
    weight: int
    values: tuple[Decimal | int, ...]

    @property
    def mean(self) -> Decimal | None:
        return mean(self.values)


@dataclass(frozen=True)
class Weighted:
    parts: tuple[Part, ...]

    @property
    def used_weight(self) -> int:
        return sum(part.weight for part in self.parts if part.values)

    @property
    def score(self) -> Decimal | None:
        used = self.used_weight
        if not used:
            return None
        total = sum((Decimal(part.mean or 0) * part.weight for part in self.parts if part.values), Decimal(0))
        return (total / used).quantize(CENT, ROUND_HALF_UP)

    def terms(self) -> str:
        """The sum as written out, e.g. ``(85.00×40% + 70.00×30%) ÷ 70%（…）``, without its result."""
        text = " + ".join(f"{cents(part.mean)}×{part.weight}%" for part in self.parts if part.values)
        if self.used_weight != sum(part.weight for part in self.parts):
            text = f"({text}) ÷ {self.used_weight}%（无数据的项不计，其余权重按比例折算）"
        return text


def combine(parts: Iterable[Part]) -> Weighted:
    return Weighted(tuple(parts))
