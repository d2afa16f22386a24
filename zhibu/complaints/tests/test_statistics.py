"""The statistics match the records they count: per unit, the page, its Excel export and its charts; the public
monthly summary shows only counts and rates, never a complaint's text or contact."""

import datetime
import io
import json
import zoneinfo

import pytest
import time_machine
from openpyxl import load_workbook

from zhibu.complaints import services
from zhibu.complaints.tests.helpers import CLOCK, complaint, intake_point
from zhibu.testing import SETUP, compact

pytestmark = pytest.mark.clock(CLOCK)
D = datetime.date
WHAT = "窗口人员态度生硬，拒绝解释退件原因，联系电话13912345678。"


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def close(made, on: D, rating: str = "") -> None:
    for kind in ("accept", "assign", "answer", "close"):
        services.record_step(actor=SETUP, complaint=made, kind=kind, happened_on=on, official="王", note="已办理")
    if rating:
        services.rate_complaint(tracking_code=made.tracking_code, rating=rating)


@pytest.fixture
def records(tree):
    """Received Monday 16 November (办事拖延: due the 21st), looked at on Wednesday the 25th."""
    approvals = intake_point(tree.a1, unit_name="市行政审批局")
    housing = intake_point(tree.a1, unit_name="市住建局", kind="unit", name="")
    taxes = intake_point(tree.b1, unit_name="市税务局")
    on_time, late, refused = (complaint(approvals, what=WHAT, contact="13912345678") for _ in range(3))
    quick = complaint(housing)
    complaint(taxes)
    services.record_refusal(
        actor=SETUP, complaint=refused, decided_on=D(2026, 11, 16), official="王", reason="超出本单位职权范围"
    )
    with time_machine.travel(moment("2026-11-18T10:00"), tick=False):
        close(on_time, D(2026, 11, 18), "satisfied")  # 2 days, on time
    close(quick, D(2026, 11, 16), "basically")  # 0 days, on time
    with time_machine.travel(moment("2026-11-25T10:00"), tick=False):
        close(late, D(2026, 11, 25), "unsatisfied")  # 9 days, 4 days late
    return approvals


# The last five: 应回访 (anonymous complaints are not), 已回访, 回访率, 回访满意率, 重新办理 — test_return_visits.py
# counts visits done.
EXPECTED = [
    ["市住建局", "1", "1", "0.0", "100.0%", "100.0%", "0", "0", "0", "0", "—", "—", "0"],
    # the refusal went up on the 23rd by itself; both closed ones left a phone and are owed their 回访 by the 25th
    ["市行政审批局", "3", "2", "5.5", "50.0%", "50.0%", "1", "1", "2", "0", "0.0%", "—", "0"],
    ["合计", "4", "3", "3.7", "66.7%", "66.7%", "1", "1", "2", "0", "0.0%", "—", "0"],
]


def test_the_statistics_page_and_its_export_match_the_records(records, personas, client_as):
    with time_machine.travel(moment("2026-11-25T10:00"), tick=False):
        admin = client_as(personas["党委管理员A"])
        page = admin.get("/complaints/statistics/", {"year": "2026", "month": "11"})
        assert page.status_code == 200
        assert page.context["rows"] == EXPECTED  # branch B1's 市税务局 is not the 党委A's to count
        charts = json.loads(json.dumps(page.context["charts"]))  # what json_script embeds for ECharts
        assert charts["volume"]["xAxis"]["data"] == ["市住建局", "市行政审批局"]
        assert charts["volume"]["series"][0]["data"] == [1, 3]
        assert page.context["charts"]["rates"]["series"][0]["data"] == [100.0, 50.0]
        assert 'data-chart="chart-volume"' in page.content.decode() and "echarts.min.js" in page.content.decode()
        exported = admin.get("/complaints/statistics/", {"year": "2026", "month": "11", "export": "1"})
        sheet = load_workbook(io.BytesIO(exported.content)).active
        cells = [[str(cell.value) for cell in row] for row in sheet.iter_rows(min_row=2)]
        assert cells == EXPECTED
        # Another month counts nothing; a bad month is refused in Chinese and the year is shown.
        assert admin.get("/complaints/statistics/", {"year": "2026", "month": "10"}).context["rows"] == [
            ["合计", "0", "0", "—", "—", "—", "0", "0", "0", "0", "—", "—", "0"]
        ]
        bad = admin.get("/complaints/statistics/", {"year": "2026", "month": "13"}, follow=True)
        assert bad.status_code == 200 and "月份须在1至12之间" in compact(bad.content)
        assert bad.context["period"] == "2026年"


def test_a_member_cannot_export_the_statistics(records, personas, client_as):
    member = client_as(personas["党员A1"])
    assert member.get("/complaints/statistics/", {"export": "1"}).status_code == 403


def test_the_public_monthly_summary_has_counts_and_rates_only(records, client):
    with time_machine.travel(moment("2026-12-02T10:00"), tick=False):
        page = client.get("/complaints/summary/")  # no account; last month by default
        text = compact(page.content)
    assert page.status_code == 200 and page.context["period"] == "2026年11月"
    assert [row[0] for row in page.context["rows"]] == ["市住建局", "市税务局", "市行政审批局", "合计"]
    assert page.context["rows"][-1] == ["合计", "5", "3", "3.7", "66.7%", "66.7%", "0.0%", "—"]
    assert "态度生硬" not in text and "139" not in text and "王" not in text and "说“不”" not in text
    bad = client.get("/complaints/summary/", {"month": "2026-99"})
    assert bad.status_code == 200 and "月份格式应为" in compact(bad.content)


def test_a_unit_row_and_its_bars_drill_down_to_the_complaints_they_counted(records, personas, client_as):
    with time_machine.travel(moment("2026-11-25T10:00"), tick=False):
        admin = client_as(personas["党委管理员A"])
        page = admin.get("/complaints/statistics/", {"year": "2026", "month": "11"})
        links = [link for link, _cells in page.context["linked_rows"]]
        assert page.context["chart_links"] == links[:2]  # one per bar, the total has none
        assert 'data-links="chart-links"' in page.content.decode()
        for link, cells in page.context["linked_rows"]:
            listed = admin.get(link)
            assert listed.status_code == 200
            assert listed.context["page"].paginator.count == int(cells[1])  # the list holds what the row counted
        assert "unit=" not in links[-1]
        # Another period of the same unit lists nothing.
        assert (
            not admin.get("/complaints/", {"unit": "市行政审批局", "year": "2026", "month": "10"})
            .context["page"]
            .paginator.count
        )


@pytest.mark.parametrize(
    "query",
    [{"month": "13"}, {"month": "0"}, {"month": "99999999999999999999"}, {"year": "99999999999"}, {"unit": "单" * 300}],
)
def test_the_list_refuses_an_absurd_period_or_unit_in_chinese(records, personas, client_as, query):
    admin = client_as(personas["党委管理员A"])
    page = admin.get("/complaints/", query)
    assert page.status_code == 200 and page.context["page"].paginator.count == 0
    api = admin.get("/api/v1/complaints/", query)
    assert api.status_code == 400
