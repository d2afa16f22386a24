"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

import datetime

from django.utils import timezone

from zhibu.standards import services
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, seat_committee


def _verdicts(tree, personas):
    # Last year's January is over whatever the test clock says, and a branch with a committee that never met misses it.
    year = timezone.localdate().year - 1
    for key in ("a1", "b1"):
        seat_committee(getattr(tree, key), since=datetime.date(year - 1, 1, 5))
    services.recompute(actor=SETUP, year=year, rule_ids={"MTG-04"})
    return {
        key: Verdict.objects.get(organization=getattr(tree, key), rule_id="MTG-04", period_key=f"{year}-01")
        for key in ("a1", "b1")
    }


def _notes(tree, personas):
    verdicts = _verdicts(tree, personas)
    made = {}
    for key, secretary in (("a1", "支部书记A1"), ("b1", "支部书记B1")):
        assert verdicts[key].status == VerdictStatus.MISSED
        made[key] = services.submit_note(
            actor=personas[secretary], verdict=verdicts[key], text="一月份支部委员集中参加培训，已于二月初补开。"
        )
    return made


def _overrides(tree, personas):
    # Only a 工委 sets parameters, for its whole subtree: the one override is above both branches.
    override = services.save_override(
        actor=personas["工委管理员"],
        organization=tree.gongwei,
        rule_id="MTG-07",
        key="at_least",
        value_text="2",
        reason="测试文件",
    )
    return {"gongwei": override}


RECORD_BUILDERS = {
    "standards.verdict": _verdicts,
    "standards.explanationnote": _notes,
    "standards.parameteroverride": _overrides,
}
