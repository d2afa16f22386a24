"""A person's hours are summed from the records (meetings at their kind's hours, 补学, class sessions, external
trainings), never typed; and the page, the member's phone page and the ledger show the same sum."""

import datetime
from decimal import Decimal

import pytest

from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind, Attendance
from zhibu.testing import SETUP, make_member
from zhibu.training import services
from zhibu.training.hours import hours_for, totals_for
from zhibu.training.tests.helpers import at, class_with, external, hold

# The records here are dated in 2026 (meetings, trainings, talks, reviews): judged at a moment after them.
pytestmark = pytest.mark.clock("2026-11-16T10:00")


@pytest.fixture
def member(tree):
    return make_member(tree.a1, name="学员甲", joined_on=datetime.date(2010, 7, 1))


def test_hours_are_summed_from_meetings_makeups_classes_and_external(tree, member):
    hold(tree.a1, "party_lecture", at(2026, 3, 5))  # 2
    hold(tree.a1, "theme_day", at(2026, 4, 5))  # 2
    hold(tree.a1, "general_meeting", at(2026, 6, 5))  # 1
    missed = hold(tree.a1, "party_lecture", at(2026, 7, 5), present=set())
    row = Attendance.objects.get(activity=missed, member=member)
    activity_services.record_makeup(actor=SETUP, attendance=row, done_on=datetime.date(2026, 7, 20), note="自学")  # 2
    hold(tree.a1, "party_lecture", at(2025, 12, 30))  # last year: not counted
    class_with([member], tree.a1, hours=("4", "3.5"))  # 7.5
    external(member, tree.a1, "12", concentrated=True)  # 12
    hours = hours_for([member.pk], 2026)[member.pk]
    assert hours.total == Decimal("26.5")
    assert hours.by_source() == {"组织生活": 5, "补学": 2, "培训班": Decimal("7.5"), "外部培训": 12}
    assert hours.concentrated == 2  # the class (two sessions, counted once) and the external training
    # the rules judge the database's sums: the same figures, for this person and for one with nothing
    nobody = make_member(tree.a1, name="学员乙")
    sums = totals_for([member.pk, nobody.pk], 2026)
    assert (sums[member.pk].total, sums[member.pk].concentrated) == (Decimal("26.5"), 2)
    assert (sums[nobody.pk].total, sums[nobody.pk].concentrated) == (hours_for([nobody.pk], 2026)[nobody.pk].total, 0)
    april = datetime.date(2026, 4, 30)
    early = totals_for([member.pk], 2026, until=april)[member.pk].total
    assert early == hours_for([member.pk], 2026, until=april)[member.pk].total < Decimal("26.5")


def test_changing_a_kinds_hours_changes_everyones_sum(tree, member, personas, client_as):
    hold(tree.a1, "party_lecture", at(2026, 3, 5))
    kind = ActivityKind.objects.get(code="party_lecture")
    response = client_as(personas["工委管理员"]).post("/training/kind-hours/", {"kind": kind.pk, "hours": "3.5"})
    assert response.status_code == 302
    assert hours_for([member.pk], 2026)[member.pk].total == Decimal("3.5")


def test_only_the_gongwei_sets_kind_hours(tree, personas, client_as):
    kind = ActivityKind.objects.get(code="party_lecture")
    response = client_as(personas["支部书记A1"]).post("/training/kind-hours/", {"kind": kind.pk, "hours": "9"})
    assert response.status_code == 403


def test_bad_hours_are_refused_in_chinese(tree, personas, client_as):
    kind = ActivityKind.objects.get(code="party_lecture")
    response = client_as(personas["工委管理员"]).post("/training/kind-hours/", {"kind": kind.pk, "hours": "abc"})
    assert response.status_code == 200
    assert "学时应为数字" in response.content.decode()


def test_attendance_only_for_people_on_the_roster(tree, member):
    other = make_member(tree.a1, name="未报名")
    made = class_with([member], tree.a1, hours=("2",))
    session = made.sessions.get()
    with pytest.raises(Exception, match="不在本培训班学员名单中"):
        services.record_session_attendance(actor=SETUP, session=session, present=[member, other])
    assert hours_for([member.pk], 2026)[member.pk].total == 2  # nothing half-written


def test_person_page_and_my_page_show_the_sum_and_what_is_missing(tree, personas, client_as):
    me = personas["党员A1"].member
    hold(tree.a1, "party_lecture", at(2026, 3, 5))
    external(me, tree.a1, "20")
    for client, url in (
        (client_as(personas["支部书记A1"]), f"/training/people/{me.pk}/"),
        (client_as(personas["党员A1"]), "/me/training/"),
    ):
        page = client.get(url).content.decode()
        assert "2026年学时：22学时" in page
        assert "还差10学时" in page
        assert "市委党校" in page


def test_a_member_cannot_open_anothers_hours_and_another_branch_is_404(tree, personas, client_as, member):
    assert client_as(personas["党员A1"]).get(f"/training/people/{member.pk}/").status_code == 404
    assert client_as(personas["支部书记B1"]).get(f"/training/people/{member.pk}/").status_code == 404


def test_hours_report_and_ledger(tree, personas, client_as, member):
    external(member, tree.a1, "40")
    client = client_as(personas["支部书记A1"])
    page = client.get(f"/training/?organization={tree.a1.pk}&year=2026").content.decode()
    assert "学员甲" in page and "40" in page
    ledger = client.get(f"/ledgers/training-hours/?organization={tree.a1.pk}&year=2026").content.decode()
    assert "党员学习培训学时台账" in ledger and "学员甲" in ledger
    for fmt in ("xlsx", "docx"):
        response = client.get(f"/ledgers/training-hours/?organization={tree.a1.pk}&year=2026&format={fmt}")
        assert response.status_code == 200
    assert client.get(f"/training/?organization={tree.b1.pk}").status_code == 404
