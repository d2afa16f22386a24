"""理论学习中心组: the group and its seats, a session recorded once (主讲, 发言, 出席, 请假, 列席旁听), its 学时 for
those who came, the pages, export and API, scoping and bad input."""

import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from zhibu.accounts.roles import Role
from zhibu.study import services
from zhibu.study.models import Participation, TheoryAttendance, TheoryGroup, TheorySession
from zhibu.study.tests.helpers import theory_group, theory_session
from zhibu.testing import SETUP, blank_pdf, make_member, persona
from zhibu.training.hours import Source, hours_for


def _yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def test_a_session_recorded_through_the_pages_counts_hours_for_those_who_came(tree, personas, client_as):
    admin = client_as(personas["党委管理员A"])
    leader, deputy, absent = (make_member(tree.a2, name=name) for name in ("组长甲", "成员乙", "成员丙"))
    observer = make_member(tree.a1, name="列席丁")
    form = {"organization": tree.a.pk, "name": "党委A理论学习中心组", "submission_key": uuid.uuid4().hex}
    assert admin.post("/study/theory/new/", form).status_code == 302
    group = TheoryGroup.objects.get()
    seats = {"members": [leader.pk, deputy.pk, absent.pk], "leader": leader.pk}
    assert admin.post(f"/study/theory/{group.pk}/members/", seats).status_code == 302
    body = {
        "held_on": _yesterday().isoformat(),
        "topic": "学习党的二十届四中全会精神",
        "hours": "3",
        "present": [leader.pk],
        "on_leave": [deputy.pk],
        "observers": [observer.pk],
        "lecturer": leader.pk,
        "lecture_title": "深入学习全会精神",
        "speakers": [observer.pk],
        "materials": "《全会公报》",
        "upload": SimpleUploadedFile("全会公报.pdf", blank_pdf()),
        "submission_key": uuid.uuid4().hex,
    }
    assert admin.post(f"/study/theory/{group.pk}/sessions/new/", body).status_code == 302
    session = TheorySession.objects.get()
    statuses = dict(TheoryAttendance.objects.values_list("member__name", "status"))
    assert statuses == {"组长甲": "present", "成员乙": "leave", "列席丁": "observer"}
    year = session.held_on.year
    hours = hours_for([leader.pk, deputy.pk, observer.pk, absent.pk], year)
    assert hours[leader.pk].by_source() == {Source.THEORY_GROUP: Decimal(3)}
    assert hours[observer.pk].total == 3 and hours[deputy.pk].total == 0 and hours[absent.pk].total == 0
    page = admin.get(session.get_absolute_url()).content.decode()
    for text in (
        "主讲：组长甲",
        "深入学习全会精神",
        "交流发言：列席丁",
        "请假（1人）",
        "缺席（1人）",
        "成员丙",
        "全会公报.pdf",
    ):
        assert text in page, text
    group_page = admin.get(group.get_absolute_url()).content.decode()
    assert "学习党的二十届四中全会精神" in group_page and "组长" in group_page
    listing = admin.get("/study/theory/sessions/").content.decode()
    assert "学习党的二十届四中全会精神" in listing and "组长甲" in listing
    # The observer from branch A1 reads the session and its material file as a member.
    observer_user = client_as(persona("observer_a1", tree.a1, Role.MEMBER, member=observer))
    assert observer_user.get(session.get_absolute_url()).status_code == 200
    assert observer_user.get(f"/files/{session.attachments.get().pk}/").status_code == 200
    person = admin.get(f"/training/people/{leader.pk}/?year={year}").content.decode()
    assert "中心组学习" in person


