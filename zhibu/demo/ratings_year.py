"""The demo's 星级评定: the 工委's sheet for the current year with the default items; the assessors have scored most
branches on the manual items and left a few for later, so the sheet shows both settled and provisional results."""

import random
from decimal import Decimal

from zhibu.accounts.models import User
from zhibu.ratings import services
from zhibu.ratings.models import ScoringItem

BASES = (
    "查阅年度工作台账，落实情况较好",
    "书记项目按计划推进，成效明显",
    "服务对象评价较好",
    "个别事项落实偏慢，已提醒",
)


def build_ratings(year: int, seed: int = 2024) -> int:
    """Returns the number of manual scores given."""
    rng = random.Random(seed)
    assessor = User.objects.get(username="gongwei")
    gongwei = assessor.role_grants.get().organization
    sheet = services.create_sheet(actor=assessor, organization=gongwei, year=year, five_star_quota=20)
    manual = list(sheet.items.filter(kind=ScoringItem.Kind.MANUAL))
    branches = services.branches_of(sheet)
    given = 0
    for branch in branches[: len(branches) - 3]:
        for item in manual:
            points = (item.points * Decimal(rng.randrange(70, 101)) / 100).quantize(Decimal("0.1"))
            services.score(actor=assessor, item=item, organization=branch, points=points, basis=rng.choice(BASES))
            given += 1
    return given
