"""Early-stage discipline records (提醒谈话、函询、诫勉) are invisible to every role but 纪检 and the committee of the
record's organisation (or above): 404 on their pages and API, absent from their lists and from every other page
and export; nobody sees a record about themselves; the audit rows carry no content."""

import datetime
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhibu.accounts.roles import Role
from zhibu.core.audit_models import AuditEvent
from zhibu.integrity.models import DisciplineRecord
from zhibu.integrity.tests.helpers import discipline
from zhibu.testing import make_member, persona, seat_committee

# The records here are dated in 2026 (meetings, trainings, talks, reviews): judged at a moment after them.
pytestmark = pytest.mark.clock("2026-11-16T10:00")

SECRET = "秘密事由"
OUTSIDERS = ("工委管理员", "党委管理员A", "支部书记A1", "党务干部A1", "党员A1", "支部书记B1", "无角色")


@pytest.fixture
def committee(tree):
    """Two members of branch A1's sitting committee with accounts of the 党员 role only, and one of B1's."""
    people = {key: make_member(branch, name=key) for key, branch in (("委员A1甲", tree.a1), ("委员A1乙", tree.a1))}
    seat_committee(tree.a1, members=list(people.values()))
    people["委员B1"] = make_member(tree.b1, name="委员B1")
    seat_committee(tree.b1, members=[people["委员B1"]])
    return {
        key: persona(f"committee_{index}", member.organization, Role.MEMBER, member=member)
        for index, (key, member) in enumerate(people.items())
    }


def _clients(user):
    web, api = Client(), APIClient()
    web.force_login(user)
    api.force_authenticate(user)
    return web, api


def _sees(user, record) -> dict[str, int | bool]:
    web, api = _clients(user)
    listed = web.get("/integrity/discipline/")
    export = web.get("/integrity/discipline/export/")
    cells = set()
    if export.status_code == 200:
        cells = {
            str(c) for row in load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True) for c in row
        }
    api_list = api.get("/api/v1/discipline-records/")
    return {
        "page": web.get(f"/integrity/discipline/{record.pk}/").status_code,
        "edit": web.get(f"/integrity/discipline/{record.pk}/edit/").status_code,
        "api": api.get(f"/api/v1/discipline-records/{record.pk}/").status_code,
        "listed": record.member.name in listed.content.decode(),
        "exported": record.reason in cells,
        "api_listed": api_list.status_code == 200 and record.pk in {r["id"] for r in api_list.json()["results"]},
    }


SEEN = {"page": 200, "edit": 200, "api": 200, "listed": True, "exported": True, "api_listed": True}
UNSEEN = {"page": 404, "edit": 404, "api": 404, "listed": False, "exported": False, "api_listed": False}


def test_only_discipline_and_the_committee_see_a_record(tree, personas, committee):
    record = discipline(tree.a1, name="谈话对象甲")
    theirs = discipline(tree.b1, name="谈话对象乙")
    for name in ("纪检A", "委员A1甲", "委员A1乙"):
        user = personas.get(name) or committee[name]
        assert _sees(user, record) == SEEN, name
        assert _sees(user, theirs)["page"] == 404, name
    for name in (*OUTSIDERS, "委员B1"):
        user = personas.get(name) or committee[name]
        assert _sees(user, record) == UNSEEN, name
    assert _sees(committee["委员B1"], theirs)["page"] == 200


def test_nobody_sees_a_record_about_themselves(tree, personas, committee):
    about_committee_member = discipline(tree.a1, member=committee["委员A1乙"].member)
    assert _sees(committee["委员A1乙"], about_committee_member) == UNSEEN
    assert _sees(committee["委员A1甲"], about_committee_member) == SEEN


def test_the_record_stays_off_every_other_page_and_the_audit_rows_keep_no_content(tree, personas, client_as):
    record = discipline(tree.a1, name="谈话对象丙", kind="admonishment")
    pages = (
        f"/members/{record.member.pk}/",
        f"/members/?organization={tree.a1.pk}",
        f"/organizations/{tree.a1.pk}/",
        "/inbox/",
        "/",
    )
    for name in ("工委管理员", "党委管理员A", "支部书记A1", "纪检A"):
        web = client_as(personas[name])
        for url in pages:
            body = web.get(url).content.decode()
            assert SECRET not in body and "诫勉" not in body, (name, url)
        export = web.get("/members/export/")
        if export.status_code == 200:
            assert SECRET not in export.content.decode(errors="ignore")
        audit_page = web.get("/audit/")
        if audit_page.status_code == 200:
            body = audit_page.content.decode()
            # The member's own creation is audited under their name; the discipline row says nothing of them.
            assert SECRET not in body and "诫勉" not in body and DisciplineRecord.AUDIT_REPR in body, name
    [row] = AuditEvent.objects.filter(event="integrity.discipline_recorded")
    assert set(row.changes["after"]) == {"id", "organization"}
    assert "谈话对象丙" not in row.object_repr


def test_recorded_through_the_page_by_discipline_only(tree, personas, client_as):
    subject = make_member(tree.a1, name="函询对象")
    inspector = client_as(personas["纪检A"])
    form = inspector.get("/integrity/discipline/new/")
    assert form.status_code == 200
    body = {
        "submission_key": form.context["form"]["submission_key"].value(),
        "member": subject.pk,
        "kind": "inquiry",
        "happened_on": "2026-11-10",
        "reason": "反映其违规操办婚宴",
        "outcome": "",
    }
    assert inspector.post("/integrity/discipline/new/", body).status_code == 302
    assert inspector.post("/integrity/discipline/new/", body).status_code == 302  # a double submit
    [record] = DisciplineRecord.objects.visible_to(personas["纪检A"])
    assert record.kind == "inquiry" and record.recorded_by == personas["纪检A"]
    edited = inspector.post(
        f"/integrity/discipline/{record.pk}/edit/", {"reason": "反映其违规操办婚宴", "outcome": "已说明，了结"}
    )
    assert edited.status_code == 302
    for name in ("支部书记A1", "党委管理员A", "党员A1"):
        assert client_as(personas[name]).get("/integrity/discipline/new/").status_code == 403
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = {**body, "submission_key": "another-key-123", "happened_on": tomorrow.isoformat()}
    page = inspector.post("/integrity/discipline/new/", future)
    assert page.status_code == 200 and "日期不能晚于今天" in page.content.decode()
    assert DisciplineRecord.objects.count() == 1


def test_the_api_records_for_discipline_and_refuses_others(tree, personas):
    subject = make_member(tree.a1, name="提醒对象")
    body = {"member": subject.pk, "kind": "reminder_talk", "happened_on": "2026-11-12", "reason": "上班迟到多次"}
    _, inspector = _clients(personas["纪检A"])
    made = inspector.post("/api/v1/discipline-records/", body, format="json")
    assert made.status_code == 201, made.content.decode()
    _, secretary = _clients(personas["支部书记A1"])
    refused = secretary.post("/api/v1/discipline-records/", body, format="json")
    assert refused.status_code == 400  # the member is not among those they may record about
    assert DisciplineRecord.objects.count() == 1
    assert secretary.get("/api/v1/discipline-records/").json()["count"] == 0


def test_an_ended_committee_seat_no_longer_sees(tree, personas, committee):
    from zhibu.committees.models import Position

    record = discipline(tree.a1)
    Position.objects.filter(holder=committee["委员A1甲"].member).update(ended_on=datetime.date(2026, 11, 1))
    assert _sees(committee["委员A1甲"], record)["page"] == 404
