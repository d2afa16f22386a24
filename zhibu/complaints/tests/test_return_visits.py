"""回访: owed on the right day (the rating's, or the wait days after an unrated 办结) in the inbox of whoever answers
for it; recorded once per 办结 through the page and the API; an unsatisfied visit reopens the handling or leads to the
整改 loop; refusals in Chinese with nothing written; the list, its export and the statistics match the records."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhibu.complaints import services
from zhibu.complaints.inbox import open_complaints, return_visits_owed
from zhibu.complaints.models import Complaint, ComplaintStep, ReturnVisit
from zhibu.complaints.tests.helpers import CLOCK, complaint, intake_point
from zhibu.core.audit_models import AuditEvent
from zhibu.core.inbox import Urgency
from zhibu.testing import SETUP, compact

pytestmark = pytest.mark.clock(CLOCK)  # Monday 16 November 2026
D = datetime.date
PHONE = "13912345678"


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def point(tree):
    return intake_point(tree.a1)


def closed(point, **fields):
    """Received and closed on the clock's day, Monday 16 November."""
    made = complaint(point, contact=fields.pop("contact", PHONE), **fields)
    for kind in ("accept", "assign", "answer", "close"):
        services.record_step(
            actor=SETUP, complaint=made, kind=kind, happened_on=D(2026, 11, 16), official="王科长", note="已办理"
        )
    made.refresh_from_db()
    return made


def visit(**overrides):
    data = {
        "visited_on": "2026-11-16",
        "way": "phone",
        "visitor": "李回访",
        "feedback": "问题已解决，态度也好",
        "satisfied": "yes",
        "follow_up": "",
        "decision_note": "",
    }
    data.update(overrides)
    return data


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def titles(user, today):
    return [task.title for task in return_visits_owed(user, None, today)]


def test_a_visit_falls_owed_the_wait_days_after_an_unrated_close(point, personas, settings):
    settings.COMPLAINTS_RETURN_VISIT_WAIT_DAYS, settings.COMPLAINTS_RETURN_VISIT_WITHIN_DAYS = 3, 5
    made = closed(point)  # 办结 Monday 16 November, not rated
    secretary = personas["支部书记A1"]
    assert titles(secretary, D(2026, 11, 18)) == []
    [task] = return_visits_owed(secretary, None, D(2026, 11, 19))
    assert f"编号{made.pk}" in task.title and "2026年11月16日办结，应于2026年11月24日前回访" in task.title
    assert task.due == D(2026, 11, 24) and task.url == f"/complaints/{made.pk}/return-visit/new/"
    assert task.urgency == Urgency.DUE_SOON
    assert return_visits_owed(secretary, None, D(2026, 11, 25))[0].urgency == Urgency.OVERDUE
    assert titles(personas["支部书记B1"], D(2026, 11, 19)) == []  # another branch's complaint


def test_a_rating_makes_the_visit_owed_that_day(point, personas):
    made = closed(point)
    with time_machine.travel(moment("2026-11-17T09:00"), tick=False):
        services.rate_complaint(tracking_code=made.tracking_code, rating="basically")
    assert titles(personas["支部书记A1"], D(2026, 11, 16)) == []
    assert len(titles(personas["支部书记A1"], D(2026, 11, 17))) == 1


def test_anonymous_complaints_owe_no_visit_and_refuse_one(point, personas, client_as):
    made = closed(point, contact="")
    assert titles(personas["支部书记A1"], D(2026, 12, 31)) == []
    answer = client_as(personas["支部书记A1"]).post(f"/complaints/{made.pk}/return-visit/new/", visit())
    assert answer.status_code == 200 and "匿名投诉未留联系电话，无法回访" in compact(answer.content)
    assert ReturnVisit.objects.count() == 0


def test_the_unit_head_answers_for_the_visit_when_named(point, personas):
    point.unit_head = personas["支部书记A1"]
    point.save()
    closed(point)
    today = D(2026, 11, 19)
    assert len(titles(personas["支部书记A1"], today)) == 1
    assert titles(personas["党委管理员A"], today) == []  # the 一把手 named on the point does it, not every keeper
    point.unit_head = personas["党员A1"]  # may not record it: the keepers do
    point.save()
    assert len(titles(personas["党委管理员A"], today)) == 1


def test_recording_a_satisfied_visit_through_the_page(point, personas, client_as):
    made = closed(point)
    secretary = client_as(personas["支部书记A1"])
    page = compact(secretary.get(f"/complaints/{made.pk}/").content)
    assert "2026年11月19日起应回访" in page and "登记回访" in page
    form = compact(secretary.get(f"/complaints/{made.pk}/return-visit/new/").content)
    assert "139****5678" in form and PHONE not in form
    url = f"/complaints/{made.pk}/return-visit/new/"
    assert secretary.post(url, visit()).status_code == 302
    again = secretary.post(url, visit())
    assert "本次办结已登记回访，不能重复登记" in compact(again.content)
    [done] = ReturnVisit.objects.all()
    assert (done.visited_on, done.way, done.visitor, done.satisfied, done.follow_up, done.round) == (
        D(2026, 11, 16),
        "phone",
        "李回访",
        True,
        "none",
        1,
    )
    assert AuditEvent.objects.filter(event="complaint.return_visited").count() == 1
    page = compact(secretary.get(f"/complaints/{made.pk}/").content)
    assert "2026年11月16日，电话回访，李回访" in page and "问题已解决" in page
    assert titles(personas["支部书记A1"], D(2026, 11, 30)) == []  # done: the task has left


