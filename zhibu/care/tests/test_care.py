"""The care registry: a hardship visit recorded through the page takes the festival reminder out of the 待办 inbox;
reminders before 七一, 重阳 and political birthdays; amounts in yuan; only the keepers of the member's organisation
and above see any of it; refused input leaves a Chinese message and nothing written."""

import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhibu.care.festivals import festivals_of
from zhibu.care.inbox import festival_visits, political_birthdays
from zhibu.care.models import CareCase, CareVisit
from zhibu.care.tests.helpers import CLOCK, case, visit
from zhibu.core.audit_models import AuditEvent
from zhibu.testing import compact

D = datetime.date
KEEPERS = ("支部书记A1", "党务干部A1", "党委管理员A", "工委管理员")
OTHERS = ("纪检A", "党员A1", "支部书记B1", "无角色")


def test_festival_dates_come_from_the_lunar_calendar():
    days = {festival.name: festival.day for festival in festivals_of(2027)}
    assert days == {"春节": D(2027, 2, 6), "七一": D(2027, 7, 1), "中秋": D(2027, 9, 15), "重阳": D(2027, 10, 8)}


@pytest.mark.clock(CLOCK)
def test_a_hardship_visit_takes_the_spring_festival_reminder_away(tree, personas, client_as):
    made = case(tree.a1)
    secretary = client_as(personas["支部书记A1"])
    inbox = compact(secretary.get("/inbox/").content)
    assert "春节（2027年2月6日）前走访慰问：困难党员甲（共1人）尚未走访" in inbox
    assert f"/care/{made.pk}/visits/new/" in inbox
    form = secretary.get(f"/care/{made.pk}/visits/new/")
    key = form.context["form"]["submission_key"].value()
    body = {
        "submission_key": key,
        "kind": "condolence",
        "visited_on": "2027-01-24",
        "visitors": "支部书记王某",
        "note": "送去慰问金和米面油",
        "amount": "800",
    }
    assert secretary.post(f"/care/{made.pk}/visits/new/", body).status_code == 302
    assert secretary.post(f"/care/{made.pk}/visits/new/", body).status_code == 302  # a double submit
    [recorded] = CareVisit.objects.filter(case=made)
    assert recorded.amount == 800
    assert "前走访慰问" not in compact(secretary.get("/inbox/").content)
    page = compact(secretary.get(f"/care/{made.pk}/").content)
    assert "￥800.00" in page and "2027年1月24日" in page and "合计发放￥800.00" in page
    assert AuditEvent.objects.filter(event="care.visit_recorded").count() == 1


@pytest.mark.clock(CLOCK)
def test_a_visit_long_before_the_festival_does_not_count(tree, personas):
    made = case(tree.a1)
    visit(made, D(2026, 12, 1))  # more than 30 days before 春节
    [task] = festival_visits(personas["党委管理员A"], None, D(2027, 1, 25))
    assert task.due == D(2027, 2, 6) and task.organization == tree.a1
    assert festival_visits(personas["党委管理员A"], tree.b, D(2027, 1, 25)) == []  # the switcher's scope
    for persona in OTHERS:
        assert festival_visits(personas[persona], None, D(2027, 1, 25)) == []


@pytest.mark.clock("2027-06-26T10:00")
def test_qiyi_and_the_political_birthday_are_reminded(tree, personas):
    made = case(tree.a1, kind="veteran", joined_on=D(1967, 7, 1), birth_date=D(1940, 3, 2))
    [birthday] = political_birthdays(personas["支部书记A1"], None, D(2027, 6, 26))
    assert birthday.title.startswith("困难党员甲2027年7月1日入党60周年（政治生日）")
    assert birthday.url == f"/care/{made.pk}/visits/new/"
    [qiyi] = festival_visits(personas["支部书记A1"], None, D(2027, 6, 26))
    assert "七一（2027年7月1日）" in qiyi.title
    assert political_birthdays(personas["支部书记B1"], None, D(2027, 6, 26)) == []


@pytest.mark.clock("2027-10-01T10:00")
def test_chongyang_is_for_veteran_and_retired_members(tree, personas):
    case(tree.a1, name="困难者", kind="hardship")
    case(tree.a1, name="老同志", kind="retired")
    [task] = festival_visits(personas["支部书记A1"], None, D(2027, 10, 1))
    assert "重阳" in task.title and "老同志" in task.title and "困难者" not in task.title


