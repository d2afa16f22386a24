"""关心关怀台账 and 廉政风险防控台账: built from the care and integrity records of the year, for the keepers only (a
reader-only role and another committee get nothing), in print, Word and Excel."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from zhibu.care.tests.helpers import case, visit
from zhibu.integrity.services import review_risk
from zhibu.integrity.tests.helpers import risk
from zhibu.testing import SETUP, compact

pytestmark = pytest.mark.clock("2026-11-16T10:00")


def _cells(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    return " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)


def test_the_care_ledger_lists_the_years_cases_visits_and_amounts(tree, personas, client_as):
    made = case(tree.a1, name="困难党员乙", since=datetime.date(2025, 1, 1))
    visit(made, datetime.date(2026, 9, 20), amount="500.00")
    visit(made, datetime.date(2025, 9, 20), amount="300.00")  # last year's: not in this year's ledger
    case(tree.b1, name="外党委的关怀对象")
    query = f"organization={tree.a.pk}&year=2026"
    admin = client_as(personas["党委管理员A"])
    page = compact(admin.get(f"/ledgers/care/?{query}").content)
    assert "关心关怀台账" in page and "困难党员乙" in page and "2026年9月20日" in page and "￥500.00" in page
    assert "2025年9月20日" not in page and "外党委的关怀对象" not in page and "金额合计￥500.00" in page
    assert "困难党员乙" in _cells(admin.get(f"/ledgers/care/?{query}&format=xlsx").content)
    # 纪检 reads the organisation's records but keeps no care records: the care ledger is empty for them.
    inspector = compact(client_as(personas["纪检A"]).get(f"/ledgers/care/?{query}").content)
    assert "困难党员乙" not in inspector
    assert client_as(personas["支部书记B1"]).get(f"/ledgers/care/?{query}").status_code == 404


def test_the_risk_ledger_lists_risks_in_force_with_the_years_reviews(tree, personas, client_as):
    made = risk(tree.a1)
    review_risk(
        actor=SETUP,
        riskpoint=made,
        reviewed_on=datetime.date(2026, 9, 2),
        reviewer="复查人甲",
        finding="双人审核已落实",
        level="medium",
    )
    risk(tree.b1, post="外党委岗位")
    query = f"organization={tree.a1.pk}&year=2026"
    secretary = client_as(personas["支部书记A1"])
    page = compact(secretary.get(f"/ledgers/integrity-risks/?{query}").content)
    assert "廉政风险防控台账" in page and "财务科会计岗" in page and "双人审核已落实" in page
    assert "2026年9月2日" in page and "外党委岗位" not in page
    excel = _cells(secretary.get(f"/ledgers/integrity-risks/?{query}&format=xlsx").content)
    assert "双人审核已落实" in excel
    earlier = compact(secretary.get(f"/ledgers/integrity-risks/?organization={tree.a1.pk}&year=2025").content)
    assert "财务科会计岗" not in earlier  # identified in 2026
