"""Amending a recorded 中心组 session: only the group's keepers, with a reason; the audit keeps the session and its
people before and after; the 学时 follow the amended attendance at once; bad input changes nothing."""

import datetime
from decimal import Decimal

from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.accounts.roles import Role
from zhibu.core.audit_models import AuditEvent
from zhibu.study.models import TheoryAttendance, TheorySession
from zhibu.study.tests.helpers import theory_group, theory_session
from zhibu.testing import compact, make_member, persona
from zhibu.training.hours import hours_for


def _setting(tree):
    leader, forgotten, away = (make_member(tree.a2, name=name) for name in ("组长甲", "漏记乙", "请假丙"))
    observer = make_member(tree.a1, name="列席丁")
    group = theory_group(tree.a, [leader, forgotten, away], name="党委A理论学习中心组")
    session = theory_session(group, [leader], days_ago=3, hours=2, topic="学习党章", on_leave=[away])
    return group, session, leader, forgotten, away, observer


def _body(session, **change):
    body = {
        "held_on": session.held_on.isoformat(),
        "topic": session.topic,
        "hours": "2",
        "present": [],
        "on_leave": [],
        "reason": "出席名单漏记一人",
    }
    body.update(change)
    return body


def test_a_keeper_amends_a_session_and_the_hours_and_audit_follow(tree, personas, client_as):
    group, session, leader, forgotten, away, observer = _setting(tree)
    year = session.held_on.year
    assert hours_for([forgotten.pk], year)[forgotten.pk].total == 0
    admin = client_as(personas["党委管理员A"])
    page = compact(admin.get(session.get_absolute_url()).content)
    assert f"/study/theory/sessions/{session.pk}/amend/" in page
    form = compact(admin.get(f"/study/theory/sessions/{session.pk}/amend/").content)
    assert "更正原因" in form and "学习党章" in form
    new_day = session.held_on - datetime.timedelta(days=1)
    body = _body(
        session,
        held_on=new_day.isoformat(),
        hours="3",
        present=[leader.pk, forgotten.pk],
        on_leave=[],
        observers=[observer.pk],
        lecturer=leader.pk,
        lecture_title="党章的新要求",
        speakers=[forgotten.pk],
    )
    response = admin.post(f"/study/theory/sessions/{session.pk}/amend/", body)
    assert response.status_code == 302, compact(response.content)
    session.refresh_from_db()
    assert session.held_on == new_day and session.hours == Decimal(3)
    statuses = dict(TheoryAttendance.objects.filter(session=session).values_list("member__name", "status"))
    assert statuses == {"组长甲": "present", "漏记乙": "present", "列席丁": "observer"}
    hours = hours_for([leader.pk, forgotten.pk, away.pk, observer.pk], year)
    assert hours[leader.pk].total == 3 and hours[forgotten.pk].total == 3 and hours[observer.pk].total == 3
    assert hours[away.pk].total == 0
    [event] = AuditEvent.objects.filter(event="study.theory_session_amended")
    text = str(event.changes)
    for fact in ("出席名单漏记一人", "漏记乙", "组长甲《党章的新要求》"):
        assert fact in text, fact
    assert event.changes["before"]["hours"] == "2.0" and event.changes["after"]["hours"] == "3.0"
    assert event.changes["before"]["出席"] == "组长甲" and event.changes["after"]["出席"] == "漏记乙、组长甲"
    assert "请假丙" in str(event.changes)  # who was on leave before
    shown = compact(admin.get(session.get_absolute_url()).content)
    assert "漏记乙" in shown and "3.0学时" in shown