@pytest.mark.clock(CLOCK)
def test_only_the_keepers_of_the_members_organisation_see_the_registry(tree, personas, client_as):
    ours, theirs = case(tree.a1, name="甲困难"), case(tree.b1, name="乙困难")
    made = visit(ours, D(2027, 1, 20))
    for persona in KEEPERS:
        web = client_as(personas[persona])
        assert web.get(f"/care/{ours.pk}/").status_code == 200, persona
        api = APIClient()
        api.force_authenticate(personas[persona])
        names = {row["member_name"] for row in api.get("/api/v1/care-cases/").json()["results"]}
        assert "甲困难" in names, persona
        assert api.get(f"/api/v1/care-visits/{made.pk}/").status_code == 200
    assert client_as(personas["工委管理员"]).get(f"/care/{theirs.pk}/").status_code == 200
    for persona in OTHERS:
        web = client_as(personas[persona])
        urls = [f"/care/{ours.pk}/", f"/care/{ours.pk}/visits/new/"]
        if persona != "支部书记B1":
            urls.append(f"/care/{theirs.pk}/")
        for url in urls:
            assert web.get(url).status_code == 404, (persona, url)
        listed = web.get("/care/")
        assert "甲困难" not in listed.content.decode()
        api = APIClient()
        api.force_authenticate(personas[persona])
        assert api.get(f"/api/v1/care-cases/{ours.pk}/").status_code == 404
        assert api.get("/api/v1/care-visits/").json()["count"] == 0
    assert client_as(personas["支部书记A1"]).get(f"/care/{theirs.pk}/").status_code == 404
    export = client_as(personas["党委管理员A"]).get("/care/visits/export/")
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[6]) for row in rows] == [("甲困难", "￥500.00")]


@pytest.mark.clock(CLOCK)
def test_refused_input_says_what_is_wrong_and_writes_nothing(tree, personas, client_as):
    made = case(tree.a1)
    secretary = client_as(personas["支部书记A1"])
    url = f"/care/{made.pk}/visits/new/"
    good = {"kind": "support", "visited_on": "2027-01-20", "visitors": "王某", "note": "帮扶就医", "amount": ""}
    for change, message in (
        ({"amount": "五百"}, "金额请填写数字"),
        ({"amount": "-5"}, "金额应大于0元"),
        ({"amount": "1.234"}, "金额最多保留两位小数"),
        ({"visited_on": "2027-02-01"}, "日期不能晚于今天"),
        ({"visited_on": "2026-01-01"}, "日期不能早于列入关怀的日期"),
        ({"note": "好"}, "请写明慰问或帮扶的内容"),
    ):
        key = secretary.get(url).context["form"]["submission_key"].value()
        page = secretary.post(url, {**good, **change, "submission_key": key})
        assert page.status_code == 200 and message in page.content.decode(), change
    assert CareVisit.objects.count() == 0
    key = secretary.get("/care/new/").context["form"]["submission_key"].value()
    again = {"member": made.member.pk, "kind": "hardship", "reason": "又一次", "since": "2027-01-01", "level": "key"}
    page = secretary.post("/care/new/", {**again, "submission_key": key})
    assert "已列为生活困难党员" in page.content.decode() and CareCase.objects.count() == 1


@pytest.mark.clock(CLOCK)
def test_visits_are_recorded_through_the_api_once_per_key(tree, personas):
    made = case(tree.a1)
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    body = {"case": made.pk, "kind": "support", "visited_on": "2027-01-20", "visitors": "王某", "note": "帮扶就医"}
    first = api.post(
        "/api/v1/care-visits/", {**body, "amount": "1200.50"}, format="json", HTTP_IDEMPOTENCY_KEY="visit-key-1"
    )
    assert first.status_code == 201, first.content.decode()
    assert first.json()["amount"] == "1200.50"
    again = api.post(
        "/api/v1/care-visits/", {**body, "amount": "1200.50"}, format="json", HTTP_IDEMPOTENCY_KEY="visit-key-1"
    )
    assert again.status_code == 200 and CareVisit.objects.count() == 1
    stranger = APIClient()
    stranger.force_authenticate(personas["支部书记B1"])
    assert stranger.post("/api/v1/care-visits/", body, format="json").status_code == 400
    assert CareVisit.objects.count() == 1
