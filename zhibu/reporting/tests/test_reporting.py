"""Reporting up the line: a 党委 asks its branches for the 月报, each answers with the report generated from the
records, the 党委 reviews (审核/退回), reminds the laggards in one step; the request sits in the recipients' 待办
until answered and is marked overdue the day after its deadline; the burden is counted per branch and year."""

import datetime
import uuid
from io import BytesIO

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhibu.activities.models import Attendance
from zhibu.core.audit_models import AuditEvent
from zhibu.core.inbox import Urgency
from zhibu.reporting import services
from zhibu.reporting.burden import burden
from zhibu.reporting.inbox import answers_owed
from zhibu.reporting.models import AnswerStatus, ReportAnswer
from zhibu.reporting.tests.helpers import form_request, month_request
from zhibu.testing import SETUP, compact, make_member
from zhibu.training.tests.helpers import at, hold
from zhibu.worklog.tests.ledger import pdf

pytestmark = pytest.mark.clock("2026-11-16T10:00")
D = datetime.date


def test_a_branch_answers_with_the_generated_monthly_report_whose_figures_are_the_records(tree, personas, client_as):
    present_one = make_member(tree.a1, name="出席甲")
    make_member(tree.a1, name="缺席乙")
    meeting = hold(tree.a1, "general_meeting", at(2026, 10, 12), present=[present_one.pk])
    request = month_request(tree.a, month=D(2026, 10, 1))
    answer = ReportAnswer.objects.get(request=request, organization=tree.a1)
    secretary = client_as(personas["支部书记A1"])
    page = compact(secretary.get(f"/reporting/{answer.pk}/submit/").content)
    assert "提交即报送生成的月报" in page
    assert secretary.post(f"/reporting/{answer.pk}/submit/", {}).status_code == 302
    again = secretary.post(f"/reporting/{answer.pk}/submit/", {})  # a double submit
    assert "无需重复报送" in compact(again.content)
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED and answer.fields_typed == 0
    assert AuditEvent.objects.filter(event="report.answer_submitted").count() == 1
    expected = Attendance.objects.filter(activity=meeting).count()
    came = Attendance.objects.filter(activity=meeting, status=Attendance.Status.PRESENT).count()
    [row] = answer.snapshot["sections"][0]["rows"]
    assert row == [
        "2026年10月12日",
        meeting.kind.name,
        meeting.title,
        f"{came}/{expected}",
        meeting.get_status_display(),
    ]
    assert came == 1 and expected >= 2
    assert answer.snapshot["period"] == "2026年10月"
    shown = compact(secretary.get(f"/reporting/{answer.pk}/").content)
    assert "党支部组织生活月报" in shown and "2026年10月12日" in shown


def test_the_sender_returns_then_accepts_and_the_returned_answer_is_submitted_again(tree, personas, client_as):
    request = month_request(tree.a, reach="picked", picked=[tree.a1])
    answer = request.answers.get()
    services.submit_answer(actor=personas["支部书记A1"], answer=answer)
    admin = client_as(personas["党委管理员A"])
    refused = admin.post(f"/reporting/{answer.pk}/review/", {"decision": "return", "reason": ""})
    assert "退回时请写明原因" in compact(refused.content)
    admin.post(f"/reporting/{answer.pk}/review/", {"decision": "return", "reason": "出席率与签到表不符"})
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.RETURNED and answer.times_returned == 1
    [task] = answers_owed(personas["支部书记A1"], None, D(2026, 11, 16))
    assert "已退回：出席率与签到表不符" in task.title
    assert client_as(personas["支部书记A1"]).get(f"/reporting/{answer.pk}/review/").status_code == 403
    services.submit_answer(actor=personas["支部书记A1"], answer=answer)
    admin.post(f"/reporting/{answer.pk}/review/", {"decision": "accept"})
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.ACCEPTED
    assert not answers_owed(personas["支部书记A1"], None, D(2026, 11, 16))


