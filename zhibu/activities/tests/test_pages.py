import datetime
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhibu.activities.models import Activity, ActivityKind, Resolution
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.testing import make_member


def test_secretary_runs_a_general_meeting_with_a_valid_vote_and_two_resolutions(tree, personas, client_as):
    members = [make_member(tree.a1, joined_on=datetime.date(2010, 7, 1)) for _ in range(6)]
    client = client_as(personas["支部书记A1"])
    posts = 0

    def post(url, data):
        nonlocal posts
        posts += 1
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        return response

    when = timezone.localtime() - datetime.timedelta(days=1)
    post(
        "/activities/new/",
        {
            "organization": tree.a1.pk,
            "kind": ActivityKind.objects.get(code="general_meeting").pk,
            "title": "第二季度党员大会",
            "planned_at": when.strftime("%Y-%m-%dT%H:%M"),
            "place": "三楼会议室",
            "agenda": "学习最新重要讲话精神\n讨论接收预备党员",
            "first_topic": "on",
            "submission_key": uuid.uuid4().hex,
        },
    )
    activity = Activity.objects.get(title="第二季度党员大会")
    post(f"/activities/{activity.pk}/held/", {"held_at": when.strftime("%Y-%m-%dT%H:%M")})
    post(
        f"/activities/{activity.pk}/evidence/",
        {"upload": SimpleUploadedFile("签到表.png", _png()), "submission_key": uuid.uuid4().hex},
    )
    assert activity.evidence.count() == 1
    attendance = {f"status_{m.pk}": "present" for m in members[:5]} | {
        f"status_{members[5].pk}": "leave",
        f"leave_{members[5].pk}": "official",
        "rest_absent": "1",  # the persona member on the list did not come
    }
    post(f"/activities/{activity.pk}/attendance/", attendance)
    post(
        f"/activities/{activity.pk}/vote/",
        {"subject": "接收张某为预备党员", "yes": 5, "no": 0, "abstain": 0, "submission_key": uuid.uuid4().hex},
    )
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    post(
        f"/activities/{activity.pk}/resolution/",
        {
            "text": "报上级党委审批",
            "owner_member": members[0].pk,
            "deadline": deadline,
            "submission_key": uuid.uuid4().hex,
        },
    )
    post(
        f"/activities/{activity.pk}/resolution/",
        {
            "text": "安排入党介绍人谈话",
            "owner_member": members[1].pk,
            "deadline": deadline,
            "submission_key": uuid.uuid4().hex,
        },
    )
    post(f"/activities/{activity.pk}/minutes/", {"minutes": "会议学习了最新重要讲话精神，讨论并表决通过接收预备党员。"})
    post(f"/activities/{activity.pk}/sign/", {})
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SIGNED and activity.signed_by == personas["支部书记A1"]
    vote = activity.votes.get()
    assert vote.is_valid and vote.passed
    assert Resolution.objects.filter(activity=activity).count() == 2
    print(f"walkthrough: {posts} form submissions from plan to signed minutes")
    assert posts <= 9  # eight steps plus one photo of the sign-in sheet
    # The photos arrive after signing: they are added beside the signed record (test_evidence_after_signing.py).
    late_upload = client.post(
        f"/activities/{activity.pk}/evidence/",
        {"upload": SimpleUploadedFile("late.png", _png()), "submission_key": uuid.uuid4().hex},
        follow=True,
    )
    assert "已添加佐证材料" in late_upload.content.decode() and activity.evidence.count() == 2
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "第一议题" in page and "已签发" in page and "保存出席情况" not in page
    refused = client.post(f"/activities/{activity.pk}/minutes/", {"minutes": "试图改写签发后的会议记录内容"})
    assert "不能填写会议记录" in refused.content.decode()
    assert AuditEvent.objects.filter(event=Event.ACTIVITY_SIGNED, object_id=str(activity.pk)).count() == 1


def test_bad_input_on_the_meeting_page_is_explained(tree, personas, client_as):
    make_member(tree.a1)
    client = client_as(personas["支部书记A1"])
    future = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        "/activities/new/",
        {
            "organization": tree.a1.pk,
            "title": "未来的会",
            "kind": ActivityKind.objects.get(code="party_lecture").pk,
            "planned_at": future,
            "submission_key": uuid.uuid4().hex,
        },
    )
    activity = Activity.objects.get(title="未来的会")
    response = client.post(f"/activities/{activity.pk}/held/", {"held_at": future})
    assert "尚未召开" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.PLANNED


def test_meetings_are_scoped(tree, personas, client_as):
    from zhibu.activities import services
    from zhibu.testing import SETUP

    activity = services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="party_lecture"),
        title="A1党课",
        planned_at=timezone.now(),
    )
    assert client_as(personas["支部书记B1"]).get(activity.get_absolute_url()).status_code == 404
    assert client_as(personas["党员A1"]).get(activity.get_absolute_url()).status_code == 200
    assert (
        client_as(personas["纪检A"])
        .post(f"/activities/{activity.pk}/held/", {"held_at": "2025-01-01T09:00"})
        .status_code
        == 403
    )
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.PLANNED
    assert "A1党课" not in client_as(personas["支部书记B1"]).get("/activities/").content.decode()


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_gongwei_adds_an_activity_kind_without_code(personas, client_as):
    admin = client_as(personas["工委管理员"])
    response = admin.post(
        "/activities/kinds/",
        {
            "code": "joint_study",
            "name": "联学联建",
            "attendees": "members",
            "quorum": "none",
            "expected_period": "quarter",
            "sort_order": 55,
        },
    )
    assert response.status_code == 302 and ActivityKind.objects.filter(code="joint_study").exists()
    bad = admin.post(
        "/activities/kinds/",
        {
            "code": "vote_no_quorum",
            "name": "无法定人数的表决会",
            "attendees": "members",
            "quorum": "none",
            "votes_allowed": "on",
            "sort_order": 1,
        },
    )
    assert "必须设置法定人数规则" in bad.content.decode()
    assert client_as(personas["党委管理员A"]).get("/activities/kinds/").status_code == 403


def test_a_gongwei_changes_an_activity_kind_on_its_own_page(personas, client_as):
    kind = ActivityKind.objects.get(code="party_lecture")
    admin = client_as(personas["工委管理员"])
    page = admin.get(f"/activities/kinds/{kind.pk}/")
    assert page.status_code == 200 and f"修改：{kind.name}" in page.content.decode()
    fields = {
        "code": kind.code,
        "name": "党课（专题）",
        "attendees": kind.attendees,
        "quorum": kind.quorum,
        "expected_period": kind.expected_period,
        "sort_order": kind.sort_order,
    }
    if kind.is_study:
        fields["is_study"] = "on"
    saved = admin.post(f"/activities/kinds/{kind.pk}/", fields)
    assert saved.status_code == 302 and saved["Location"] == "/activities/kinds/"
    assert ActivityKind.objects.get(pk=kind.pk).name == "党课（专题）"
    assert client_as(personas["党委管理员A"]).get(f"/activities/kinds/{kind.pk}/").status_code == 403
    assert client_as(personas["党委管理员A"]).post(f"/activities/kinds/{kind.pk}/", fields).status_code == 403
