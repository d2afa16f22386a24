"""The dues ledgers show money as the dues pages do (￥1,234.50) in print and Word; in Excel an amount stays a number
with a currency format, so a sum over the cells still works."""

import datetime
import io
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from zhibu.dues import services
from zhibu.testing import make_member

pytestmark = pytest.mark.clock("2026-06-15T10:00")


@pytest.fixture
def paid_half_year(tree, personas):
    """One member at ￥240.00 a month, January to May paid (￥1,200.00), and ￥50.00 given voluntarily."""
    secretary = personas["支部书记A1"]
    member = make_member(tree.a1, name="按月缴纳者", joined_on=datetime.date(2010, 7, 1))
    services.set_assessment(actor=secretary, member=member, year=2026, category="salaried", base="12000")
    for month in range(1, 6):
        services.record_payment(
            actor=secretary,
            member=member,
            month=datetime.date(2026, month, 1),
            method="transfer",
            key=f"month-key-{month:02d}-{member.pk:06d}",
        )
    services.record_payment(
        actor=secretary,
        member=member,
        month=datetime.date(2026, 1, 1),
        method="cash",
        key="v" * 16,
        amount="50",
        voluntary=True,
    )
    return member


def row_of(rows, first):
    return next(row for row in rows if row and row[0] == first)


def test_the_dues_ledger_prints_and_writes_amounts_in_yuan(tree, personas, client_as, paid_half_year):
    client = client_as(personas["支部书记A1"])
    base = f"/ledgers/dues/?organization={tree.a1.pk}&year=2026"
    page = client.get(base).content.decode()
    assert "￥240.00" in page and "￥1,200.00" in page and "￥50.00" in page

    document = Document(io.BytesIO(client.get(base + "&format=docx").content))
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    word = row_of(cells, "按月缴纳者")
    assert word[2] == "￥240.00" and word[3] == "￥240.00" and word[8] == ""  # June not paid: blank
    assert word[-2:] == ["￥1,200.00", "￥50.00"]

    sheet = load_workbook(io.BytesIO(client.get(base + "&format=xlsx").content)).active
    line = next(row for row in sheet.iter_rows() if row[0].value == "按月缴纳者")
    monthly, january, june, total = line[2], line[3], line[8], line[15]
    assert monthly.value == 240 and "￥" in monthly.number_format
    assert isinstance(january.value, (int, float, Decimal)) and january.value == 240
    assert "￥" in january.number_format and "#,##0.00" in january.number_format
    assert june.value in (None, "")
    assert total.value == 1200 and "￥" in total.number_format
    assert sum(cell.value for cell in line[3:15] if cell.value not in (None, "")) == total.value


def test_the_yearly_publication_shows_totals_in_yuan(tree, personas, client_as, paid_half_year):
    client = client_as(personas["支部书记A1"])
    base = f"/ledgers/dues-publication/?organization={tree.a1.pk}&year=2026"
    page = client.get(base).content.decode()
    assert "￥1,200.00" in page and "按月缴纳者" not in page
    sheet = load_workbook(io.BytesIO(client.get(base + "&format=xlsx").content)).active
    year_total = next(row for row in sheet.iter_rows() if row[0].value == "全年合计")
    assert year_total[2].value == 1200 and "￥" in year_total[2].number_format
    document = Document(io.BytesIO(client.get(base + "&format=docx").content))
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert row_of(cells, "全年合计")[2] == "￥1,200.00"
