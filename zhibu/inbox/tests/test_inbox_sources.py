"""The standards and dues sources of the inbox: a miss to explain, a 情况说明 to review, the month's dues to record."""

import datetime
import uuid

import pytest

from zhibu.dues import services as dues
from zhibu.inbox import services
from zhibu.standards import services as standards
from zhibu.standards.models import Verdict
from zhibu.testing import SETUP, make_member, seat_committee


def tasks_of(user, source, today):
    return [task for task in services.collect(user, None, today).tasks if task.source == source]


@pytest.mark.clock("2026-03-10T10:00")
@pytest.mark.usefixtures("live_verdicts")
def test_a_miss_waits_for_its_explanation_then_for_the_review_above(tree, personas, client_as):
    today = datetime.date(2026, 3, 10)
    seat_committee(tree.a1)
    standards.recompute(actor=SETUP, year=2026)
    missed = Verdict.objects.get(organization=tree.a1, rule_id="MTG-04", period_key="2026-01")
    secretary, reviewer = personas["支部书记A1"], personas["党委管理员A"]
    [explain] = [
        t for t in tasks_of(secretary, "verdict.missed", today) if t.url == f"/standards/verdicts/{missed.pk}/"
    ]
    assert explain.action == "写情况说明" and "MTG-04 支部委员会" in explain.title and "2026年1月" in explain.title
    assert not [t for t in tasks_of(personas["支部书记B1"], "verdict.missed", today) if t.organization.pk == tree.a1.pk]
    assert tasks_of(reviewer, "note.review", today) == []

    client_as(secretary).post(explain.url, {"text": "一月份支部委员集中参加培训，已于二月初补开。"})
    assert [t for t in tasks_of(secretary, "verdict.missed", today) if t.url == explain.url] == []
    [review] = tasks_of(reviewer, "note.review", today)
    assert review.url.startswith("/standards/notes/?status=submitted#note-")
    assert tasks_of(secretary, "note.review", today) == []  # a branch does not review its own note
    page = client_as(reviewer).get(review.url)
    assert f'id="{review.url.split("#")[1]}"' in page.content.decode()


@pytest.mark.clock("2026-05-12T10:00")
def test_the_months_dues_wait_until_every_member_is_recorded(tree, personas):
    today = datetime.date(2026, 5, 12)
    secretary = personas["支部书记A1"]
    members = [make_member(tree.a1, joined_on=datetime.date(2010, 7, 1)) for _ in range(3)]
    for member in members:
        dues.set_assessment(actor=secretary, member=member, year=2026, category="salaried", base="5000")
    [month] = tasks_of(secretary, "dues.month", today)
    assert "尚有3人未登记缴纳" in month.title and month.url == f"/dues/?organization={tree.a1.pk}&month=2026-05"
    assert month.due == datetime.date(2026, 5, 31)
    assert tasks_of(personas["支部书记B1"], "dues.month", today) == []
    for member in members:
        dues.record_payment(
            actor=secretary, member=member, month=datetime.date(2026, 5, 1), method="cash", key=uuid.uuid4().hex
        )
    assert tasks_of(secretary, "dues.month", today) == []
    [behind] = tasks_of(secretary, "dues.behind", today)  # January to April are unpaid
    assert behind.title.startswith("3名党员连续3个月以上未缴党费")