def test_a_session_that_breaks_a_rule_is_refused_whole(tree, personas, client_as):
    seated = make_member(tree.a2, name="成员甲")
    stranger = make_member(tree.a2, name="非成员乙")
    group = theory_group(tree.a, [seated])
    admin = client_as(personas["党委管理员A"])
    url = f"/study/theory/{group.pk}/sessions/new/"
    base = {"held_on": _yesterday().isoformat(), "topic": "学习", "hours": "2", "present": [seated.pk]}
    cases = [
        ({"held_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "不能晚于今天"),
        ({"hours": "99"}, "学时"),
        ({"hours": "abc"}, "学时应为数字"),
        ({"on_leave": [seated.pk]}, "既出席又请假"),
        ({"present": [], "lecturer": seated.pk}, "不能作为主讲人"),
        ({"present": [], "speakers": [seated.pk]}, "不能记为交流发言"),
        ({"lecturer": seated.pk, "lecturer_name": "特邀专家"}, "主讲人请选择一位"),
        ({"topic": ""}, "学习主题"),
        ({"present": [99999999999999999999]}, ""),
    ]
    for change, message in cases:
        response = admin.post(url, {**base, **change, "submission_key": uuid.uuid4().hex})
        assert response.status_code == 200, change
        assert message in response.content.decode(), change
    with pytest.raises(ValidationError, match="请登记为出席或请假"):
        services.record_session(
            actor=SETUP, group=group, held_on=_yesterday(), topic="学习", hours=2, observers=[seated]
        )
    assert TheorySession.objects.count() == 0 and TheoryAttendance.objects.count() == 0
    # A stranger to the group may only sit in, not be marked present.
    with pytest.raises(ValidationError, match="不是本中心组成员"):
        services.record_session(
            actor=SETUP, group=group, held_on=_yesterday(), topic="学习", hours=2, present=[stranger]
        )


def test_groups_are_scoped_to_their_organisation_and_seats(tree, personas, client_as):
    seated = make_member(tree.a1, name="成员甲")
    group = theory_group(tree.a, [seated])
    session = theory_session(group, [seated])
    assert client_as(personas["支部书记B1"]).get(group.get_absolute_url()).status_code == 404
    assert client_as(personas["支部书记B1"]).get(session.get_absolute_url()).status_code == 404
    assert client_as(personas["党员A1"]).get(group.get_absolute_url()).status_code == 404
    seated_user = client_as(persona("seated_a1", tree.a1, Role.MEMBER, member=seated))
    assert seated_user.get(group.get_absolute_url()).status_code == 200
    assert seated_user.get(session.get_absolute_url()).status_code == 200
    assert client_as(personas["支部书记A1"]).get(f"/study/theory/{group.pk}/members/").status_code == 404
    assert seated_user.get(f"/study/theory/{group.pk}/members/").status_code == 403
    listing = client_as(personas["支部书记B1"]).get("/study/theory/").content.decode()
    assert "没有符合条件的理论学习中心组" in listing


def test_sessions_export_and_the_api(tree, personas, client_as):
    seated = make_member(tree.a2, name="成员甲")
    group = theory_group(tree.a, [seated])
    theory_session(group, [seated], topic="学习党章")
    admin = client_as(personas["党委管理员A"])
    sheet = load_workbook(io.BytesIO(admin.get("/study/theory/sessions/export/").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "学习党章" in [cell for row in rows for cell in row]
    groups = load_workbook(io.BytesIO(admin.get("/study/theory/export/").content)).active
    assert group.name in [cell for row in groups.iter_rows(values_only=True) for cell in row]
    api = client_as(personas["党委管理员A"])
    headers: dict[str, str] = {}
    found = api.get("/api/v1/theory-sessions/", **headers).json()
    assert found["count"] == 1 and found["results"][0]["attendances"][0]["status"] == Participation.PRESENT
    body = {"group": group.pk, "held_on": _yesterday().isoformat(), "topic": "API学习", "hours": "1.5"}
    made = api.post(
        "/api/v1/theory-sessions/", {**body, "present": [seated.pk]}, content_type="application/json", **headers
    )
    assert made.status_code == 201, made.content
    bad = api.post(
        "/api/v1/theory-sessions/",
        {**body, "hours": "1e400", "group": 2**70},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 400
    assert TheorySession.objects.count() == 2
    outsider = client_as(personas["支部书记B1"])
    assert outsider.get("/api/v1/theory-sessions/").json()["count"] == 0
    assert outsider.get("/api/v1/theory-groups/").json()["count"] == 0
    assert api.get("/api/v1/theory-sessions/?year=99999999999999999999", **headers).status_code == 400
