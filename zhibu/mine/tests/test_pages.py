"""An ordinary member's own pages under /me/, as the 党员A1 persona, as a user with no Member record, and never
showing another member's data."""

import datetime

import pytest
from django.utils import timezone

from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind, Attendance
from zhibu.dues import services as dues_services
from zhibu.members.validation import add_months
from zhibu.mine import services
from zhibu.mine.services import MonthState
from zhibu.testing import SETUP, make_member, persona

PAGES = ("/me/", "/me/dues/", "/me/notices/", "/me/profile/", "/me/training/")


def plan(branch, title, when, code="general_meeting", place="三楼会议室"):
    return activity_services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code=code),
        title=title,
        planned_at=when,
        place=place,
    )


def held(branch, title, days_ago=10, code="general_meeting"):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    return activity_services.record_held(actor=SETUP, activity=plan(branch, title, when, code=code), held_at=when)


@pytest.mark.parametrize("page", PAGES)
def test_each_page_opens_for_the_member(page, personas, client_as):
    response = client_as(personas["党员A1"]).get(page)
    assert response.status_code == 200
    assert "mine/mine.css" in response.content.decode()
    assert "<table" not in response.content.decode()  # cards: a table would scroll sideways at 390 px


@pytest.mark.parametrize("page", PAGES)
def test_a_user_without_a_member_record_is_told_so(page, personas, client_as):
    response = client_as(personas["无角色"]).get(page)
    assert response.status_code == 200
    assert "没有关联党员档案" in response.content.decode()


def test_my_meetings_show_coming_attended_missed_and_makeup(tree, personas, client_as):
    me = personas["党员A1"].member
    coming = plan(tree.a1, "下周支部党员大会", timezone.now() + datetime.timedelta(days=5))
    plan(tree.b1, "别的支部的会", timezone.now() + datetime.timedelta(days=5))
    came = held(tree.a1, "我出席的会", days_ago=20)
    activity_services.record_attendance(actor=SETUP, activity=came, entries={me.pk: ("present", "", "")})
    missed = held(tree.a1, "我缺席的会", days_ago=10)
    activity_services.record_attendance(actor=SETUP, activity=missed, entries={me.pk: ("leave", "sick", "住院")})
    row = Attendance.objects.get(activity=missed, member=me)
    activity_services.record_makeup(actor=SETUP, attendance=row, done_on=timezone.localdate(), note="自学会议精神")
    page = client_as(personas["党员A1"]).get("/me/").content.decode()
    assert "下周支部党员大会" in page and "三楼会议室" in page and coming.get_absolute_url() in page
    assert "别的支部的会" not in page
    assert "我出席的会" in page and "出席" in page
    assert "我缺席的会" in page and "请假" in page and "已补学" in page and "自学会议精神" in page


def test_another_members_meetings_and_reasons_never_show(tree, personas, client_as):
    me = personas["党员A1"].member
    other = make_member(tree.a1, name="另一名党员")
    meeting = held(tree.a1, "同一个会", days_ago=5)
    activity_services.record_attendance(
        actor=SETUP,
        activity=meeting,
        entries={me.pk: ("present", "", ""), other.pk: ("leave", "personal", "家中私事不宜公开")},
    )
    page = client_as(personas["党员A1"]).get("/me/").content.decode()
    assert "同一个会" in page and "家中私事不宜公开" not in page and "另一名党员" not in page


def test_my_dues_month_by_month(tree, personas, client_as):
    me = personas["党员A1"].member
    today = timezone.localdate()
    this_month = today.replace(day=1)
    dues_services.set_assessment(
        actor=personas["工委管理员"], member=me, year=today.year, category="salaried", base="5400"
    )
    paid_month = add_months(this_month, -1) if this_month.month > 1 else this_month
    dues_services.record_payment(
        actor=personas["工委管理员"], member=me, month=paid_month, method="cash", key="mine-test-0001"
    )
    figures = services.dues_year(me, today.year, today)
    states = {m.month: m.state for m in figures.months}
    assert states[paid_month] == MonthState.PAID
    for month, state in states.items():
        if month < this_month and month != paid_month and month >= figures.assessment.starts_on.replace(day=1):
            assert state == MonthState.OWED
    page = client_as(personas["党员A1"]).get("/me/dues/").content.decode()
    assert "81.00" in page and "已缴" in page
    assert client_as(personas["党员A1"]).get("/me/dues/?year=abc").status_code == 200