def test_the_list_and_its_export(point, personas, client_as, tree):
    made = closed(point)
    services.record_return_visit(
        actor=SETUP,
        complaint=made,
        visited_on=D(2026, 11, 16),
        way="visit",
        visitor="李回访",
        feedback="还是没办成",
        satisfied=False,
        follow_up="keep",
        decision_note="已按政策答复，无法办理",
    )
    other = closed(intake_point(tree.b1, unit_name="市税务局"))
    services.record_return_visit(
        actor=SETUP,
        complaint=other,
        visited_on=D(2026, 11, 16),
        way="phone",
        visitor="赵",
        feedback="满意",
        satisfied=True,
    )
    secretary = client_as(personas["支部书记A1"])
    listed = secretary.get("/complaints/return-visits/")
    assert [row[0].complaint_id for row in listed.context["rows"]] == [made.pk]  # B1's visit is not A1's to see
    assert "维持办理结果" in compact(listed.content) and "上门回访" in compact(listed.content)
    assert secretary.get("/complaints/return-visits/", {"satisfied": "true"}).context["rows"] == []
    refused = secretary.get("/complaints/return-visits/", {"year": "99999999999999999999", "way": "x"})
    assert refused.status_code in (200, 400) and refused.context["rows"] == []
    exported = secretary.get("/complaints/return-visits/export/")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 1 and rows[0][7:11] == [
        "还是没办成",
        "不满意",
        "维持办理结果（说明理由）",
        "已按政策答复，无法办理",
    ]
    assert AuditEvent.objects.filter(event="complaint.return_visits_exported").count() == 1


def test_an_unsatisfied_visit_needs_a_decision_and_reopens_the_handling(point, personas, client_as):
    made = closed(point)
    secretary = client_as(personas["支部书记A1"])
    url = f"/complaints/{made.pk}/return-visit/new/"
    undecided = secretary.post(url, visit(satisfied="no", feedback="材料还是没告知清楚"))
    assert "群众不满意的，请作出处理决定" in compact(undecided.content)
    reasonless = secretary.post(url, visit(satisfied="no", follow_up="reopen"))
    assert "请写明处理决定的理由" in compact(reasonless.content)
    pleased_but_reopened = secretary.post(url, visit(follow_up="reopen"))
    assert "群众满意的，无需重新办理或纳入整改" in compact(pleased_but_reopened.content)
    assert ReturnVisit.objects.count() == 0 and AuditEvent.objects.filter(event__startswith="complaint.re").count() == 0
    reopen = visit(satisfied="no", follow_up="reopen", decision_note="重新核对材料清单，当面答复")
    assert secretary.post(url, reopen).status_code == 302
    made.refresh_from_db()
    assert (made.status, made.round, made.due_on) == ("accepted", 2, D(2026, 11, 21))  # 5 days from the visit
    assert AuditEvent.objects.filter(event="complaint.reopened").count() == 1
    [task] = open_complaints(personas["支部书记A1"], None, D(2026, 11, 16))
    assert "待交办" in task.title
    steps = f"/complaints/{made.pk}/steps/new/"
    wrong = secretary.post(steps, {"kind": "answer", "happened_on": "2026-11-16", "official": "王", "note": "答复"})
    assert "重新办理：交办、答复、办结" in compact(wrong.content)
    for kind in ("assign", "answer", "close"):
        step = {"kind": kind, "happened_on": "2026-11-16", "official": "王科长", "note": "再次办理"}
        assert secretary.post(steps, step).status_code == 302
    made.refresh_from_db()
    assert made.status == "closed" and ComplaintStep.objects.filter(complaint=made, round=2).count() == 3
    # The second 办结 is owed its own visit, recorded once more.
    assert len(titles(personas["支部书记A1"], D(2026, 11, 19))) == 1
    assert secretary.post(url, visit(feedback="这次说清楚了")).status_code == 302
    assert list(ReturnVisit.objects.filter(complaint=made).order_by("round").values_list("round", "satisfied")) == [
        (1, False),
        (2, True),
    ]
    page = compact(secretary.get(f"/complaints/{made.pk}/").content)
    assert "重新办理：重新核对材料清单" in page and "第2轮办结后" in page


def test_an_unsatisfied_visit_into_the_rectification_loop(point, personas, client_as):
    made = closed(point)
    secretary = client_as(personas["支部书记A1"])
    answer = secretary.post(
        f"/complaints/{made.pk}/return-visit/new/",
        visit(satisfied="no", follow_up="rectify", decision_note="反映窗口作风问题，纳入整改"),
    )
    assert answer.status_code == 302 and answer["Location"] == f"/complaints/{made.pk}/rectification/new/"
    made.refresh_from_db()
    assert made.status == "closed" and made.round == 1
    assert "回访决定纳入整改，尚未关联整改事项" in compact(secretary.get(f"/complaints/{made.pk}/").content)


