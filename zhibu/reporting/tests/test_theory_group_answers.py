"""A request for the 理论学习中心组学习台账 is answered with the ledger generated from the recipient's session records,
as a 月报 request is: nothing typed, the figures kept as submitted, the Word file stored with the answer."""

import datetime
import uuid

from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.core.audit_models import AuditEvent
from zhibu.reporting import services
from zhibu.reporting.models import AnswerStatus, ReportAnswer
from zhibu.study import services as study_services
from zhibu.study.tests.helpers import theory_group
from zhibu.testing import SETUP, compact, make_member

YEAR = timezone.localdate().year - 1


def _theory_request(sender, picked, year=YEAR):
    return services.send_request(
        actor=SETUP,
        organization=sender,
        title=f"报送{year}年度理论学习中心组学习台账",
        answer_kind="theory_group",
        year=year,
        reach="picked",
        picked=picked,
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )


def test_a_committee_answers_with_the_generated_theory_group_ledger(tree, personas, client_as):
    leader = make_member(tree.a2, name="组长甲")
    group = theory_group(tree.a, [leader], name="党委A理论学习中心组")
    study_services.record_session(
        actor=SETUP, group=group, held_on=datetime.date(YEAR, 6, 2), topic="学习党章", hours=2, present=[leader]
    )
    request = _theory_request(tree.gongwei, [tree.a])
    answer = ReportAnswer.objects.get(request=request, organization=tree.a)
    admin = client_as(personas["党委管理员A"])
    assert "提交即报送生成的台账" in compact(admin.get(f"/reporting/{answer.pk}/submit/").content)
    assert admin.post(f"/reporting/{answer.pk}/submit/", {}).status_code == 302
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED and answer.fields_typed == 0
    assert answer.snapshot["title"] == "理论学习中心组学习台账" and answer.snapshot["period"] == f"{YEAR}年度"
    [row] = answer.snapshot["sections"][0]["rows"]
    assert row[:2] == [f"{YEAR}年6月2日", "学习党章"] and row[4] == "组长甲"
    assert answer.attachment is not None and answer.attachment.original_name.endswith("理论学习中心组学习台账.docx")
    assert AuditEvent.objects.filter(event="report.answer_submitted").count() == 1
    # A session recorded later does not change what was submitted.
    study_services.record_session(
        actor=SETUP, group=group, held_on=datetime.date(YEAR, 7, 1), topic="后补的学习", hours=1, present=[leader]
    )
    answer.refresh_from_db()
    assert len(answer.snapshot["sections"][0]["rows"]) == 1
    shown = compact(client_as(personas["工委管理员"]).get(f"/reporting/{answer.pk}/").content)
    assert "理论学习中心组学习台账" in shown and "学习党章" in shown
    detail = compact(client_as(personas["工委管理员"]).get(request.get_absolute_url()).content)
    assert f"（{YEAR}年度）" in detail


def test_a_theory_group_request_needs_a_year_that_has_begun(tree, personas, client_as):
    admin = client_as(personas["工委管理员"])
    today = timezone.localdate()
    form = {
        "organization": tree.gongwei.pk,
        "title": "报送中心组学习台账",
        "answer_kind": "theory_group",
        "reach": "children",
        "deadline": (today + datetime.timedelta(days=7)).isoformat(),
        "submission_key": uuid.uuid4().hex,
    }
    assert "报送中心组学习台账时请填写年度" in compact(admin.post("/reporting/requests/new/", form).content)
    ahead = {**form, "year": today.year + 1, "submission_key": uuid.uuid4().hex}
    assert f"台账年度应在2000至{today.year}年之间" in compact(admin.post("/reporting/requests/new/", ahead).content)
    huge = {**form, "year": "9" * 30, "submission_key": uuid.uuid4().hex}
    assert admin.post("/reporting/requests/new/", huge).status_code == 200
    good = {**form, "year": today.year, "submission_key": uuid.uuid4().hex}
    assert admin.post("/reporting/requests/new/", good).status_code == 302
    made = services.ReportRequest.objects.get(answer_kind="theory_group")
    assert made.year == today.year and made.month is None


def test_the_api_sends_a_theory_group_request_with_its_year(tree, personas):
    api = APIClient()
    api.force_authenticate(personas["工委管理员"])
    body = {
        "organization": tree.gongwei.pk,
        "title": "报送中心组学习台账",
        "answer_kind": "theory_group",
        "year": YEAR,
        "reach": "children",
        "deadline": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
    }
    response = api.post("/api/v1/report-requests/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["year"] == YEAR
    missing = api.post("/api/v1/report-requests/", {**body, "year": None}, format="json")
    assert missing.status_code == 400 and "请填写年度" in missing.content.decode()
