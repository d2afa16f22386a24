"""Garbage posted to the 理论学习中心组 forms and API, absurd filter values: never a server error, nothing
half-written."""

from django.test import Client
from rest_framework.test import APIClient

from zhibu.study.models import TheoryAttendance, TheoryGroup, TheoryGroupSeat, TheorySession, TheorySpeech
from zhibu.study.tests.helpers import theory_group, theory_session
from zhibu.testing import make_member

NASTY = ["", " ", "0", "-1", "99999999999999999999", "1.5", "abc", "２０２６-１１-０１", "2026-02-30", "2099-12-31",
         "<script>alert(1)</script>", "\x00", "😀" * 50, "x" * 5000, "[]", "null"]  # fmt: skip
JSON_NASTY: list[object] = [None, True, -1, 0, 10**20, 1.5, "", "x" * 5000, [], {}, "2024-13-01", "北京"]
SESSION_FIELDS = ("held_on", "topic", "hours", "present", "on_leave", "observers", "speakers", "lecturer")


def _counts():
    models = (TheoryGroup, TheoryGroupSeat, TheorySession, TheoryAttendance, TheorySpeech)
    return tuple(model.objects.count() for model in models)


def test_garbage_to_every_theory_form_is_refused_without_a_write(tree, personas):
    seated = make_member(tree.a2, name="成员甲")
    group = theory_group(tree.a, [seated])
    session = theory_session(group, [seated])
    forms = {
        "/study/theory/new/": ("organization", "name", "submission_key"),
        f"/study/theory/{group.pk}/members/": ("members", "leader", "secretary"),
        f"/study/theory/{group.pk}/sessions/new/": (*SESSION_FIELDS, "lecturer_name", "submission_key"),
        f"/study/theory/sessions/{session.pk}/amend/": (*SESSION_FIELDS, "lecturer_name", "reason"),
    }
    client = Client()
    client.force_login(personas["党委管理员A"])
    before = _counts()
    for path, fields in forms.items():
        for value in NASTY:
            response = client.post(path, dict.fromkeys(fields, value))
            assert response.status_code in (200, 400, 403, 404), (path, value, response.status_code)
    assert _counts() == before
    session.refresh_from_db()
    assert session.topic == "学习党的创新理论" and session.attendances.get().member == seated


def test_garbage_to_the_theory_api_and_absurd_filters(tree, personas):
    group = theory_group(tree.a, [make_member(tree.a2, name="成员甲")])
    client = APIClient()
    client.force_authenticate(personas["党委管理员A"])
    before = _counts()
    for value in JSON_NASTY:
        assert (
            client.post("/api/v1/theory-groups/", {"organization": value, "name": value}, format="json").status_code
            == 400
        )
        body = {**dict.fromkeys(SESSION_FIELDS, value), "group": group.pk}
        got = client.post("/api/v1/theory-sessions/", body, format="json")
        assert got.status_code == 400, (value, got.status_code)
    assert _counts() == before
    for path in ("theory-groups", "theory-sessions"):
        got = client.get(f"/api/v1/{path}/", {"year": "99999999999999999999", "organization": "-1", "group": "x"})
        assert got.status_code in (200, 400), (path, got.status_code)
    page = Client()
    page.force_login(personas["党委管理员A"])
    for path in (
        "/study/theory/",
        "/study/theory/sessions/",
        "/study/theory/sessions/export/",
        "/study/theory/export/",
    ):
        for value in ("99999999999999999999", "-1", "abc", "\x00"):
            got = page.get(path, {"year": value, "organization": value, "group": value})
            assert got.status_code == 200, (path, value, got.status_code)
