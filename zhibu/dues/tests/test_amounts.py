from decimal import Decimal

import pytest

from zhibu.dues.amounts import FARMER, HARDSHIP, LOW_INCOME, RETIRED, SALARIED, monthly_dues


@pytest.mark.parametrize(
    "base, expected",
    [
        ("0.00", "0.00"),
        ("2999.99", "15.00"),  # 0.5%: 14.99995 rounds half up to 15.00
        ("3000.00", "15.00"),  # the upper bound belongs to its own bracket
        ("3000.01", "30.00"),  # 1% of the whole base, not marginal
        ("5000.00", "50.00"),
        ("5000.01", "75.00"),  # 1.5% of 5000.01 = 75.00015
        ("5400.00", "81.00"),  # the regulation's worked example
        ("10000.00", "150.00"),
        ("10000.01", "200.00"),  # 2% of 10000.01 = 200.0002
        ("12345.67", "246.91"),  # 246.9134
        ("3333.33", "33.33"),
        ("1234.50", "6.17"),  # 6.1725 → 6.17 (half up at the fen: 6.1725 rounds to 6.17)
        ("1234.90", "6.17"),  # 6.1745 → 6.17
        ("1235.00", "6.18"),  # 6.175 → 6.18, half up (not banker's rounding)
    ],
)
def test_salaried_brackets_at_every_edge(base, expected):
    assert monthly_dues(SALARIED, Decimal(base)) == Decimal(expected)


@pytest.mark.parametrize(
    "base, expected",
    [("5000.00", "25.00"), ("5000.01", "50.00"), ("4999.99", "25.00"), ("8000.00", "80.00")],
)
def test_retired_brackets(base, expected):
    assert monthly_dues(RETIRED, Decimal(base)) == Decimal(expected)


def test_fixed_amounts():
    assert monthly_dues(LOW_INCOME, None) == Decimal("0.20")
    assert monthly_dues(FARMER, None, fixed=Decimal("0.5")) == Decimal("0.50")
    assert monthly_dues(HARDSHIP, None, fixed=Decimal("0")) == Decimal("0.00")
    assert isinstance(monthly_dues(SALARIED, Decimal("5400")), Decimal)
