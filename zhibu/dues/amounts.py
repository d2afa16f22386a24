"""The monthly dues of one member: one function, exact at every bracket edge (中组发〔2008〕3号).

One rate applies to the whole base (it is not marginal like income tax), each upper bound belongs to its own bracket,
money is Decimal in yuan, and the amount is rounded half up to the fen: 5400.00 → 1.5% → 81.00.
"""

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
FIXED_LOW = Decimal("0.20")  # students, laid-off and unemployed members, members on relief or 低保

SALARIED = "salaried"
RETIRED = "retired"
FARMER = "farmer"
LOW_INCOME = "low_income"
ANNUAL_SALARY = "annual_salary"
HARDSHIP = "hardship"

# (upper bound inclusive, rate); the last bracket has no upper bound
SALARIED_BRACKETS = (
    (Decimal(3000), Decimal("0.005")),
    (Decimal(5000), Decimal("0.01")),
    (Decimal(10000), Decimal("0.015")),
    (None, Decimal("0.02")),
)
RETIRED_BRACKETS = ((Decimal(5000), Decimal("0.005")), (None, Decimal("0.01")))


def rate_for(base: Decimal, brackets) -> Decimal:
    for upper, rate in brackets:
        if upper is None or base <= upper:
            return rate
    raise AssertionError("the last bracket has no upper bound")


def monthly_dues(category: str, base: Decimal | None, *, fixed: Decimal | None = None) -> Decimal:
    """The amount due each month. ``fixed`` is the amount for farmers (0.2–1 yuan) and the reduced amount of a
    hardship reduction (0 for an exemption); the others follow from the base."""
    if category in (SALARIED, ANNUAL_SALARY, RETIRED):
        if base is None:
            raise ValueError(f"dues of category {category} follow from a base, and none was given")
        brackets = RETIRED_BRACKETS if category == RETIRED else SALARIED_BRACKETS
        return (base * rate_for(base, brackets)).quantize(FEN, ROUND_HALF_UP)
    if category == LOW_INCOME:
        return FIXED_LOW
    if category in (FARMER, HARDSHIP):
        return (fixed or Decimal(0)).quantize(FEN, ROUND_HALF_UP)
    raise ValueError(f"unknown dues category {category!r}")
