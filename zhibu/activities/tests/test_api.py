import datetime

from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.testing import make_member


def test_a_meeting_through_the_api(tree, personas):
    members = [make_member(tree.a1, joined_on=datetime.date(2010, 7, 1)) for _ in range(4)]
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    when = (timezone.now() - datetime.timedelta(hours=3)).isoformat()
    created = api.post(
        "/api/v1/activities/",
        {
            "organization": tree.a1.pk,
            "kind": "general_meeting",
            "title": "接口会议",
            "planned_at": when,
            "agenda_items": ["第一议题学习", "表决"],
            "first_topic": True,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/activities/{created.json()['id']}"
    assert api.post(f"{url}/held/", {"held_at": when}, format="json").status_code == 200
    rows = [{"member": m.pk, "status": "present"} for m in members[:3]] + [
        {"member": members[3].pk, "status": "leave", "leave_kind": "sick"}
    ]
    assert api.post(f"{url}/attendance/", rows, format="json").status_code == 200
    too_many = api.post(f"{url}/votes/", {"subject": "表决", "yes": 9, "no": 0, "abstain": 0}, format="json")
    assert too_many.status_code == 400 and "超过实到有表决权人数" in str(too_many.json())
    vote = api.post(f"{url}/votes/", {"subject": "表决", "yes": 3, "no": 0, "abstain": 0}, format="json").json()
    assert vote["is_valid"] and vote["passed"]
    deadline = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert (
        api.post(
            f"{url}/resolutions/", {"text": "落实", "owner_member": members[0].pk, "deadline": deadline}, format="json"
        ).status_code
        == 201
    )
    assert (
        api.post(f"{url}/minutes/", {"minutes": "会议表决通过有关事项，明确了责任人。"}, format="json").status_code
        == 200
    )
    refused = api.post(f"{url}/sign/", format="json")
    assert refused.status_code == 400 and "普通党员甲的出席情况尚未登记" in str(refused.json())
    assert api.post(f"{url}/rest-absent/", format="json").status_code == 200  # the persona member did not come
    signed = api.post(f"{url}/sign/", format="json").json()
    assert signed["status"] == "signed" and signed["agenda"][0]["is_first_topic"]
    again = api.post(f"{url}/minutes/", {"minutes": "试图改写已签发的会议记录内容"}, format="json")
    assert again.status_code == 400
    other = APIClient()
    other.force_authenticate(personas["支部书记B1"])
    assert other.get(url + "/").status_code == 404


def test_talks_and_appraisals_through_the_api(tree, personas):
    first, second = make_member(tree.a1), make_member(tree.a1)
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    talk = api.post(
        "/api/v1/talks/",
        {
            "organization": tree.a1.pk,
            "talked_on": "2025-03-01",
            "first": first.pk,
            "second": second.pk,
            "topic": "工作交流",
        },
        format="json",
    )
    assert talk.status_code == 201 and talk.json()["kind"] == "mm"
    graded = api.post(
        "/api/v1/appraisals/",
        {"organization": tree.a1.pk, "year": 2025, "member": first.pk, "grade": "excellent"},
        format="json",
    )
    assert graded.status_code == 201 and graded.json()["grade"] == "excellent"
    again = api.post(
        "/api/v1/appraisals/",
        {"organization": tree.a1.pk, "year": 2025, "member": first.pk, "grade": "qualified"},
        format="json",
    )
    assert again.status_code == 409
    regraded = api.patch(again.json()["existing"], {"grade": "qualified"}, format="json")
    assert regraded.json()["grade"] == "qualified"
    outsider = make_member(tree.b1)
    refused = api.post(
        "/api/v1/appraisals/",
        {"organization": tree.a1.pk, "year": 2025, "member": outsider.pk, "grade": "qualified"},
        format="json",
    )
    assert refused.status_code == 400


def test_a_meeting_step_answers_for_the_record_before_reading_the_body(tree, personas):
    """A step on a meeting out of scope is a 404 and one the user may only read is a 403, whatever the body: never a
    validation answer about a record the user cannot see or change."""
    from zhibu.activities import services
    from zhibu.activities.models import ActivityKind
    from zhibu.testing import SETUP

    activity = services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="A1党员大会",
        planned_at=timezone.now() - datetime.timedelta(days=1),
    )
    url = f"/api/v1/activities/{activity.pk}"
    for persona, status in (("支部书记B1", 404), ("纪检A", 403)):
        api = APIClient()
        api.force_authenticate(personas[persona])
        for step in ("held", "attendance", "rest-absent", "votes", "resolutions", "minutes"):
            assert api.post(f"{url}/{step}/", {}, format="json").status_code == status, (persona, step)
