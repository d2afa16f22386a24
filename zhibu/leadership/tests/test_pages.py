"""Leaders' duties through the pages and the API: who sees and changes what, bad input answered in Chinese without a
write, a double submit recording once."""

import datetime
import uuid

from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.leadership.models import ContactPoint, ContactVisit, ResearchRecord, SecretaryProject
from zhibu.leadership.tests.helpers import contact, project, research, visit
from zhibu.testing import make_member


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_contact_point_pages_follow_the_scope(tree, personas):
    ours = contact(tree.a, tree.a1, name="本委领导")
    theirs = contact(tree.b, tree.b1, name="外委领导")
    today = timezone.localdate()
    visit(ours, today)
    admin = login(personas["党委管理员A"])
    listing = admin.get("/leadership/contacts/").content.decode()
    assert "本委领导" in listing and "外委领导" not in listing
    page = admin.get(ours.get_absolute_url()).content.decode()
    assert f"{today.year}年{today.month}月{today.day}日" in page and "参加组织生活" in page
    assert admin.get(theirs.get_absolute_url()).status_code == 404
    assert login(personas["支部书记A1"]).get(ours.get_absolute_url()).status_code == 404  # the agency's record
    assert login(personas["支部书记B1"]).get(ours.get_absolute_url()).status_code == 404
    assert login(personas["党员A1"]).get(ours.get_absolute_url()).status_code in (403, 404)
    reader = login(personas["纪检A"])
    assert reader.get(ours.get_absolute_url()).status_code == 200
    form = {"visited_on": today.isoformat(), "kind": "research", "notes": "调研", "submission_key": uuid.uuid4().hex}
    assert reader.post(f"/leadership/contacts/{ours.pk}/visits/new/", form).status_code == 403
    assert ContactVisit.objects.filter(contact=ours).count() == 1


def test_visit_form_refuses_bad_input_in_chinese_and_records_once(tree, personas):
    made = contact(tree.a, tree.a1, name="本委领导")
    admin = login(personas["党委管理员A"])
    today = timezone.localdate()
    url = f"/leadership/contacts/{made.pk}/visits/new/"
    before = (made.since - datetime.timedelta(days=1)).isoformat()
    refused = admin.post(
        url, {"visited_on": before, "kind": "life", "notes": "参加主题党日", "submission_key": "key-k1-0000"}
    )
    assert "该日期不在联系期内" in refused.content.decode()
    future = (today + datetime.timedelta(days=1)).isoformat()
    refused = admin.post(
        url, {"visited_on": future, "kind": "life", "notes": "参加主题党日", "submission_key": "key-k2-0000"}
    )
    assert "日期不能晚于今天" in refused.content.decode()
    refused = admin.post(
        url, {"visited_on": today.isoformat(), "kind": "party", "notes": "x", "submission_key": "key-k3-0000"}
    )
    assert refused.status_code == 200 and ContactVisit.objects.count() == 0
    form = {"visited_on": today.isoformat(), "kind": "lecture", "notes": "讲专题党课", "submission_key": "key-k4-0000"}
    assert admin.post(url, form).status_code == 302
    admin.post(url, form)
    assert ContactVisit.objects.filter(contact=made).count() == 1


def test_contact_point_refuses_a_branch_outside_the_agency_and_a_second_open_one(tree, personas):
    admin = login(personas["党委管理员A"])
    person = make_member(tree.a1, name="本委领导")
    form = {
        "organization": tree.a.pk,
        "leader": person.pk,
        "post": "局长",
        "branch": tree.a2.pk,
        "since": timezone.localdate().isoformat(),
    }
    assert admin.post("/leadership/contacts/new/", {**form, "submission_key": "key-c1-0000"}).status_code == 302
    again = admin.post("/leadership/contacts/new/", {**form, "submission_key": "key-c2-0000"}).content.decode()
    assert "已联系支部A2" in again
    huge = admin.post(
        "/leadership/contacts/new/", {**form, "branch": "99999999999999999999", "submission_key": "key-c3-0000"}
    )
    assert huge.status_code == 200 and ContactPoint.objects.count() == 1
    leader = api(personas["工委管理员"]).post(
        "/api/v1/contact-points/",
        {**form, "organization": tree.b.pk, "branch": tree.a1.pk, "since": form["since"]},
        format="json",
    )
    assert leader.status_code == 400 and "不是党委B所属的党员" in leader.content.decode()
    branch = api(personas["工委管理员"]).post(
        "/api/v1/contact-points/",
        {**form, "organization": tree.b.pk, "leader": make_member(tree.b1).pk},
        format="json",
    )
    assert branch.status_code == 400 and "联系支部应为党委B下属的党组织" in branch.content.decode()


