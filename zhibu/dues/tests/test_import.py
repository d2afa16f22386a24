"""Importing a payroll-deduction or bank file: template, upload, preview row by row, confirm all or nothing."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from zhibu.core.audit_catalogue import Event
from zhibu.core.models import AuditEvent
from zhibu.dues import services
from zhibu.dues.importing import HEADERS
from zhibu.dues.models import Payment
from zhibu.testing import make_member

NOVEMBER = datetime.date(2026, 11, 1)
pytestmark = pytest.mark.clock("2026-11-16T10:00")


def _workbook(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS.values()))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, branch, content: bytes, name="代扣.xlsx"):
    data = {"organization": branch.pk, "file": SimpleUploadedFile(name, content), "method": "on_behalf"}
    return client.post("/dues/import/", data)


def _assessed(branch, secretary, name, base="5400"):
    member = make_member(branch, name=name)
    services.set_assessment(actor=secretary, member=member, year=2026, category="salaried", base=base)
    return member


@pytest.fixture
def branch_members(tree, personas):
    secretary = personas["支部书记A1"]
    return [_assessed(tree.a1, secretary, "甲党员"), _assessed(tree.a1, secretary, "乙党员", base="12000")]


def test_the_template_downloads_with_the_headers(personas, client_as):
    response = client_as(personas["支部书记A1"]).get("/dues/import/template/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == [f"{header}*" for header in HEADERS.values()]


def test_a_clean_file_is_previewed_then_recorded_once(tree, personas, client_as, branch_members):
    first, second = branch_members
    client = client_as(personas["支部书记A1"])
    content = _workbook(
        [("甲党员", first.id_number[-4:], "2026-11", "81.00"), ("乙党员", second.id_number, "2026-11", 240)]
    )
    preview = _upload(client, tree.a1, content).content.decode()
    assert "2行全部可以登记，共￥321.00" in preview and "确认登记2笔" in preview
    assert second.id_number not in preview  # a full 身份证号 is shown as its last four
    # The shared import page (core/import.html) uploads to this page and confirms at this app's confirm.
    assert 'action="/dues/import/"' in preview and 'action="/dues/import/confirm/"' in preview
    assert not Payment.objects.exists()  # the preview ran the recording and rolled it back
    key = re.search(r'name="key" value="(\w+)"', preview).group(1)
    done = client.post("/dues/import/confirm/", {"key": key}, follow=True).content.decode()
    assert "已导入2笔党费，共￥321.00" in done
    again = client.post("/dues/import/confirm/", {"key": key}, follow=True).content.decode()  # a double click
    assert "该文件已导入，未重复记录" in again
    assert {(p.member_id, p.amount, p.method) for p in Payment.objects.all()} == {
        (first.pk, 81, "on_behalf"),
        (second.pk, 240, "on_behalf"),
    }
    assert AuditEvent.objects.filter(event=Event.DUES_PAYMENT_RECORDED).count() == 2


def test_each_bad_row_is_explained_and_nothing_can_be_confirmed(tree, personas, client_as, branch_members):
    first, second = branch_members
    outsider = _assessed(tree.b1, personas["支部书记B1"], "外支部党员")
    client = client_as(personas["支部书记A1"])
    content = _workbook(
        [
            ("甲党员", first.id_number[-4:], "2026-11", "81.00"),
            ("乙党员", second.id_number[-4:], "2026-11", "100"),  # not the assessed amount
            ("外支部党员", outsider.id_number, "2026-11", "81.00"),
            ("无此人", "0000", "2026-11", "81.00"),
            ("甲党员", first.id_number[-4:], "2026-13", "abc"),
        ]
    )
    preview = _upload(client, tree.a1, content).content.decode()
    assert "4行有问题，不能登记" in preview and "确认登记" not in preview
    assert "2026年11月应缴240.00元，登记金额为100.00元" in preview
    assert "没有“外支部党员”" in preview and "没有“无此人”" in preview
    assert "2026-13" in preview and "不是数字" in preview
    assert not Payment.objects.exists()
    refused = client.post("/dues/import/confirm/", {"key": "x" * 32}, follow=True).content.decode()
    assert "没有待确认的导入" in refused and not Payment.objects.exists()


def test_a_row_refused_at_confirm_time_records_nothing(tree, personas, client_as, branch_members):
    """The preview was clean, then someone recorded one member's month on the sheet: the confirm refuses the whole
    file, naming the row, and the other row is not recorded either."""
    first, second = branch_members
    secretary = personas["支部书记A1"]
    client = client_as(secretary)
    content = _workbook(
        [("甲党员", first.id_number[-4:], "2026-11", "81"), ("乙党员", second.id_number[-4:], "2026-11", "240")]
    )
    key = re.search(r'name="key" value="(\w+)"', _upload(client, tree.a1, content).content.decode()).group(1)
    services.record_payment(actor=secretary, member=second, month=NOVEMBER, method="cash", key="on-the-sheet-1")
    refused = client.post("/dues/import/confirm/", {"key": key}, follow=True).content.decode()
    assert "第3行" in refused and "已登记缴纳" in refused and "没有登记任何缴费" in refused
    assert not Payment.objects.filter(member=first).exists()
    assert Payment.objects.count() == 1


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * 40_000_000 + "</a>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "explained"),
    [
        ("代扣.xlsx", b"not a spreadsheet at all", "文件无法读取"),
        ("代扣.xls", b"PK\x03\x04", "请上传 .xlsx"),
        ("代扣.xlsx", _workbook([]), "没有数据行"),
        ("代扣.xlsx", _bomb(), "解压后体积异常"),
    ],
)
def test_a_bad_file_is_explained(tree, personas, client_as, name, content, explained):
    response = _upload(client_as(personas["支部书记A1"]), tree.a1, content, name=name)
    assert response.status_code == 200 and explained in response.content.decode()
    assert not Payment.objects.exists()


def test_a_header_missing_and_a_formula_are_not_trusted(tree, personas, client_as, branch_members):
    first, _ = branch_members
    client = client_as(personas["支部书记A1"])
    workbook = Workbook()
    workbook.active.append(["姓名", "金额（元）"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert "表头缺少：身份证号、所属月份" in _upload(client, tree.a1, buffer.getvalue()).content.decode()
    # A formula cell is read as the value a spreadsheet saved for it (none here), never evaluated.
    content = _workbook([('=HYPERLINK("http://x","y")', first.id_number[-4:], "2026-11", "=81*1")])
    preview = _upload(client, tree.a1, content).content.decode()
    assert "金额为空" in preview and '<a href="http://x"' not in preview
    assert not Payment.objects.exists()


def test_another_branch_cannot_be_chosen(tree, personas, client_as, branch_members):
    first, _ = branch_members
    content = _workbook([("甲党员", first.id_number[-4:], "2026-11", "81")])
    response = _upload(client_as(personas["支部书记B1"]), tree.a1, content).content.decode()
    assert "党支部：选择一个有效的选项" in response
    assert not Payment.objects.exists()


def test_an_absurd_month_is_a_row_problem(tree, personas, client_as, branch_members):
    first, _ = branch_members
    content = _workbook([("甲党员", first.id_number[-4:], "99999999999999999999-1", "81")])
    preview = _upload(client_as(personas["支部书记A1"]), tree.a1, content).content.decode()
    assert "无法识别" in preview and not Payment.objects.exists()
