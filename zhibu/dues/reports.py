"""Dues totals: what was due and what was collected, per organisation and month, from the assessments and payments."""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from zhibu.dues.models import Assessment, Payment

ZERO = Decimal("0.00")
FEN = Decimal("0.01")


def due_by_month(assessments) -> dict:
    """(organisation id, month number) → amount due, from each assessment's monthly amount and start date."""
    due: defaultdict[Any, Decimal] = defaultdict(lambda: ZERO)
    for organization_id, amount, starts_on, year in assessments.values_list(
        "organization_id", "monthly_amount", "starts_on", "year"
    ):
        first = starts_on.month if starts_on.year == year else 1
        for month in range(first, 13):
            due[(organization_id, month)] += amount
    return due


def paid_by_month(payments) -> tuple[dict, dict]:
    """(organisation id, month number) → dues collected (reversals netted), and → voluntary extra payments."""
    paid: defaultdict[Any, Decimal] = defaultdict(lambda: ZERO)
    voluntary: defaultdict[Any, Decimal] = defaultdict(lambda: ZERO)
    for organization_id, month, kind, total in (
        payments.values("organization_id", "month", "kind")
        .annotate(total=Sum("amount"))
        .values_list("organization_id", "month", "kind", "total")
    ):
        target = voluntary if kind == Payment.Kind.VOLUNTARY else paid
        # SQLite sums decimals as floats: back to exact yuan and fen before anything adds them up
        target[(organization_id, month.month)] += Decimal(str(total)).quantize(FEN)
    return paid, voluntary


def year_figures(user, organizations, year: int, action: str = "view"):
    """Per organisation of the list (each with its subtree) and month: due, paid, voluntary."""
    assessments = Assessment.objects.visible_to(user, action).filter(year=year)
    payments = Payment.objects.visible_to(user, action).filter(month__year=year)
    due = due_by_month(assessments)
    paid, voluntary = paid_by_month(payments)
    paths = dict(assessments.values_list("organization_id", "organization__path").distinct()) | dict(
        payments.values_list("organization_id", "organization__path").distinct()
    )
    rows = []
    for organization in organizations:
        months = []
        for month in range(1, 13):
            inside = [pk for pk, path in paths.items() if path.startswith(organization.path)]
            months.append(
                (
                    sum((due[(pk, month)] for pk in inside), ZERO),
                    sum((paid[(pk, month)] for pk in inside), ZERO),
                    sum((voluntary[(pk, month)] for pk in inside), ZERO),
                )
            )
        rows.append((organization, months))
    return rows
