"""Communities, pairings, 双报到, services and projects through the pages and the API; volunteer hours add up on the
member's page and the phone page."""

import uuid
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from zhibu.service import services
from zhibu.service.models import Community, Pairing, Project, Registration, ServiceRecord
from zhibu.service.tests.helpers import DAY, community, member_record, wish
from zhibu.testing import SETUP, compact

pytestmark = pytest.mark.clock("2025-06-10 10:00")


def key():
    return uuid.uuid4().hex


def test_volunteer_hours_add_up_on_the_members_page_and_phone(tree, personas, client_as):
    from zhibu.members.models import Member

    member = Member.objects.get(user=personas["党员A1"])
    secretary = client_as(personas["支部书记A1"])
    place = community(tree.a1)
    for day, hours in (("2025-05-01", "2"), ("2025-05-08", "1.5"), ("2025-06-01", "3")):
        answer = secretary.post(
            "/service/records/new/",
            {
                "member": member.pk,
                "community": place.pk,
                "served_on": day,
                "what": "社区义诊",
                "hours": hours,
                "submission_key": key(),
            },
        )
        assert answer.status_code == 302
    member_record(tree.a1)  # another member's hours are not counted
    assert services.volunteer_hours(member) == Decimal("6.5")
    page = compact(secretary.get(f"/members/{member.pk}/").content)
    assert "志愿服务时长合计：<strong>6.5</strong> 小时" in page
    phone = compact(client_as(personas["党员A1"]).get("/service/mine/").content)
    assert "6.5 小时" in phone


def test_a_member_sees_only_their_own_records(tree, personas, client_as):
    member_record(tree.a1)
    member = client_as(personas["党员A1"])
    assert member.get("/api/v1/service-records/").json()["count"] == 0
    assert "清扫楼道" not in member.get("/service/mine/").content.decode()


def test_bad_input_gets_a_chinese_message_and_writes_nothing(tree, personas, client_as):
    from zhibu.members.models import Member

    member = Member.objects.get(user=personas["党员A1"])
    secretary = client_as(personas["支部书记A1"])
    place = community(tree.a1)
    answer = secretary.post(
        "/service/records/new/",
        {
            "member": member.pk,
            "community": place.pk,
            "served_on": "2025-06-01",
            "what": "义诊",
            "hours": "30",
            "submission_key": key(),
        },
    )
    assert "不超过24小时" in answer.content.decode()
    answer = secretary.post(
        "/service/communities/new/",
        {"organization": tree.a1.pk, "name": place.name, "contact_phone": "123", "submission_key": key()},
    )
    assert "联系电话应为11位手机号码" in answer.content.decode()
    assert ServiceRecord.objects.count() == 0 and Community.objects.count() == 1


def test_pairing_registration_and_double_registration(tree, personas, client_as):
    from zhibu.members.models import Member

    member = Member.objects.get(user=personas["党员A1"])
    secretary = client_as(personas["支部书记A1"])
    place = community(tree.a1)
    body = {"organization": tree.a1.pk, "community": place.pk, "started_on": "2025-01-01", "content": "共建文明楼院"}
    assert secretary.post("/service/pairings/new/", {**body, "submission_key": key()}).status_code == 302
    again = secretary.post("/service/pairings/new/", {**body, "submission_key": key()})
    assert "已在进行中" in again.content.decode()
    reg = {"member": member.pk, "community": place.pk, "registered_on": "2025-02-01"}
    assert secretary.post("/service/registrations/new/", {**reg, "submission_key": key()}).status_code == 302
    assert (
        "不必重复登记"
        in secretary.post("/service/registrations/new/", {**reg, "submission_key": key()}).content.decode()
    )
    assert Pairing.objects.count() == 1 and Registration.objects.count() == 1
    assert "幸福里社区" in secretary.get("/service/pairings/").content.decode()
    assert secretary.get("/service/registrations/export/").status_code == 200


def test_project_linked_to_a_work_ledger_task_and_done_needs_results(tree, personas, client_as):
    secretary = client_as(personas["支部书记A1"])
    body = {
        "organization": tree.a1.pk,
        "title": "加装楼道扶手",
        "goals": "为老旧小区加装扶手",
        "status": "planned",
        "started_on": "2025-03-01",
    }
    assert secretary.post("/service/projects/new/", {**body, "submission_key": key()}).status_code == 302
    project = Project.objects.get()
    done = {**body, "status": "done", "finished_on": "2025-06-01"}
    answer = secretary.post(f"/service/projects/{project.pk}/", done)
    assert "办结的项目请写明成效" in answer.content.decode()
    answer = secretary.post(f"/service/projects/{project.pk}/", {**done, "results": "加装扶手120米"})
    assert answer.status_code == 302
    project.refresh_from_db()
    assert project.status == "done" and project.results == "加装扶手120米"


def test_api_lists_are_scoped(tree, personas):
    wish(tree.a1, title="本支部心愿")
    wish(tree.b1, title="外支部心愿")
    services.save_project(actor=SETUP, organization=tree.b1, title="外支部项目", goals="x", started_on=DAY)
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    titles = [row["title"] for row in api.get("/api/v1/service-wishes/").json()["results"]]
    assert titles == ["本支部心愿"]
    assert api.get("/api/v1/service-projects/").json()["count"] == 0
    assert api.get("/api/v1/service-wishes/?status=nonsense").status_code == 400
    member = APIClient()
    member.force_authenticate(personas["党员A1"])
    assert [row["title"] for row in member.get("/api/v1/service-wishes/").json()["results"]] == ["本支部心愿"]