def test_only_the_groups_keepers_amend(tree, personas, client_as):
    group, session, leader, *_ = _setting(tree)
    url = f"/study/theory/sessions/{session.pk}/amend/"
    seated_user = client_as(persona("seated_a2", tree.a2, Role.MEMBER, member=leader))
    assert seated_user.get(session.get_absolute_url()).status_code == 200
    assert "更正记录" not in seated_user.get(session.get_absolute_url()).content.decode()
    assert seated_user.get(url).status_code == 403
    assert seated_user.post(url, _body(session, present=[leader.pk])).status_code == 403
    assert client_as(personas["支部书记B1"]).post(url, _body(session, present=[leader.pk])).status_code == 404
    # A branch's secretary does not keep the 党委's group.
    assert client_as(personas["支部书记A1"]).get(url).status_code in (403, 404)
    assert not AuditEvent.objects.filter(event="study.theory_session_amended").exists()
    session.refresh_from_db()
    assert session.attendances.count() == 2


def test_bad_amendments_change_nothing_and_say_why(tree, personas, client_as):
    group, session, leader, forgotten, away, observer = _setting(tree)
    admin = client_as(personas["党委管理员A"])
    url = f"/study/theory/sessions/{session.pk}/amend/"
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    cases = [
        ({"reason": ""}, "更正原因"),
        ({"reason": "好"}, "请写明更正原因"),
        ({"held_on": tomorrow, "present": [leader.pk]}, "学习日期不能晚于今天"),
        ({"hours": "99999999999999999999"}, "学时"),
        ({"present": [leader.pk], "on_leave": [leader.pk]}, "同一人不能既出席又请假"),
        ({"present": [leader.pk], "observers": [forgotten.pk]}, "列席旁听"),
        ({"present": [leader.pk], "speakers": [away.pk]}, "不能记为交流发言"),
        ({"present": [2**70]}, "出席成员"),
        ({"present": [leader.pk], "on_leave": [away.pk]}, "没有改动"),
    ]
    for change, message in cases:
        response = admin.post(url, _body(session, **change))
        assert response.status_code == 200, change
        assert message in compact(response.content), (change, message)
    session.refresh_from_db()
    assert session.hours == 2 and session.topic == "学习党章"
    statuses = dict(TheoryAttendance.objects.filter(session=session).values_list("member__name", "status"))
    assert statuses == {"组长甲": "present", "请假丙": "leave"}
    assert not AuditEvent.objects.filter(event="study.theory_session_amended").exists()
    assert TheorySession.objects.count() == 1


def test_the_api_amends_a_session_for_its_keepers_only(tree, personas):
    group, session, leader, forgotten, away, observer = _setting(tree)
    api = APIClient()
    api.force_authenticate(personas["党委管理员A"])
    body = {
        "held_on": session.held_on.isoformat(),
        "topic": "学习党章",
        "hours": "2.5",
        "present": [leader.pk, forgotten.pk],
        "on_leave": [away.pk],
        "reason": "漏记一人",
    }
    url = f"/api/v1/theory-sessions/{session.pk}/amend/"
    done = api.post(url, body, format="json")
    assert done.status_code == 200, done.content
    assert {row["member_name"] for row in done.json()["attendances"]} == {"组长甲", "漏记乙", "请假丙"}
    assert hours_for([forgotten.pk], session.held_on.year)[forgotten.pk].total == Decimal("2.5")
    assert AuditEvent.objects.filter(event="study.theory_session_amended").count() == 1
    assert api.post(url, {**body, "reason": ""}, format="json").status_code == 400
    assert api.post(url, {**body, "hours": "1e400"}, format="json").status_code == 400
    assert api.post(f"/api/v1/theory-sessions/{2**70}/amend/", body, format="json").status_code in (400, 404)
    outsider = APIClient()
    outsider.force_authenticate(personas["支部书记B1"])
    assert outsider.post(url, body, format="json").status_code == 404
    seated = APIClient()
    seated.force_authenticate(persona("seated_api", tree.a2, Role.MEMBER, member=leader))
    assert seated.post(url, {**body, "reason": "再改一次"}, format="json").status_code == 403
    assert AuditEvent.objects.filter(event="study.theory_session_amended").count() == 1
