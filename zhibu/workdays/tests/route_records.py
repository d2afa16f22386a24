"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``). The calendar is one for the whole
installation, so the two records are two entered days, neither any branch's."""

import datetime

from django.utils import timezone

from zhibu.testing import SETUP
from zhibu.workdays import services
from zhibu.workdays.models import ConfirmedYear, DayOverride


def _overrides(tree, personas):
    soon = timezone.localdate() + datetime.timedelta(days=10)
    return {
        key: services.add_override(
            actor=SETUP, day=soon + datetime.timedelta(days=offset), kind=DayOverride.Kind.REST, name="测试假日"
        )
        for offset, key in enumerate(("a1", "b1"))
    }


def _confirmed_years(tree, personas):
    # Written directly: the service confirms only next year (the one plan published ahead), and the route test needs
    # two years at whatever clock it runs. Far beyond any library release, so no real year is touched.
    years = {}
    for key, year in (("a1", 2098), ("b1", 2099)):
        years[key] = ConfirmedYear.objects.create(year=year, confirmed_at=timezone.now())
    return years


RECORD_BUILDERS = {
    "workdays.dayoverride": _overrides,
    "workdays.confirmedyear": _confirmed_years,
}
