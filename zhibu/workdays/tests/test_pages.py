"""The 节假日维护 page, its export and its API: everyone reads, only the 工委 writes, bad input is told in Chinese."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.core.idempotency import FORM_FIELD
from zhibu.testing import SETUP
from zhibu.workdays import services
from zhibu.workdays.calendar import is_working_day
from zhibu.workdays.models import ConfirmedYear, DayOverride

pytestmark = pytest.mark.clock("2026-06-15T10:00")

D = datetime.date
PAGE = reverse("workdays:year")


def api_as(user):
    client = APIClient()
    client.force_login(user)
    return client


def entered(client, **fields):
    data = {"day": "2026-10-09", "kind": "rest", "name": "国庆节", "note": "", **fields}
    key = client.get(PAGE).context["form"][FORM_FIELD].value()
    return client.post(reverse("workdays:add"), {**data, FORM_FIELD: key})


def test_everyone_signed_in_reads_the_year_with_the_source_of_each_day(personas, client_as):
    services.add_override(actor=SETUP, day=D(2026, 10, 9), kind="rest", name="国庆节", note="国办发明电〔2026〕1号")
    page = client_as(personas["党员A1"]).get(PAGE, {"year": 2026})
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026年10月1日" in text and "国务院安排（节假日库）" in text
    assert "2026年10月10日" in text and "国庆节调休上班" in text
    assert "工委录入" in text and "国办发明电〔2026〕1号" in text
    assert "录入一天" not in text, "a member reads, without the form"


def test_a_page_for_a_year_beyond_the_library_says_it_is_not_maintained(personas, client_as):
    page = client_as(personas["工委管理员"]).get(PAGE, {"year": 2027})
    text = page.content.decode()
    assert "尚未维护" in text and "确认已录入完整" in text


def test_the_gongwei_enters_2027_and_confirms_it_on_the_page(personas, client_as):
    client = client_as(personas["工委管理员"])
    answer = entered(client, day="2027-02-08", name="春节")
    assert answer.status_code == 302 and answer.url.endswith("?year=2027")
    override = DayOverride.objects.get(day=D(2027, 2, 8))
    assert (override.name, override.kind, override.entered_by) == ("春节", "rest", personas["工委管理员"])

    answer = client.post(reverse("workdays:confirm"), {"year": 2027})
    assert answer.status_code == 302
    assert ConfirmedYear.objects.get(year=2027).confirmed_by == personas["工委管理员"]
    assert not is_working_day(D(2027, 2, 8)) and is_working_day(D(2027, 2, 9))
    page = client.get(PAGE, {"year": 2027}).content.decode()
    assert "工委已确认" in page and "确认已录入完整" not in page
    assert AuditEvent.objects.filter(event=Event.WORKDAY_OVERRIDE_ADDED).count() == 1
    assert AuditEvent.objects.filter(event=Event.WORKDAY_YEAR_CONFIRMED).count() == 1


def test_the_gongwei_removes_a_future_day_but_not_a_past_one(personas, client_as):
    client = client_as(personas["工委管理员"])
    future = services.add_override(actor=SETUP, day=D(2026, 10, 9), kind="rest", name="国庆节")
    past = DayOverride.objects.create(day=D(2026, 3, 2), kind="rest", name="更正")  # entered before that day passed
    assert client.post(reverse("workdays:remove", args=[future.pk])).status_code == 302
    assert not DayOverride.objects.filter(pk=future.pk).exists()
    answer = client.post(reverse("workdays:remove", args=[past.pk]), follow=True)
    assert "2026年3月2日已经过去" in answer.content.decode()
    assert DayOverride.objects.filter(pk=past.pk).exists()
    assert AuditEvent.objects.filter(event=Event.WORKDAY_OVERRIDE_REMOVED).count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"day": "2026-13-45"}, "日期格式不对"),
        ({"day": ""}, "请选择日期"),
        ({"name": ""}, "请填写名称"),
        ({"kind": "holiday"}, "选择一个有效的选项"),
        ({"day": "2026-06-01"}, "2026年6月1日已经过去"),
        ({"day": "2028-01-01"}, "只能录入2027年及以前的安排"),
    ],
)
def test_bad_input_on_the_page_is_told_in_chinese_and_writes_nothing(personas, client_as, fields, message):
    answer = entered(client_as(personas["工委管理员"]), **fields)
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert not DayOverride.objects.exists()


def test_a_date_already_entered_names_what_it_holds(personas, client_as):
    services.add_override(actor=SETUP, day=D(2026, 10, 9), kind="rest", name="国庆节")
    answer = entered(client_as(personas["工委管理员"]), kind="work", name="调休上班")
    assert answer.status_code == 200
    assert "2026年10月9日已录入为“国庆节”（休息日），如需更改请先删除再录入" in answer.content.decode()
    assert DayOverride.objects.get().kind == "rest"


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2026", "2026年的安排已由节假日库提供，无需确认"),
        ("2027", "2027年还没有录入任何放假日期"),
        ("2029", "只能确认2027年及以前的安排"),
        ("二〇二七", "年度应为四位数字"),
    ],
)
def test_a_year_that_cannot_be_confirmed_is_told(personas, client_as, year, message):
    answer = client_as(personas["工委管理员"]).post(reverse("workdays:confirm"), {"year": year})
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert not ConfirmedYear.objects.exists()


def test_a_year_confirmed_twice_is_told_when_and_by_whom(personas):
    services.add_override(actor=SETUP, day=D(2027, 1, 1), kind="rest", name="元旦")
    services.confirm_year(actor=personas["工委管理员"], year=2027)
    with pytest.raises(services.Conflict, match="2027年已于2026年6月15日由.*确认"):
        services.confirm_year(actor=personas["工委管理员"], year=2027)


@pytest.mark.parametrize("persona", ["支部书记A1", "党委管理员A", "党员A1"])
def test_anyone_but_the_gongwei_is_refused_every_write(personas, client_as, persona):
    override = services.add_override(actor=SETUP, day=D(2026, 10, 9), kind="rest", name="国庆节")
    client = client_as(personas[persona])
    assert client.post(reverse("workdays:add"), {"day": "2026-10-12", "kind": "rest", "name": "x"}).status_code == 403
    assert client.post(reverse("workdays:confirm"), {"year": 2027}).status_code == 403
    assert client.post(reverse("workdays:remove", args=[override.pk])).status_code == 403
    api = api_as(personas[persona])
    assert api.post("/api/v1/workdays/", {"day": "2026-10-12", "kind": "rest", "name": "x"}).status_code == 403
    assert api.delete(f"/api/v1/workdays/{override.pk}/").status_code == 403
    assert api.post("/api/v1/workday-years/", {"year": 2027}).status_code == 403
    assert list(DayOverride.objects.values_list("day", flat=True)) == [D(2026, 10, 9)]
    assert not ConfirmedYear.objects.exists()
    with pytest.raises(services.PermissionDenied):
        services.add_override(actor=personas[persona], day=D(2026, 10, 12), kind="rest", name="x")


def test_the_menu_shows_the_page_to_the_gongwei_only(personas, client_as):
    assert PAGE in client_as(personas["工委管理员"]).get(reverse("dashboards:home")).content.decode()
    assert PAGE not in client_as(personas["支部书记A1"]).get(reverse("dashboards:home")).content.decode()


def test_a_bad_year_in_the_address_falls_back_to_this_year_and_says_so(personas, client_as):
    page = client_as(personas["支部书记A1"]).get(PAGE, {"year": "abc", "kind": "nothing"})
    assert page.status_code == 200
    assert page.context["year"] == 2026
    assert "筛选条件有误" in page.content.decode()


def test_the_export_lists_the_years_days_with_their_source_and_is_audited(personas, client_as):
    services.add_override(actor=SETUP, day=D(2026, 10, 9), kind="rest", name="国庆节")
    answer = client_as(personas["纪检A"]).get(reverse("workdays:export"), {"year": 2026, "kind": "rest"})
    assert answer.status_code == 200
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("日期", "星期", "安排", "名称", "来源")
    midnight = datetime.datetime.combine
    assert (midnight(D(2026, 10, 1), datetime.time()), "星期四", "休息日", "国庆节", "国务院安排（节假日库）") in [
        row[:5] for row in rows
    ]
    assert (midnight(D(2026, 10, 9), datetime.time()), "星期五", "休息日", "国庆节", "工委录入") in [
        row[:5] for row in rows
    ]
    assert all(row[2] == "休息日" for row in rows[1:]), "only the kind asked for"
    assert AuditEvent.objects.filter(event=Event.WORKDAY_EXPORTED).count() == 1


def test_the_api_reads_for_everyone_and_writes_for_the_gongwei(personas):
    gongwei = api_as(personas["工委管理员"])
    created = gongwei.post("/api/v1/workdays/", {"day": "2026-10-09", "kind": "rest", "name": "国庆节"})
    assert created.status_code == 201, created.content
    assert created.json()["entered_by"] == str(personas["工委管理员"])

    listed = api_as(personas["支部书记A1"]).get("/api/v1/workdays/", {"year": 2026})
    assert [row["day"] for row in listed.json()["results"]] == ["2026-10-09"]
    days = api_as(personas["支部书记A1"]).get("/api/v1/workdays/days/", {"year": 2026, "kind": "rest"}).json()
    by_day = {row["day"]: row for row in days}
    assert by_day["2026-10-01"]["origin"] == "library"
    assert (by_day["2026-10-09"]["origin"], by_day["2026-10-09"]["override_id"]) == ("override", created.json()["id"])

    assert gongwei.delete(f"/api/v1/workdays/{created.json()['id']}/").status_code == 204
    assert not DayOverride.objects.exists()


def test_the_api_answers_bad_input_in_chinese(personas):
    gongwei = api_as(personas["工委管理员"])
    services.add_override(actor=SETUP, day=D(2026, 10, 9), kind="rest", name="国庆节")
    duplicate = gongwei.post("/api/v1/workdays/", {"day": "2026-10-09", "kind": "work", "name": "调休上班"})
    assert duplicate.status_code == 409
    assert "已录入为“国庆节”" in duplicate.json()["detail"]
    past = gongwei.post("/api/v1/workdays/", {"day": "2026-01-05", "kind": "rest", "name": "x"})
    assert past.status_code == 400 and "已经过去" in past.json()["day"][0]
    assert gongwei.post("/api/v1/workdays/", {"day": "明天", "kind": "rest", "name": "x"}).status_code == 400
    no_year = api_as(personas["党员A1"]).get("/api/v1/workdays/days/")
    assert no_year.status_code == 400 and "请指定年度" in no_year.json()["year"][0]
    assert gongwei.post("/api/v1/workday-years/", {"year": 2026}).status_code == 400
    assert DayOverride.objects.count() == 1


def test_the_schema_names_the_endpoints_with_their_enums(personas):
    schema = api_as(personas["工委管理员"]).get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/workdays/days/" in schema["paths"] and "/api/v1/workday-years/" in schema["paths"]
    origin = schema["components"]["schemas"]["SpecialDay"]["properties"]["origin"]
    enum_name = origin["allOf"][0]["$ref"].rsplit("/", 1)[-1]
    assert schema["components"]["schemas"][enum_name]["enum"] == ["library", "override"]
