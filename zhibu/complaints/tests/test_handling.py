"""The officials' side: the list and its filters, the steps 受理 → 交办 → 答复 → 办结 and the citizen's rating, overdue
on the right day, the 待办 inbox, the export, the poster, and another organisation's ids."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from zhibu.complaints import services
from zhibu.complaints.inbox import open_complaints
from zhibu.complaints.models import Complaint, ComplaintKind, ComplaintStep, IntakePoint
from zhibu.complaints.tests.helpers import CLOCK, complaint, intake_point
from zhibu.core.inbox import Urgency
from zhibu.testing import SETUP, compact

pytestmark = pytest.mark.clock(CLOCK)
D = datetime.date


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def point(tree):
    return intake_point(tree.a1)


def step_data(kind, on="2026-11-16", official="王科长", note=""):
    return {"kind": kind, "happened_on": on, "official": official, "note": note}


def test_the_whole_path_from_acceptance_to_the_citizens_rating(point, personas, client_as):
    made = complaint(point, contact="13912345678")
    secretary = client_as(personas["支部书记A1"])
    page = compact(secretary.get(f"/complaints/{made.pk}/").content)
    assert "登记下一步：受理" in page and "139****5678" in page and "13912345678" not in page
    url = f"/complaints/{made.pk}/steps/new/"
    for kind, note in (
        ("accept", ""),
        ("assign", "交综合受理科李明办理"),
        ("answer", "已为您一次性告知所需材料，并于当日办结营业执照变更。"),
        ("close", "电话回访，投诉人表示认可"),
    ):
        answer = secretary.post(url, step_data(kind, note=note))
        assert answer.status_code == 302, compact(answer.content)
    made.refresh_from_db()
    assert made.status == "closed"
    assert list(made.steps.values_list("kind", "official")) == [
        ("accept", "王科长"),
        ("assign", "王科长"),
        ("answer", "王科长"),
        ("close", "王科长"),
    ]
    assert "登记下一步" not in compact(secretary.get(f"/complaints/{made.pk}/").content)
    # The citizen sees the answer and rates once.
    citizen = Client()
    track = compact(citizen.get(f"/complaints/track/{made.tracking_code}/").content)
    assert "已办结" in track and "已为您一次性告知所需材料" in track and "评价办理结果" in track
    assert "王科长" not in track and "李明" not in track  # officials' names and internal notes stay inside
    assert (
        citizen.post(f"/complaints/track/{made.tracking_code}/", {"rating": "satisfied", "comment": "很快"}).status_code
        == 302
    )
    made.refresh_from_db()
    assert (made.rating, made.rating_comment, made.rated_on) == ("satisfied", "很快", D(2026, 11, 16))
    again = citizen.post(f"/complaints/track/{made.tracking_code}/", {"rating": "unsatisfied"})
    assert again.status_code == 400
    made.refresh_from_db()
    assert made.rating == "satisfied"
    assert "满意（2026年11月16日）：很快" in compact(secretary.get(f"/complaints/{made.pk}/").content)


def test_steps_keep_their_order_and_dates(point, personas, client_as):
    made = complaint(point)
    secretary = client_as(personas["支部书记A1"])
    url = f"/complaints/{made.pk}/steps/new/"
    skipped = secretary.post(url, step_data("answer", note="答复"))
    assert "下一步应为“受理”，不能登记“答复”" in compact(skipped.content)
    early = secretary.post(url, step_data("accept", on="2026-11-10"))
    assert "办理日期不能早于收到投诉的日期" in compact(early.content)
    nameless = secretary.post(url, step_data("accept", official=" "))
    assert "经办人" in compact(nameless.content)
    assert ComplaintStep.objects.count() == 0
    assert secretary.post(url, step_data("accept")).status_code == 302
    no_addressee = secretary.post(url, step_data("assign"))
    assert "请写明承办单位或人员" in compact(no_addressee.content)
    assert ComplaintStep.objects.count() == 1


def test_overdue_on_the_right_day(point, personas, client_as):
    made = complaint(point)  # received 16 November, 办事拖延: 5 days → due 21 November
    done = complaint(point)
    for kind in ("accept", "assign", "answer", "close"):
        services.record_step(
            actor=SETUP, complaint=done, kind=kind, happened_on=D(2026, 11, 16), official="王", note="已办"
        )
    assert made.due_on == D(2026, 11, 21)
    with time_machine.travel(moment("2026-11-21T18:00"), tick=False):
        secretary = client_as(personas["支部书记A1"])  # signed in on the day: sessions expire in between
        assert not made.is_overdue(D(2026, 11, 21))
        assert secretary.get("/complaints/", {"overdue": "true"}).context["page"].paginator.count == 0
    with time_machine.travel(moment("2026-11-22T09:00"), tick=False):
        secretary = client_as(personas["支部书记A1"])
        listed = secretary.get("/complaints/", {"overdue": "true"})
        assert [row[0].pk for row in listed.context["rows"]] == [made.pk]
        assert "超期" in compact(listed.content)
        assert secretary.get("/complaints/", {"overdue": "false"}).context["page"].paginator.count == 1
        [task] = open_complaints(personas["支部书记A1"], None, D(2026, 11, 22))
        assert task.urgency == Urgency.OVERDUE and "已超期" in task.title and task.due == D(2026, 11, 21)


def test_changing_a_kinds_deadline_leaves_received_complaints_alone(point, personas):
    made = complaint(point)
    kind = made.kind
    services.save_kind(actor=personas["工委管理员"], kind=kind, name=kind.name, deadline_days=10)
    made.refresh_from_db()
    assert made.due_on == D(2026, 11, 21)
    assert complaint(point).due_on == D(2026, 11, 26)


def test_the_inbox_of_the_units_officials(point, tree, personas):
    made = complaint(point)
    today = D(2026, 11, 16)
    for persona in ("支部书记A1", "党委管理员A", "工委管理员"):
        [task] = open_complaints(personas[persona], None, today)
        assert task.url == f"/complaints/{made.pk}/" and "待受理" in task.title and task.action == "去受理"
    for persona in ("支部书记B1", "党员A1", "无角色"):
        assert open_complaints(personas[persona], None, today) == []
    assert open_complaints(personas["工委管理员"], tree.b, today) == []  # the switcher's scope narrows it
    for kind in ("accept", "assign", "answer", "close"):
        services.record_step(actor=SETUP, complaint=made, kind=kind, happened_on=today, official="王", note="已办")
    assert open_complaints(personas["支部书记A1"], None, today) == []


def test_another_organisations_complaints_are_not_found(point, tree, personas, client_as):
    ours = complaint(point)
    theirs = complaint(intake_point(tree.b1, unit_name="市医保局"), what="别人的投诉：医保报销材料被要求反复提交。")
    secretary = client_as(personas["支部书记A1"])
    listed = compact(secretary.get("/complaints/").content)
    assert f"/complaints/{ours.pk}/" in listed and f"/complaints/{theirs.pk}/" not in listed
    assert secretary.get(f"/complaints/{theirs.pk}/").status_code == 404
    assert secretary.post(f"/complaints/{theirs.pk}/steps/new/", step_data("accept")).status_code == 404
    assert secretary.get(f"/complaints/intake-points/{theirs.intake_point_id}/").status_code == 404
    assert ComplaintStep.objects.count() == 0
    # An ordinary member of the branch handles no complaints.
    member = client_as(personas["党员A1"])
    assert member.get(f"/complaints/{ours.pk}/").status_code == 404
    # The 纪检 role reads but does not record steps.
    discipline = client_as(personas["纪检A"])
    assert discipline.get(f"/complaints/{ours.pk}/").status_code == 200
    assert discipline.post(f"/complaints/{ours.pk}/steps/new/", step_data("accept")).status_code == 403


def test_the_export_masks_the_contact_and_names_the_kind(point, personas, client_as):
    complaint(point, contact="13912345678")
    answer = client_as(personas["党委管理员A"]).get("/complaints/export/")
    assert answer.status_code == 200
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    text = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    assert "139****5678" in text and "13912345678" not in text and "办事拖延" in text and "市行政审批局" in text


def test_a_refused_filter_lists_nothing(point, personas, client_as):
    complaint(point)
    listed = client_as(personas["支部书记A1"]).get("/complaints/", {"status": "nonsense"})
    assert listed.status_code == 200 and listed.context["page"].paginator.count == 0


def test_intake_points_and_their_posters(tree, personas, client_as):
    secretary = client_as(personas["支部书记A1"])
    form = secretary.get("/complaints/intake-points/new/").context["form"]
    key = form["submission_key"].value()
    data = {
        "organization": tree.a1.pk,
        "unit_name": "市公安局出入境管理处",
        "kind": "hall",
        "name": "",
        "submission_key": key,
    }
    refused = secretary.post("/complaints/intake-points/new/", data)
    assert "窗口或服务大厅请填写名称" in compact(refused.content)
    answer = secretary.post("/complaints/intake-points/new/", {**data, "name": "出入境服务大厅"})
    assert answer.status_code == 302
    assert secretary.post("/complaints/intake-points/new/", {**data, "name": "出入境服务大厅"}).status_code == 302
    point = IntakePoint.objects.get()
    poster = compact(secretary.get(f"/complaints/intake-points/{point.pk}/").content)
    assert "市公安局出入境管理处" in poster and "出入境服务大厅" in poster
    assert 'src="data:image/svg+xml' in poster and f"http://testserver/complaints/public/{point.token}/" in poster
    # Someone from another party committee may neither open the poster nor put a point in A1.
    stranger = client_as(personas["支部书记B1"])
    assert stranger.get(f"/complaints/intake-points/{point.pk}/").status_code == 404
    form = stranger.get("/complaints/intake-points/new/").context["form"]
    stolen = stranger.post(
        "/complaints/intake-points/new/", {**data, "name": "冒名", "submission_key": form["submission_key"].value()}
    )
    assert stolen.status_code == 200 and IntakePoint.objects.count() == 1


def test_only_the_platform_administrator_sets_kinds_and_deadlines(personas, client_as):
    assert client_as(personas["支部书记A1"]).get("/complaints/kinds/").status_code == 403
    admin = client_as(personas["工委管理员"])
    answer = admin.post(
        "/complaints/kinds/", {"name": "门难进脸难看", "deadline_days": "4", "active": "on", "order": "9"}
    )
    assert answer.status_code == 302
    assert ComplaintKind.objects.get(name="门难进脸难看").deadline_days == 4
    too_long = admin.post("/complaints/kinds/", {"name": "其他类别", "deadline_days": "120", "order": "9"})
    assert too_long.status_code == 200 and not ComplaintKind.objects.filter(name="其他类别").exists()


def test_the_list_does_not_repeat_queries_per_row(point, personas, client_as, django_assert_max_num_queries):
    for _ in range(5):
        complaint(point)
    client = client_as(personas["支部书记A1"])
    client.get("/complaints/")  # warm the session and navigation caches
    with django_assert_max_num_queries(25):
        assert client.get("/complaints/").status_code == 200
    assert Complaint.objects.count() == 5


def test_the_inbox_page_and_the_menu_show_complaints(point, personas, client_as):
    made = complaint(point)
    secretary = client_as(personas["支部书记A1"])
    inbox = compact(secretary.get("/inbox/").content)
    assert f"/complaints/{made.pk}/" in inbox and "去受理" in inbox
    assert "群众投诉" in inbox and "/complaints/intake-points/" in inbox  # the menu's 效能投诉 section
