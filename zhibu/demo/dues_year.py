"""The demo's dues: every member assessed for each year of the demo's twelve months (salaried, retired, a few on the
fixed 0.20), paid month by month by most, with planted arrears (three, four and seven months), a back-payment and a
1000-yuan voluntary payment, recorded by each agency's 党委 administrator through the services."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from zhibu.accounts.models import User
from zhibu.dues import services
from zhibu.members.models import Category, Member
from zhibu.members.validation import add_months

ARREARS = (3, 4, 7)  # months the planted members are behind


def build_dues(today: datetime.date, seed: int = 2024) -> int:
    """The dues of the twelve complete months before today's month (assessed for each year they touch, so arrears run
    across a new year as they do in life); returns the number of payments recorded."""
    rng = random.Random(seed)
    recorders = [
        (user.role_grants.get().organization.path, user)
        for user in User.objects.filter(username__startswith="dangwei", is_demo=True).order_by("username")
    ]
    last_month = add_months(today.replace(day=1), -1)
    first_month = add_months(last_month, -11)
    members = list(Member.objects.current().select_related("organization").order_by("organization__path", "id"))
    planted = {members[index * 37 % len(members)].pk: months for index, months in enumerate(ARREARS, start=1)}
    count = 0
    monthly = defaultdict(list)  # recorder → the monthly payments they record, loaded in one go
    voluntary = []
    for index, member in enumerate(members):
        actor = next((user for path, user in recorders if member.organization.path.startswith(path)), None)
        if actor is None:
            continue
        if member.is_retired:
            category, base = "retired", Decimal(rng.randrange(3500, 9000))
        elif index % 41 == 5:
            category, base = "low_income", None
        else:
            category, base = "salaried", Decimal(rng.randrange(2800, 16000))
        starts = {}
        for year in range(max(first_month.year, member.joined_on.year), last_month.year + 1):
            assessment = services.set_assessment(actor=actor, member=member, year=year, category=category, base=base)
            starts[year] = assessment.starts_on.replace(day=1)
        stop = add_months(last_month, -planted[member.pk]) if member.pk in planted else last_month
        month = max(first_month, min(starts.values()))
        while month <= stop:
            if month >= starts.get(month.year, stop + datetime.timedelta(days=1)):
                method = "transfer" if rng.random() < 0.7 else "cash"
                paid_on = min(month + datetime.timedelta(days=rng.randrange(0, 20)), today)
                monthly[actor].append((member, month, method, f"demo-{member.pk}-{month:%Y%m}", paid_on))
            month = add_months(month, 1)
        if index == 11 and member.category == Category.FULL:
            voluntary.append((actor, member))
    for actor, rows in monthly.items():
        count += services.load_payments(actor=actor, rows=rows)
    for actor, member in voluntary:
        services.record_payment(
            actor=actor,
            member=member,
            month=last_month,
            method="transfer",
            key=f"demo-voluntary-{member.pk}",
            amount="1000",
            voluntary=True,
            note="自愿多交",
        )
        count += 1
    return count
