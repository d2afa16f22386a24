"""Builders for the care tests: a member of a branch put on the registry, a visit, through the services."""

import datetime
from decimal import Decimal

from zhibu.care import services
from zhibu.testing import SETUP, make_member

CLOCK = "2027-01-25T10:00"  # twelve days before 春节 2027 (6 February)


def case(organization, name: str = "困难党员甲", kind: str = "hardship", since=datetime.date(2026, 3, 1), **member):
    person = make_member(organization, name=name, **member)
    return services.register_case(
        actor=SETUP, member=person, kind=kind, reason="本人患重病，家庭收入低", since=since, level="key"
    )


def visit(made, on: datetime.date, amount: str | None = "500.00", kind: str = "condolence"):
    return services.record_visit(
        actor=SETUP,
        carecase=made,
        kind=kind,
        visited_on=on,
        visitors="支部书记王某",
        note="送去慰问金和米面油",
        amount=Decimal(amount) if amount is not None else None,
    )