def test_visits_are_refused_in_chinese_and_write_nothing(point, personas, client_as, tree):
    made = closed(point)
    still_open = complaint(point, contact=PHONE)
    secretary = client_as(personas["支部书记A1"])
    cases = [
        (f"/complaints/{still_open.pk}/return-visit/new/", visit(), "投诉办结后才能回访"),
        (f"/complaints/{made.pk}/return-visit/new/", visit(visited_on="2026-11-15"), "回访日期不能早于办结日期"),
        (f"/complaints/{made.pk}/return-visit/new/", visit(visited_on="2026-11-17"), "回访日期不能晚于今天"),
        (f"/complaints/{made.pk}/return-visit/new/", visit(visitor=" "), "该字段是必填项"),
        (f"/complaints/{made.pk}/return-visit/new/", visit(way="fax"), "选择一个有效的选项"),
    ]
    for url, data, words in cases:
        answer = secretary.post(url, data)
        assert answer.status_code == 200 and words in compact(answer.content), (data, compact(answer.content))
    assert ReturnVisit.objects.count() == 0
    assert client_as(personas["纪检A"]).post(f"/complaints/{made.pk}/return-visit/new/", visit()).status_code == 403
    assert client_as(personas["支部书记B1"]).get(f"/complaints/{made.pk}/return-visit/new/").status_code == 404
    assert ReturnVisit.objects.count() == 0 and Complaint.objects.get(pk=made.pk).round == 1


def test_the_api_lists_in_scope_and_records_through_the_service(point, personas, tree):
    made = closed(point)
    secretary = api_as(personas["支部书记A1"])
    body = {
        "complaint": made.pk,
        "visited_on": "2026-11-16",
        "way": "message",
        "visitor": "李回访",
        "feedback": "不满意，还要再跑",
        "satisfied": False,
        "follow_up": "reopen",
        "decision_note": "重新办理并当面答复",
    }
    missing = secretary.post("/api/v1/complaint-return-visits/", {**body, "follow_up": "none"}, format="json")
    assert missing.status_code == 400 and "请作出处理决定" in str(missing.json())
    key = {"Idempotency-Key": "visit-once-1"}
    created = secretary.post("/api/v1/complaint-return-visits/", body, format="json", headers=key)
    assert created.status_code == 201, created.json()
    again = secretary.post("/api/v1/complaint-return-visits/", body, format="json", headers=key)
    assert again.status_code == 200 and ReturnVisit.objects.count() == 1
    assert created.json()["round"] == 1 and Complaint.objects.get(pk=made.pk).round == 2
    assert [row["id"] for row in secretary.get("/api/v1/complaint-return-visits/").json()["results"]] == [
        created.json()["id"]
    ]
    other = api_as(personas["支部书记B1"])
    assert other.get("/api/v1/complaint-return-visits/").json()["results"] == []
    assert other.get(f"/api/v1/complaint-return-visits/{created.json()['id']}/").status_code == 404
    assert other.post("/api/v1/complaint-return-visits/", body, format="json").status_code == 400
    assert secretary.get("/api/v1/complaints/", {"status": "accepted"}).json()["results"][0]["round"] == 2
    schema = api_as(personas["工委管理员"]).get("/api/v1/schema/").content.decode()
    assert "/api/v1/complaint-return-visits/" in schema and "reopen" in schema and "message" in schema


def test_the_statistics_count_return_visits(point, personas, client_as):
    satisfied, unsatisfied, owed, also_owed = (closed(point) for _ in range(4))
    anonymous = closed(point, contact="")
    for made, pleased in ((satisfied, True), (unsatisfied, False)):
        services.record_return_visit(
            actor=SETUP,
            complaint=made,
            visited_on=D(2026, 11, 16),
            way="phone",
            visitor="李",
            feedback="意见",
            satisfied=pleased,
            follow_up="none" if pleased else "reopen",
            decision_note="" if pleased else "重新办理",
        )
    assert anonymous.is_anonymous and owed.status == also_owed.status == "closed"
    with time_machine.travel(moment("2026-11-19T10:00"), tick=False):
        admin = client_as(personas["党委管理员A"])
        rows = admin.get("/complaints/statistics/", {"year": "2026", "month": "11"}).context["rows"]
    # 应回访: the four with a phone (all owed by the 19th), 已回访 2, 回访率 50%, satisfied at the visit 1 of 2,
    # one reopened; the anonymous one owes no visit.
    assert rows[-1][8:] == ["4", "2", "50.0%", "50.0%", "1"]
    with time_machine.travel(moment("2026-11-18T10:00"), tick=False):
        rows = (
            client_as(personas["党委管理员A"])
            .get("/complaints/statistics/", {"year": "2026", "month": "11"})
            .context["rows"]
        )
    assert rows[-1][8:] == ["2", "2", "100.0%", "50.0%", "1"]  # the unvisited two are owed only from the 19th
