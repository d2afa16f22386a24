"""Builders for the 四强 tests: a locked star-rating sheet for a year, an application walked along its path.

The path's dates are fixed in November 2026 (the library's working days; 2 Nov is a Monday): applied 2 Nov for 2025,
reviewed 3 Nov, 公示 from Wednesday 4 Nov for 5 working days (the first counted) to Tuesday 10 Nov, named 11 Nov.
Tests that walk it run at ``APPLIED`` (``@pytest.mark.clock``) and move the clock forward as the path does."""

import datetime
import zoneinfo

import time_machine
from django.utils import timezone

from zhibu.branding import services
from zhibu.ratings.models import ScoringSheet
from zhibu.testing import SETUP

APPLIED = "2026-11-02T10:00"
D = datetime.date
YEAR = 2025
REVIEWED, PUBLICISED, PUBLICITY_ENDS, NAMED = D(2026, 11, 3), D(2026, 11, 4), D(2026, 11, 10), D(2026, 11, 11)
OBJECTED = D(2026, 11, 5)
EVIDENCE = "全年“三会一课”按期召开，书记项目“窗口服务提速”办结率100%，群众满意度98%。"


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def rating_row(branch, four_strong=True, stars=5) -> dict:
    share = 92.0 if four_strong else 70.0
    return {
        "organization_id": branch.pk,
        "organization": str(branch),
        "earned": "92.0",
        "possible": "100.0",
        "percent": share,
        "stars": stars,
        "four_strong": four_strong,
        "dimensions": {"political": share, "committee": 95.0, "members": 90.0, "impact": 88.0},
    }


def locked_sheet(authority, rows, year=YEAR) -> ScoringSheet:
    """A 定稿 sheet with the given result rows (the ratings app's own path to 定稿 needs every item scored: its tests
    cover that; here only the locked result matters)."""
    return ScoringSheet.objects.create(
        organization=authority,
        year=year,
        title=f"{year}年度星级评定（{authority.name}）",
        star_lines={"5": 90, "4": 80, "3": 70, "2": 60},
        final_results=rows,
        locked_at=timezone.now(),
    )


def apply(branch, actor=SETUP, year=YEAR):
    return services.apply(actor=actor, organization=branch, year=year, evidence=EVIDENCE)


def walked(branch, authority, *, through: str = "publicise"):
    """An application of ``branch`` (its rating locked by ``authority``) walked on the fixed dates through
    'submit', 'review', 'publicise' or 'name'. Runs at its own moments, whatever the test's clock says."""
    with time_machine.travel(at(D(2026, 11, 2), 9), tick=False) as traveller:
        if not ScoringSheet.objects.filter(organization=authority, year=YEAR).exists():
            locked_sheet(authority, [rating_row(branch)])
        else:
            sheet = ScoringSheet.objects.get(organization=authority, year=YEAR)
            sheet.final_results = [*sheet.final_results, rating_row(branch)]
            sheet.save(update_fields=["final_results"])
        application = apply(branch)
        if through == "submit":
            return application
        traveller.move_to(at(REVIEWED))
        application = services.review(
            actor=SETUP, application=application, happened_on=REVIEWED, agrees=True, note="审核通过"
        )
        if through == "review":
            return application
        traveller.move_to(at(PUBLICISED))
        application = services.publicise(actor=SETUP, application=application, happened_on=PUBLICISED, publicity_days=5)
        if through == "publicise":
            return application
        traveller.move_to(at(NAMED))
        return services.name(actor=SETUP, application=application, happened_on=NAMED)
