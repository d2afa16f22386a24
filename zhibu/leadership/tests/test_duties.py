"""A leader's duties: the home page's 我的履职 panel (contact points, this quarter's visit, the year's visits, research
days and reports against AGY-04/AGY-05) and the 待办 reminder in a quarter's last month for a contact point not yet
visited in it — the leader's own task and the keepers'. Fixed clocks at quarter ends."""

import datetime

import pytest

from zhibu.core.inbox import Urgency
from zhibu.inbox.services import collect
from zhibu.leadership.tests.helpers import contact, research, visit
from zhibu.members.models import Member
from zhibu.testing import compact

REMINDER = "本季度尚未到党建联系点"


def _leader(personas):
    return Member.objects.get(user=personas["党员A1"])


def _tasks(user, today):
    return [task for task in collect(user, None, today).tasks if task.source == "leadership.quarter_visits"]


@pytest.mark.clock("2026-03-20 10:00")
def test_a_quarter_ending_without_a_visit_reminds_the_leader_and_the_keepers(tree, personas, client_as):
    today = datetime.date(2026, 3, 20)
    made = contact(tree.a, tree.a1, person=_leader(personas))
    [own] = _tasks(personas["党员A1"], today)
    assert own.personal and own.title == "本季度尚未到党建联系点支部A1（2026年3月31日前）"
    assert own.url == f"/leadership/contacts/{made.pk}/" and own.urgency == Urgency.OPEN
    [kept] = _tasks(personas["党委管理员A"], today)
    assert not kept.personal and kept.url == f"/leadership/contacts/{made.pk}/visits/new/"
    assert f"{made.leader.name}本季度尚未到联系点支部A1" in kept.title
    assert _tasks(personas["支部书记B1"], today) == []
    leader = client_as(personas["党员A1"])
    assert REMINDER in compact(leader.get("/inbox/").content)
    assert leader.get(own.url).status_code == 200  # the leader reads their own contact point without a role
    home = compact(leader.get("/").content)
    assert "我的履职（2026年）" in home and "本季度尚未到联系点" in home and "0/2次" in home
    assert "本年调研0天（应不少于30天）" in home and "还差30天" in home
    visit(made, datetime.date(2026, 3, 18))
    assert _tasks(personas["党员A1"], today) == [] and _tasks(personas["党委管理员A"], today) == []
    home = compact(leader.get("/").content)
    assert "已到1次" in home and "1/2次" in home and "还差1次" in home and "2026年3月18日" in home


@pytest.mark.clock("2026-02-20 10:00")
def test_no_reminder_before_the_quarters_last_month_but_the_panel_shows(tree, personas, client_as):
    contact(tree.a, tree.a1, person=_leader(personas))
    assert _tasks(personas["党员A1"], datetime.date(2026, 2, 20)) == []
    home = compact(client_as(personas["党员A1"]).get("/").content)
    assert "我的履职（2026年）" in home and "本季度尚未到联系点" in home


@pytest.mark.clock("2026-12-31 23:30")
def test_the_last_evening_of_the_year(tree, personas, client_as):
    today = datetime.date(2026, 12, 31)
    made = contact(tree.a, tree.a1, person=_leader(personas))
    visit(made, datetime.date(2026, 9, 30))  # the third quarter's, not the fourth's
    [own] = _tasks(personas["党员A1"], today)
    assert own.urgency == Urgency.DUE_SOON and own.due == today
    research(tree.a, made.leader, datetime.date(2026, 11, 2), days=30)
    home = compact(client_as(personas["党员A1"]).get("/").content)
    assert "1/2次" in home and "本年调研30天" in home and "调研报告1篇" in home and "已达到" in home


@pytest.mark.clock("2027-01-01 00:30")
def test_a_new_quarter_starts_without_a_reminder_and_a_new_year_counts_from_nought(tree, personas, client_as):
    made = contact(tree.a, tree.a1, person=_leader(personas), since=datetime.date(2026, 1, 5))
    visit(made, datetime.date(2026, 10, 8))
    research(tree.a, made.leader, datetime.date(2026, 11, 2), days=30)
    assert _tasks(personas["党员A1"], datetime.date(2027, 1, 1)) == []
    home = compact(client_as(personas["党员A1"]).get("/").content)
    assert "我的履职（2027年）" in home and "0/2次" in home and "本年调研0天" in home


@pytest.mark.clock("2026-03-31 23:30")
def test_a_leader_without_duties_sees_no_panel_and_a_closed_contact_point_reminds_nobody(tree, personas, client_as):
    assert "我的履职" not in compact(client_as(personas["支部书记A1"]).get("/").content)
    made = contact(tree.a, tree.a1, person=_leader(personas), since=datetime.date(2025, 1, 1))
    from zhibu.leadership import services
    from zhibu.testing import SETUP

    services.update_contact_point(actor=SETUP, contactpoint=made, until=datetime.date(2026, 1, 31))
    assert _tasks(personas["党员A1"], datetime.date(2026, 3, 31)) == []
    assert _tasks(personas["党委管理员A"], datetime.date(2026, 3, 31)) == []
    assert "我的履职" not in compact(client_as(personas["党员A1"]).get("/").content)