def test_overdue_on_the_day_after_the_deadline(tree, personas, client_as, fixed_clock):
    month_request(tree.a, reach="picked", picked=[tree.a1], days=4)  # due 2026-11-20
    secretary = personas["支部书记A1"]
    [on_the_day] = answers_owed(secretary, None, D(2026, 11, 20))
    assert on_the_day.urgency == Urgency.DUE_SOON and "已逾期" not in on_the_day.title
    [next_day] = answers_owed(secretary, None, D(2026, 11, 21))
    assert next_day.urgency == Urgency.OVERDUE and "2026年11月20日前（已逾期）" in next_day.title
    fixed_clock.move_to(datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    inbox = compact(client_as(secretary).get("/inbox/").content)
    assert "报送上月组织生活月报" in inbox and "已逾期" in inbox
    late = compact(client_as(personas["党委管理员A"]).get("/reporting/?overdue=true").content)
    assert "待报送（已逾期）" in late


def test_the_sender_sees_the_laggards_and_reminds_them_all_in_one_step(tree, personas, client_as):
    request = month_request(tree.a, reach="branches")
    answers = {answer.organization_id: answer for answer in request.answers.all()}
    assert set(answers) == {tree.a1.pk, tree.a2.pk, tree.a3a.pk}  # every branch of the subtree, not the 党总支
    services.submit_answer(actor=SETUP, answer=answers[tree.a1.pk])
    admin = client_as(personas["党委管理员A"])
    laggards = len(answers) - 1
    assert f"未报送{laggards}个" in compact(admin.get(f"/reporting/requests/{request.pk}/").content)
    assert admin.post(f"/reporting/requests/{request.pk}/remind/", {}).status_code == 302
    reminded = ReportAnswer.objects.filter(request=request, reminders=1)
    assert reminded.count() == laggards and not reminded.filter(organization=tree.a1).exists()
    assert AuditEvent.objects.filter(event="report.laggards_reminded").count() == 1
    assert answers_owed(personas["党委管理员A"], None, D(2026, 11, 16)) == []  # the sender follows them on the page
    assert client_as(personas["支部书记A1"]).post(f"/reporting/requests/{request.pk}/remind/", {}).status_code == 404


def test_recipients_see_only_their_own_answer_and_the_sender_all(tree, personas, client_as):
    mine = month_request(tree.a, reach="picked", picked=[tree.a1, tree.a2])
    theirs = month_request(tree.b, reach="picked", picked=[tree.b1])
    a1_answer = mine.answers.get(organization=tree.a1)
    a2_answer = mine.answers.get(organization=tree.a2)
    b1_answer = theirs.answers.get()
    secretary = client_as(personas["支部书记A1"])
    assert secretary.get(f"/reporting/{a1_answer.pk}/").status_code == 200
    assert secretary.get(f"/reporting/{a2_answer.pk}/").status_code == 404
    assert secretary.get(f"/reporting/{b1_answer.pk}/").status_code == 404
    assert secretary.post(f"/reporting/{b1_answer.pk}/submit/", {}).status_code == 404
    assert secretary.get(f"/reporting/requests/{mine.pk}/").status_code == 404
    assert client_as(personas["党员A1"]).get(f"/reporting/{a1_answer.pk}/submit/").status_code in (403, 404)
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    listed = api.get("/api/v1/report-answers/").json()
    ids = {row["id"] for row in listed["results"]} if isinstance(listed, dict) else {row["id"] for row in listed}
    assert ids == {a1_answer.pk}
    assert api.post(f"/api/v1/report-answers/{b1_answer.pk}/submit/", {}, format="json").status_code == 404
    admin = APIClient()
    admin.force_authenticate(personas["党委管理员A"])
    listed = admin.get("/api/v1/report-answers/").json()
    ids = {row["id"] for row in listed["results"]} if isinstance(listed, dict) else {row["id"] for row in listed}
    assert ids == {a1_answer.pk, a2_answer.pk}


def test_the_api_sends_submits_and_returns(tree, personas):
    admin = APIClient()
    admin.force_authenticate(personas["党委管理员A"])
    body = {
        "organization": tree.a.pk,
        "title": "报送本季度主题党日开展情况",
        "answer_kind": "form",
        "questions": "主题党日次数\n存在的问题",
        "reach": "picked",
        "picked": [tree.a1.pk],
        "deadline": "2026-11-30",
    }
    made = admin.post("/api/v1/report-requests/", body, format="json", HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex)
    assert made.status_code == 201, made.content
    answer = ReportAnswer.objects.get(request_id=made.json()["id"])
    secretary = APIClient()
    secretary.force_authenticate(personas["支部书记A1"])
    missing = secretary.post(f"/api/v1/report-answers/{answer.pk}/submit/", {"answers": ["3"]}, format="json")
    assert missing.status_code == 400 and "请填写：存在的问题" in missing.content.decode()
    done = secretary.post(f"/api/v1/report-answers/{answer.pk}/submit/", {"answers": ["3", "无"]}, format="json")
    assert done.status_code == 200 and done.json()["fields_typed"] == 2
    assert secretary.post(f"/api/v1/report-answers/{answer.pk}/return/", {"reason": "x"}).status_code == 403
    assert secretary.post(f"/api/v1/report-answers/{answer.pk}/submit/", {"answers": ["3", "无"]}).status_code == 400
    returned = admin.post(f"/api/v1/report-answers/{answer.pk}/return/", {"reason": "请补充问题清单"}, format="json")
    assert returned.json()["status"] == "returned"
    hostile = {**body, "deadline": "2026-11-01", "picked": [tree.b1.pk]}
    refused = admin.post("/api/v1/report-requests/", hostile, format="json")
    assert refused.status_code == 400


def test_refused_requests_say_why_in_chinese(tree, personas, client_as):
    admin = client_as(personas["党委管理员A"])
    form = {
        "organization": tree.a.pk,
        "title": "报送材料",
        "answer_kind": "form",
        "questions": "",
        "reach": "picked",
        "picked": [tree.a1.pk],
        "deadline": "2026-11-10",
        "submission_key": uuid.uuid4().hex,
    }
    page = compact(admin.post("/reporting/requests/new/", form).content)
    assert "截止日期不能早于今天" in page and "请列出填报项目" in page
    month_ahead = {**form, "answer_kind": "monthly", "month": "2026-12-01", "deadline": "2026-11-30"}
    assert "月报月份不能晚于本月" in compact(admin.post("/reporting/requests/new/", month_ahead).content)
    assert "reporting" not in "".join(AuditEvent.objects.values_list("event", flat=True))
    good = {**form, "answer_kind": "monthly", "month": "2026-10-01", "deadline": "2026-11-30"}
    assert admin.post("/reporting/requests/new/", good).status_code == 302
    assert admin.post("/reporting/requests/new/", good).status_code == 302  # a double submit
    assert ReportAnswer.objects.count() == 1


def test_burden_counts_typed_fields_and_generated_answers_per_branch(tree, personas, client_as):
    monthly = month_request(tree.a, reach="picked", picked=[tree.a1, tree.a2])
    asked = form_request(tree.a, reach="picked", picked=[tree.a1])
    services.submit_answer(actor=SETUP, answer=monthly.answers.get(organization=tree.a1))
    services.submit_answer(actor=SETUP, answer=asked.answers.get(), answers=["2次", "无"])
    rows = {row.organization: row for row in burden(personas["党委管理员A"], tree.a, 2026)}
    assert (rows[tree.a1].received, rows[tree.a1].fields_typed, rows[tree.a1].generatable) == (2, 2, 1)
    assert (rows[tree.a2].received, rows[tree.a2].fields_typed, rows[tree.a2].generatable) == (1, 0, 1)
    admin = client_as(personas["党委管理员A"])
    page = compact(admin.get("/reporting/burden/", {"organization": tree.a.pk, "year": 2026}).content)
    assert "收到报送要求3项次" in page and "手工填写2项" in page and "2项次可由系统按记录生成" in page
    assert "年份须在" in compact(admin.get("/reporting/burden/", {"year": 99999999999}).content)
    exported = admin.get("/reporting/burden/export/", {"organization": tree.a.pk, "year": 2026})
    sheet = load_workbook(BytesIO(exported.content)).active
    lines = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert lines[0][:4] == ["党支部", "收到报送要求", "已报送", "手工填写项数"]
    assert len(lines) == 3
    assert client_as(personas["支部书记B1"]).get("/reporting/burden/", {"organization": tree.a.pk}).status_code == 404


def test_a_file_answer_goes_through_the_upload_service(tree, personas, client_as):
    request = services.send_request(
        actor=SETUP,
        organization=tree.a,
        title="报送主题党日活动方案",
        answer_kind="file",
        reach="picked",
        picked=[tree.a1],
        deadline=D(2026, 11, 30),
    )
    answer = request.answers.get()
    secretary = client_as(personas["支部书记A1"])
    refused = secretary.post(f"/reporting/{answer.pk}/submit/", {})
    assert "报送文件：该字段是必填项" in compact(refused.content)
    assert secretary.post(f"/reporting/{answer.pk}/submit/", {"upload": pdf("活动方案.pdf")}).status_code == 302
    answer.refresh_from_db()
    assert answer.attachment.original_name == "活动方案.pdf" and answer.fields_typed == 0
    assert "活动方案.pdf" in compact(client_as(personas["党委管理员A"]).get(f"/reporting/{answer.pk}/").content)


def test_the_monthly_answer_carries_the_generated_report_as_a_word_file(tree, personas, client_as):
    from docx import Document

    make_member(tree.a1, name="出席甲")
    hold(tree.a1, "general_meeting", at(2026, 10, 12), present=[])
    request = month_request(tree.a, month=D(2026, 10, 1))
    answer = ReportAnswer.objects.get(request=request, organization=tree.a1)
    secretary = client_as(personas["支部书记A1"])
    assert secretary.post(f"/reporting/{answer.pk}/submit/", {}).status_code == 302
    answer.refresh_from_db()
    assert answer.attachment.original_name == "支部A12026年10月党支部组织生活月报.docx"
    reviewer = client_as(personas["党委管理员A"])
    page = compact(reviewer.get(f"/reporting/{answer.pk}/").content)
    assert answer.attachment.get_absolute_url() in page
    download = reviewer.get(answer.attachment.get_absolute_url())
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    document = Document(BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "党支部组织生活月报" in text and "2026年10月12日" in cells
    # A branch beside it does not download another branch's report.
    assert client_as(personas["支部书记B1"]).get(answer.attachment.get_absolute_url()).status_code == 404


def test_the_burden_shows_on_the_committee_page_and_the_home_page(tree, personas, client_as):
    monthly = month_request(tree.a, reach="picked", picked=[tree.a1, tree.a2])
    form_request(tree.a, reach="picked", picked=[tree.a1])
    services.submit_answer(actor=SETUP, answer=monthly.answers.get(organization=tree.a1))
    admin = client_as(personas["党委管理员A"])
    page = compact(admin.get(f"/organizations/{tree.a.pk}/").content)
    assert "报送负担（2026年）" in page
    assert "2个党支部共收到报送要求3项次，手工填写0项，2项次由系统按记录生成" in page
    assert f"/reporting/burden/?organization={tree.a.pk}&amp;year=2026" in page
    # A branch's page has no burden panel; a committee whose branches were asked nothing neither.
    assert "报送负担（" not in compact(admin.get(f"/organizations/{tree.a1.pk}/").content)
    assert "报送负担（" not in compact(client_as(personas["工委管理员"]).get(f"/organizations/{tree.b.pk}/").content)
    home = compact(admin.get("/").content)
    assert "3</b><span>2026年各支部收到报送要求（项次）" in home
    assert compact(client_as(personas["支部书记B1"]).get("/").content).count("0</b><span>2026年各支部收到报送要求") == 1
