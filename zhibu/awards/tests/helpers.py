"""Builders for the awards tests: a round, members to fill a branch, a nomination walked along the selection path.

The path's dates are fixed in November 2026 (the library's working days; 2 Nov is a Monday): nominated 2 Nov, 公示
from Wednesday 4 Nov for 5 working days (the first counted) to Tuesday 10 Nov, 纪检 opinion 11 Nov, approval 12 Nov.
Tests that walk it run at ``NOMINATED`` (``@pytest.mark.clock``) and move the clock forward as the path does."""

import datetime
import zoneinfo

import time_machine

from zhibu.awards import services
from zhibu.awards.models import Category
from zhibu.testing import SETUP, make_member

NOMINATED = "2026-11-02T10:00"
D = datetime.date
EVALUATED, STUDIED, PUBLICISED, PUBLICITY_ENDS = D(2026, 11, 2), D(2026, 11, 3), D(2026, 11, 4), D(2026, 11, 10)
OBJECTED, CLEARED, DECIDED = D(2026, 11, 5), D(2026, 11, 11), D(2026, 11, 12)
REASONS = "带头落实“三会一课”，全年无缺勤，牵头完成窗口服务改进工作。"


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def award_round(authority, **overrides):
    fields = {
        "year": 2026,
        "title": f"2026年度“两优一先”评选（{authority.name}）",
        "opens_on": D(2026, 11, 1),
        "closes_on": D(2026, 11, 30),
    }
    fields.update(overrides)
    return services.create_round(actor=SETUP, organization=authority, **fields)


def fill(branch, total: int) -> list:
    """Members on the branch's roll until it holds ``total``."""
    from zhibu.members.models import Member

    have = Member.objects.current().in_subtree(branch).count()
    return [make_member(branch, name=f"党员{branch.pk}-{i}") for i in range(have, total)]


def nominate(award, member=None, organization=None, actor=SETUP, category=None):
    category = category or (Category.OUTSTANDING_MEMBER if member is not None else Category.ADVANCED_ORG)
    return services.nominate(
        actor=actor, round=award, category=category, reasons=REASONS, member=member, organization=organization
    )


def step(nomination, name, day, note="按程序办理，同意", agrees=True, actor=SETUP):
    return services.record_step(
        actor=actor, nomination=nomination, step=name, happened_on=day, note=note, agrees=agrees
    )


def to_publicity(nomination, traveller, actor=SETUP):
    """Evaluation, study and 公示 on their fixed dates; the clock is left at the start of the 公示."""
    traveller.move_to(at(EVALUATED))
    nomination = step(nomination, "evaluate", EVALUATED, "参加评议党员20人，同意19人", actor=actor)
    traveller.move_to(at(STUDIED))
    nomination = step(nomination, "study", STUDIED, "支委会研究同意推荐", actor=actor)
    traveller.move_to(at(PUBLICISED))
    return step(nomination, "publicise", PUBLICISED, actor=actor)


def walked(branch, authority, member=None, *, through: str = "publicise"):
    """A nomination in ``branch`` walked (on the fixed dates) through ``through``: 'publicise', 'discipline' or
    'decide' (an honour written). Runs at its own moments, whatever the test's clock says."""
    with time_machine.travel(at(EVALUATED, 9), tick=False) as traveller:
        award = award_round(authority, member_cap_percent=100, org_cap_percent=100)
        member = member or make_member(branch, name=f"候选人{branch.pk}")
        nomination = to_publicity(nominate(award, member=member), traveller)
        if through == "publicise":
            return nomination
        traveller.move_to(at(CLEARED))
        nomination = step(nomination, "discipline", CLEARED, "经查，未发现违规违纪问题")
        if through == "discipline":
            return nomination
        traveller.move_to(at(DECIDED))
        return step(nomination, "decide", DECIDED, "同意")