def test_research_refuses_absurd_days_and_lists_refuse_absurd_years(tree, personas):
    admin = login(personas["党委管理员A"])
    person = make_member(tree.a1, name="调研领导")
    form = {
        "organization": tree.a.pk,
        "leader": person.pk,
        "started_on": timezone.localdate().isoformat(),
        "days": "99999999999999999999",
        "topic": "机关党建",
        "submission_key": uuid.uuid4().hex,
    }
    refused = admin.post("/leadership/research/new/", form)
    assert refused.status_code == 200 and "60" in refused.content.decode()
    assert ResearchRecord.objects.count() == 0
    by_api = api(personas["党委管理员A"]).post("/api/v1/research-records/", {**form, "days": 0}, format="json")
    assert by_api.status_code == 400 and ResearchRecord.objects.count() == 0
    made = api(personas["党委管理员A"]).post("/api/v1/research-records/", {**form, "days": 3}, format="json")
    assert made.status_code == 201
    page = admin.get("/leadership/research/?year=18000000000000000")
    assert page.status_code == 200 and "机关党建" not in page.content.decode()
    assert api(personas["党委管理员A"]).get("/api/v1/research-records/?year=99999").status_code == 400
    assert admin.get("/leadership/research/export/?year=2").status_code == 200
    for url in ("/leadership/visits/?year=123456789012", "/leadership/projects/?year=-5", "/leadership/contacts/?x=1"):
        assert admin.get(url).status_code == 200


def test_research_and_projects_are_scoped_and_the_project_reports_progress(tree, personas):
    mine = research(tree.a, make_member(tree.a1, name="调研领导"), timezone.localdate())
    theirs = research(tree.b, make_member(tree.b1, name="外委领导"), timezone.localdate())
    admin = login(personas["党委管理员A"])
    assert admin.get(mine.get_absolute_url()).status_code == 200
    assert admin.get(theirs.get_absolute_url()).status_code == 404
    secretary = make_member(tree.a1, name="支部书记甲")
    made = project(tree.a1, secretary)
    other = project(tree.b1, make_member(tree.b1, name="外支部书记"))
    branch = login(personas["支部书记A1"])
    assert "支部建在项目上" in branch.get("/leadership/projects/").content.decode()
    assert branch.get(other.get_absolute_url()).status_code == 404
    refused = branch.post(f"/leadership/projects/{made.pk}/edit/", {"goals": "目标", "progress": "", "status": "done"})
    assert "项目完成时请写明取得的成效" in refused.content.decode()
    done = {"goals": "目标", "progress": "解决群众急难愁盼问题3件", "status": "done"}
    assert branch.post(f"/leadership/projects/{made.pk}/edit/", done).status_code == 302
    assert SecretaryProject.objects.get(pk=made.pk).status == "done"
    client = api(personas["支部书记A1"])
    patched = client.patch(f"/api/v1/secretary-projects/{made.pk}/", {"status": "finished"}, format="json")
    assert patched.status_code == 400
    assert client.patch(f"/api/v1/secretary-projects/{other.pk}/", {"status": "done"}, format="json").status_code == 404
    assert login(personas["党员A1"]).get(made.get_absolute_url()).status_code in (403, 404)


def test_a_visit_by_api_and_ending_a_contact_point(tree, personas):
    made = contact(tree.a, tree.a1, name="本委领导")
    today = timezone.localdate()
    client = api(personas["党委管理员A"])
    body = {"contact": made.pk, "visited_on": today.isoformat(), "kind": "research", "notes": "调研支部工作"}
    assert client.post("/api/v1/contact-visits/", body, format="json").status_code == 201
    stranger = contact(tree.b, tree.b1, name="外委领导")
    refused = client.post("/api/v1/contact-visits/", {**body, "contact": stranger.pk}, format="json")
    assert refused.status_code == 400 and ContactVisit.objects.filter(contact=stranger).count() == 0
    early = (made.since - datetime.timedelta(days=1)).isoformat()
    ended = client.patch(f"/api/v1/contact-points/{made.pk}/", {"until": early}, format="json")
    assert ended.status_code == 400 and "联系终止日期不能早于起始日期" in ended.content.decode()
    ended = client.patch(f"/api/v1/contact-points/{made.pk}/", {"until": today.isoformat()}, format="json")
    assert ended.status_code == 200 and ended.json()["until"] == today.isoformat()
    rows = client.get("/api/v1/contact-points/?current=false").json()["results"]
    assert [row["leader_name"] for row in rows] == ["本委领导"]
