"""The risk register: risk points with level, controls and owner; an overdue periodic review is in the 待办 inbox of
the organisation's keepers until the review is recorded, which moves the next one on by the interval."""

import datetime

import pytest
from rest_framework.test import APIClient

from zhibu.integrity.inbox import reviews_due
from zhibu.integrity.models import RiskPoint
from zhibu.integrity.services import add_months
from zhibu.integrity.tests.helpers import risk
from zhibu.testing import compact

# The records here are dated in 2026 (meetings, trainings, talks, reviews): judged at a moment after them.
pytestmark = pytest.mark.clock("2026-11-16T10:00")

D = datetime.date


def test_months_are_added_to_the_months_last_day():
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2026, 3, 1), 6) == D(2026, 9, 1)
    assert add_months(D(2026, 11, 16), 14) == D(2028, 1, 16)


def test_an_overdue_review_is_in_the_inbox_until_it_is_recorded(tree, personas, client_as):
    made = risk(tree.a1)  # identified 1 March 2026, every 6 months: due 1 September 2026
    assert made.next_review_on == D(2026, 9, 1)
    secretary = client_as(personas["支部书记A1"])
    inbox = compact(secretary.get("/inbox/").content)
    assert "廉政风险点复查（高）" in inbox and "应于2026年9月1日前复查，已逾期" in inbox
    for name in ("支部书记B1", "党员A1", "纪检A"):
        assert reviews_due(personas[name], None, D(2026, 11, 16)) == []
    form = secretary.get(f"/integrity/risks/{made.pk}/reviews/new/")
    body = {
        "submission_key": form.context["form"]["submission_key"].value(),
        "reviewed_on": "2026-11-16",
        "reviewer": "纪检委员李某",
        "finding": "双人审核落实，未发现问题",
        "level": "medium",
        "active": "on",
    }
    assert secretary.post(f"/integrity/risks/{made.pk}/reviews/new/", body).status_code == 302
    made.refresh_from_db()
    assert made.next_review_on == D(2027, 5, 16) and made.level == "medium"
    assert reviews_due(personas["支部书记A1"], None, D(2026, 11, 16)) == []
    page = compact(secretary.get(f"/integrity/risks/{made.pk}/").content)
    assert "2027年5月16日" in page and "纪检委员李某" in page


def test_the_register_is_scoped_and_refuses_bad_input(tree, personas, client_as):
    ours, theirs = risk(tree.a1), risk(tree.b1, post="审批科窗口岗")
    assert client_as(personas["纪检A"]).get(f"/integrity/risks/{ours.pk}/").status_code == 200
    assert client_as(personas["支部书记A1"]).get(f"/integrity/risks/{theirs.pk}/").status_code == 404
    api = APIClient()
    api.force_authenticate(personas["支部书记B1"])
    assert [row["post"] for row in api.get("/api/v1/integrity-risks/").json()["results"]] == ["审批科窗口岗"]
    secretary = client_as(personas["支部书记A1"])
    form = secretary.get("/integrity/risks/new/")
    body = {
        "submission_key": form.context["form"]["submission_key"].value(),
        "organization": tree.a1.pk,
        "post": "采购岗",
        "description": "好",
        "level": "high",
        "controls": "三人询价",
        "owner": "办公室主任",
        "review_interval_months": "30",
        "identified_on": "2026-11-01",
    }
    page = secretary.post("/integrity/risks/new/", body).content.decode()
    assert "复查周期应为1至24个月" in page or "24" in page
    page = secretary.post("/integrity/risks/new/", {**body, "review_interval_months": "6"}).content.decode()
    assert "请填写风险点" in page
    assert RiskPoint.objects.count() == 2
    export = secretary.get("/integrity/risks/export/")
    assert export.status_code == 200
