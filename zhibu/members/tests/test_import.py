import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.members.importing import COLUMNS
from zhibu.members.models import Member
from zhibu.testing import import_row

row_for = import_row


def workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.header + ("*" if c.required else "") for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, dry_run=False, name="members.xlsx"):
    data: dict[str, Any] = {"file": SimpleUploadedFile(name, content)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("members:import"), data)


def test_template_downloads_with_every_column(personas, client_as):
    response = client_as(personas["支部书记A1"]).get(reverse("members:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value.rstrip("*") for cell in sheet[1]]
    assert headers == [c.header for c in COLUMNS]


def test_every_error_is_reported_at_once_and_nothing_is_written(tree, personas, client_as):
    good = row_for(tree.a1)
    bad_id = row_for(tree.a1)
    bad_id[2] = "220102198506150011"
    bad_date_and_choice = row_for(tree.a1)
    bad_date_and_choice[4] = "1985-13-40"
    bad_date_and_choice[1] = "未知"
    other_branch = row_for(tree.b1)
    duplicate = list(good)
    response = upload(
        client_as(personas["支部书记A1"]), workbook_bytes([good, bad_id, bad_date_and_choice, other_branch, duplicate])
    )
    result = response.context["result"]
    found = {(e.row, e.column) for e in result.errors}
    assert {(3, "公民身份号码"), (4, "出生日期"), (4, "性别"), (5, "所在党支部"), (6, "公民身份号码")} <= found
    assert not result.committed and Member.objects.count() == 1  # only the persona's own member record
    text = response.content.decode()
    assert "未导入任何数据" in text and "第4行" in text and "校验位错误" in text


def test_clean_file_imports_in_one_go_and_twice_creates_no_duplicates(tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    rows = [row_for(tree.a1, name=f"导入党员{i}") for i in range(5)]
    content = workbook_bytes(rows)
    checked = upload(client, content, dry_run=True).context["result"]
    assert (
        checked.created == 5 and not checked.committed and Member.objects.filter(name__startswith="导入").count() == 0
    )
    first = upload(client, content).context["result"]
    assert (first.created, first.updated, first.unchanged, first.committed) == (5, 0, 0, True)
    second = upload(client, content).context["result"]
    assert (second.created, second.updated, second.unchanged) == (0, 0, 5)
    assert Member.objects.filter(name__startswith="导入党员").count() == 5
    rows[0][COLUMNS.index(next(c for c in COLUMNS if c.field == "employer"))] = "新单位"
    third = upload(client, workbook_bytes(rows)).context["result"]
    assert (third.created, third.updated, third.unchanged) == (0, 1, 4)
    assert Member.objects.get(name="导入党员0").employer == "新单位"
    assert AuditEvent.objects.filter(event=Event.MEMBER_CREATED, actor=personas["支部书记A1"]).count() == 5
    assert AuditEvent.objects.filter(event=Event.MEMBER_UPDATED, actor=personas["支部书记A1"]).count() == 1
    imported = Member.objects.get(name="导入党员1")
    assert imported.affiliations.get().organization == tree.a1 and imported.name_initials


def test_numbers_typed_as_excel_numbers_are_explained(tree, personas, client_as):
    row = row_for(tree.a1)
    row[2] = 220102198506150000
    result = upload(client_as(personas["支部书记A1"]), workbook_bytes([row])).context["result"]
    assert "存成了数字" in result.errors[0].message


def test_not_an_excel_file(personas, client_as):
    client = client_as(personas["支部书记A1"])
    response = upload(client, b"name,id\n", name="members.csv")
    assert "请上传 .xlsx" in response.content.decode()
    broken = upload(client, b"PK\x03\x04 not really a zip").context["result"]
    assert "文件无法读取" in broken.errors[0].message


def test_missing_required_header(personas, client_as):
    workbook = Workbook()
    workbook.active.append(["姓名", "性别"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = upload(client_as(personas["支部书记A1"]), buffer.getvalue()).context["result"]
    assert "表头缺少必填列" in result.errors[0].message


def test_dates_in_chinese_form_are_read(tree, personas, client_as):
    row = row_for(tree.a1, joined_on=datetime.date(2010, 7, 1))
    row[8] = "2010年7月1日"
    row[9] = "2011/07/01"
    result = upload(client_as(personas["支部书记A1"]), workbook_bytes([row])).context["result"]
    assert result.committed, result.errors