def test_another_members_dues_never_show(tree, personas, client_as):
    other = make_member(tree.a1, name="别人")
    year = timezone.localdate().year
    dues_services.set_assessment(
        actor=personas["工委管理员"], member=other, year=year, category="salaried", base="20000"
    )
    page = client_as(personas["党员A1"]).get(f"/me/dues/?year={year}").content.decode()
    assert "尚未核定" in page and "别人" not in page


def test_branch_notices_are_coming_meetings_and_dues_publications(tree, personas, client_as):
    plan(tree.a1, "本支部主题党日", timezone.now() + datetime.timedelta(days=3), code="theme_day")
    plan(tree.b1, "外支部的会", timezone.now() + datetime.timedelta(days=3))
    year = timezone.localdate().year
    dues_services.publish(
        actor=personas["工委管理员"], organization=tree.a1, year=year, totals={"due": "100", "paid": "90"}
    )
    dues_services.publish(
        actor=personas["工委管理员"], organization=tree.b1, year=year, totals={"due": "7", "paid": "7"}
    )
    page = client_as(personas["党员A1"]).get("/me/notices/").content.decode()
    assert "本支部主题党日" in page and f"{year}年度党费收缴情况公示" in page and "实缴90元" in page
    assert "外支部的会" not in page and "实缴7元" not in page
    assert 'href="/notifications/"' in page


def test_my_record_masks_id_number_and_phone(personas, client_as):
    me = personas["党员A1"].member
    page = client_as(personas["党员A1"]).get("/me/profile/").content.decode()
    assert me.name in page and "13812345678" not in page and "138****5678" in page
    assert me.id_number not in page and me.id_number[:4] + "*" in page


def test_the_member_menu_holds_only_their_own_pages(personas, client_as):
    page = client_as(personas["党员A1"]).get("/me/").content.decode()
    menu = page[page.index('id="sidenav"') : page.index("</nav>")]
    for label in ("我的会议", "我的党费", "我的通知", "支部通知", "我的档案"):
        assert label in menu
    for label in ("首页", "会议日历", "党员名册", "会议与活动"):
        assert label not in menu
    staff = client_as(personas["支部书记A1"]).get("/me/").content.decode()
    assert "党员名册" in staff[staff.index('id="sidenav"') : staff.index("</nav>")]


def test_member_summary_for_the_home_page(tree, personas):
    coming = plan(tree.a1, "最近的会", timezone.now() + datetime.timedelta(days=2))
    plan(tree.a1, "更晚的会", timezone.now() + datetime.timedelta(days=9))
    summary = services.member_summary(personas["党员A1"])
    assert summary["next_meeting"] == coming and summary["dues_owed_months"] == 0
    assert summary["unread_notifications"] >= 1  # the planned meetings told the member
    assert services.member_summary(personas["无角色"]) == {
        "member": None,
        "next_meeting": None,
        "dues_owed_months": 0,
        "unread_notifications": 0,
    }


def test_a_secretary_with_a_member_record_sees_only_meetings_they_attend(tree, personas, client_as):
    own = make_member(tree.a2, name="兼任书记")
    secretary = persona("secretary_with_record", tree.a, "dangwei_admin", member=own)
    plan(tree.a2, "本人支部的会", timezone.now() + datetime.timedelta(days=3))
    plan(tree.a1, "所辖其他支部的会", timezone.now() + datetime.timedelta(days=3))
    page = client_as(secretary).get("/me/").content.decode()
    assert "本人支部的会" in page and "所辖其他支部的会" not in page
    assert "党员名册" in page  # a manager keeps the full menu and has the 我的 pages besides
