"""Issue 16 item 6: a small import file must not keep a worker busy. Rows are counted as they stream from the file
(whatever size the file declares) and the unpacked size of the .xlsx is measured, not taken from its directory."""

import io
import re
import time
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from zhibu.members.importing import COLUMNS
from zhibu.members.models import Member
from zhibu.testing import import_row

SHEET = "xl/worksheets/sheet1.xml"


def template_with_rows(rows=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.header for column in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def doctored(content: bytes, *, dimension: str | None = None, tail: str = "", after: str = "") -> bytes:
    """The same workbook with its sheet's XML changed as an attacker would: a declared size, extra row elements
    before </sheetData>, and anything after it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == SHEET:
                xml = data.decode()
                if dimension:
                    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>', xml)
                data = xml.replace("</sheetData>", tail + "</sheetData>" + after).encode()
            archive.writestr(entry.filename, data)
    return out.getvalue()


def post(client, content: bytes):
    started = time.perf_counter()
    response = client.post(reverse("members:import"), {"file": SimpleUploadedFile("members.xlsx", content)})
    return response, time.perf_counter() - started


def test_a_file_declaring_a_million_wide_rows_is_refused_at_once(tree, personas, client_as):
    # 5 KB: the header, a declared size of A1:XFD1048576 and one cell in the last row and column. The reader used to
    # fill every row in between sixteen thousand cells wide.
    content = doctored(
        template_with_rows(),
        dimension="A1:XFD1048576",
        tail='<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    assert len(content) < 6 * 1024
    response, seconds = post(client_as(personas["支部书记A1"]), content)
    result = response.context["result"]
    assert seconds < 5, seconds
    assert not result.committed and len(result.errors) == 1
    assert "导入文件超过20000行" in result.errors[0].message and "拆分" in result.errors[0].message
    assert "导入文件超过20000行" in response.content.decode()


def test_a_file_of_empty_rows_is_refused_when_the_rows_pass_the_limit(tree, personas, client_as, settings):
    settings.IMPORT_MAX_ROWS = 1000
    content = doctored(template_with_rows(), tail="<row/>" * 300_000)  # 1.8 MB of XML in under 10 KB
    assert len(content) < 10 * 1024
    response, seconds = post(client_as(personas["支部书记A1"]), content)
    result = response.context["result"]
    assert seconds < 5, seconds
    assert [error.row for error in result.errors] == [1002] and "超过1000行" in result.errors[0].message


def test_the_row_limit_counts_real_rows(tree, personas, client_as, settings):
    settings.IMPORT_MAX_ROWS = 3
    client = client_as(personas["支部书记A1"])
    rows = [import_row(tree.a1, name=f"限额党员{index}") for index in range(4)]
    over = post(client, template_with_rows(rows))[0].context["result"]
    assert not over.committed and "导入文件超过3行" in over.errors[0].message
    assert not Member.objects.filter(name__startswith="限额党员").exists()
    # The declared size is ignored in both directions: a file claiming A1:AB2 still has its three rows read.
    within = post(client, doctored(template_with_rows(rows[:3]), dimension="A1:AB2"))[0].context["result"]
    assert within.errors == [] and within.committed and within.created == 3


def test_a_file_that_unpacks_far_beyond_any_member_sheet_is_refused_before_it_is_parsed(
    tree, personas, client_as, settings
):
    settings.IMPORT_MAX_ROWS = 100  # bound: 8 MB + 100 × 4 KB
    content = doctored(template_with_rows(), after=" " * 40_000_000)  # 40 MB of whitespace in the sheet XML
    assert len(content) < 100 * 1024
    response, seconds = post(client_as(personas["支部书记A1"]), content)
    result = response.context["result"]
    assert seconds < 5, seconds
    assert "解压后超过8MB" in result.errors[0].message and not result.committed


def test_a_zip_whose_directory_lies_about_sizes_is_not_read(tree, personas, client_as):
    content = bytearray(template_with_rows([import_row(tree.a1, name="目录党员")]))
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    entry = archive.getinfo(SHEET)
    central = content.find(b"PK\x01\x02")
    while content[central + 46 : central + 46 + len(SHEET)] != SHEET.encode():
        central = content.find(b"PK\x01\x02", central + 4)
    content[central + 24 : central + 28] = (entry.file_size // 10).to_bytes(4, "little")
    result = post(client_as(personas["支部书记A1"]), bytes(content))[0].context["result"]
    assert not result.committed and "不符" in result.errors[0].message
    assert not Member.objects.filter(name="目录党员").exists()


def test_a_file_that_is_not_a_zip_is_reported_not_crashed(tree, personas, client_as):
    result = post(client_as(personas["支部书记A1"]), b"name,id\n=1+1,2\n")[0].context["result"]
    assert "文件无法读取" in result.errors[0].message
