"""An inspector reads rules by their titles and periods in words, on the target page, its form and the item."""

import datetime
import uuid

import pytest

from zhibu.inspections.models import InspectionPlan, RectificationItem
from zhibu.standards import services as standards_services
from zhibu.standards.models import Verdict
from zhibu.testing import SETUP, make_member, seat_committee

pytestmark = pytest.mark.usefixtures("live_verdicts")
RULE = "MTG-04 支部委员会一般每月召开1次"


def test_verdicts_and_rules_read_in_words_where_an_inspector_works(tree, personas, client_as):
    owner = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    seat_committee(tree.a1, since=datetime.date(2024, 1, 5))
    standards_services.recompute(actor=SETUP, year=2025)
    admin = client_as(personas["工委管理员"])
    plan_form = {
        "organization": tree.gongwei.pk,
        "scope": tree.gongwei.pk,
        "title": "一季度组织生活督查",
        "kind": "regular",
        "period_start": "2025-01-01",
        "period_end": "2025-03-31",
        "inspectors": [personas["工委管理员"].pk],
        "submission_key": uuid.uuid4().hex,
    }
    admin.post("/inspections/new/", plan_form)
    plan = InspectionPlan.objects.get()
    target = plan.targets.get(organization=tree.a1)
    page = admin.get(f"/inspections/{plan.pk}/targets/{target.pk}/").content.decode()
    assert f"{RULE}（2025年1月）" in page and "2025-01" not in page
    assert f'<option value="MTG-04">{RULE}</option>' in page
    verdict = Verdict.objects.get(organization=tree.a1, rule_id="MTG-04", period_key="2025-01")
    finding = {
        "found_on": "2025-04-10",
        "description": "一月未召开支委会",
        "verdict": verdict.pk,
        "rule_id": "MTG-04",
        "task_1": "补开支委会并补记会议记录",
        "owner_1": owner.pk,
        "deadline_1": "2025-04-30",
        "evidence_1": "会议记录扫描件",
        "submission_key": uuid.uuid4().hex,
    }
    admin.post(f"/inspections/{plan.pk}/targets/{target.pk}/", finding)
    item = RectificationItem.objects.get()
    detail = admin.get(f"/inspections/items/{item.pk}/").content.decode()
    assert f"{RULE}（2025年1月）" in detail and "2025-01" not in detail
