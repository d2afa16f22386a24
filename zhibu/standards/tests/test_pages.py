import datetime
import io
import json
import re

import pytest
from openpyxl import load_workbook

from zhibu.standards import services
from zhibu.standards.models import ExplanationNote, Verdict, VerdictStatus
from zhibu.testing import SETUP, compact, seat_committee

YEAR = 2026

# The pages of YEAR as seen in its November: overrides re-judge the current year, and the sheet shows past months.
pytestmark = [pytest.mark.usefixtures("live_verdicts"), pytest.mark.clock(f"{YEAR}-11-16T10:00")]


def evaluated(tree):
    seat_committee(tree.a1)
    services.recompute(actor=SETUP, year=YEAR)


def test_branch_sheet_shows_every_rule_by_month_with_colours_and_links(tree, personas, client_as):
    evaluated(tree)
    page = client_as(personas["支部书记A1"]).get(f"/standards/sheet/?organization={tree.a1.pk}&year={YEAR}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "MTG-04" in html and "支部委员会一般每月召开1次" in html
    assert 'class="cell red"' in html and "/standards/verdicts/" in html
    assert "未评估（相关记录尚未纳入系统）" in html  # FEE rules: never shown as met


def test_verdict_page_lets_the_branch_explain_and_the_party_committee_accept(tree, personas, client_as):
    evaluated(tree)
    missed = Verdict.objects.get(organization=tree.a1, rule_id="MTG-04", period_key=f"{YEAR}-01")
    secretary = client_as(personas["支部书记A1"])
    page = secretary.get(f"/standards/verdicts/{missed.pk}/").content.decode()
    assert "提交情况说明" in page and missed.explanation in page
    short = secretary.post(f"/standards/verdicts/{missed.pk}/", {"text": "短"}).content.decode()
    assert "不少于10个字" in short
    secretary.post(f"/standards/verdicts/{missed.pk}/", {"text": "一月份支部委员集中参加培训，已于二月初补开。"})
    note = ExplanationNote.objects.get()
    listing = secretary.get("/standards/notes/").content.decode()
    assert "一月份支部委员" in listing and "审核</button>" not in listing
    admin = client_as(personas["党委管理员A"])
    assert "审核</button>" in admin.get("/standards/notes/").content.decode()
    admin.post(f"/standards/notes/{note.pk}/review/", {"decision": "accept", "comment": ""})
    assert Verdict.objects.get(pk=missed.pk).status == VerdictStatus.EXPLAINED
    assert client_as(personas["支部书记B1"]).get(f"/standards/verdicts/{missed.pk}/").status_code == 404


def test_dashboard_has_charts_drill_down_and_excel_exports(tree, personas, client_as):
    evaluated(tree)
    client = client_as(personas["工委管理员"])
    page = client.get(f"/standards/?organization={tree.gongwei.pk}&year={YEAR}")
    html = page.content.decode()
    assert page.status_code == 200 and "vendor/echarts/echarts.min.js" in html
    options = json.loads(
        re.search(r'<script id="chart-heat" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert options["series"][0]["type"] == "heatmap"
    assert f"?organization={tree.a.pk}&year={YEAR}" in html  # drill down to the 党委
    branch_page = client.get(f"/standards/?organization={tree.a1.pk}&year={YEAR}")
    assert branch_page.status_code == 302 and "/standards/sheet/" in branch_page["Location"]
    for export in ("org", "rule", "month", "heat", "missed"):
        response = client.get(f"/standards/?organization={tree.gongwei.pk}&year={YEAR}&export={export}")
        workbook = load_workbook(io.BytesIO(response.content))
        rows = list(workbook.active.values)
        assert len(rows) > 1, export
    missed_rows = list(
        load_workbook(
            io.BytesIO(client.get(f"/standards/?organization={tree.gongwei.pk}&year={YEAR}&export=missed").content)
        ).active.values
    )
    assert any(
        row[1].startswith("MTG-04 支部委员会") and row[2] == f"{YEAR}年1月" and row[3] == "未达标"
        for row in missed_rows
    )


def test_dashboard_is_scoped(tree, personas, client_as):
    evaluated(tree)
    assert client_as(personas["支部书记B1"]).get(f"/standards/?organization={tree.a.pk}").status_code == 404
    html = client_as(personas["党委管理员A"]).get(f"/standards/?organization={tree.a.pk}&year={YEAR}").content.decode()
    assert "支部A1" in html and "支部B1" not in html


def test_overrides_page_for_the_gongwei_only(tree, personas, client_as):
    evaluated(tree)
    admin = client_as(personas["工委管理员"])
    quarter = Verdict.objects.get(organization=tree.a1, rule_id="MTG-07", period_key=f"{YEAR}-Q1")
    default = admin.get(f"/standards/verdicts/{quarter.pk}/").content.decode()
    # in words, not the catalogue's keys and codes
    assert "会议类型：党课；不少于：1" in default and "标准目录默认值" in default and "at_least" not in default
    bad = admin.post(
        "/standards/parameters/",
        {
            "organization": tree.gongwei.pk,
            "rule_id": "MTG-07",
            "key": "at_least",
            "value": "两次",
            "reason": "测试文件",
        },
    )
    assert "不是数字" in bad.content.decode()
    admin.post(
        "/standards/parameters/",
        {"organization": tree.gongwei.pk, "rule_id": "MTG-07", "key": "at_least", "value": "2", "reason": "测试文件"},
    )
    verdict = Verdict.objects.get(organization=tree.a1, rule_id="MTG-07", period_key=f"{YEAR}-Q1")
    assert verdict.applied["at_least"] == 2 and "测试文件" in verdict.applied["source"]
    page = admin.get(f"/standards/verdicts/{verdict.pk}/").content.decode()
    assert "不少于：2" in page and "设定不少于为2（测试文件）" in page and "标准目录默认值" not in page
    settings_page = compact(admin.get("/standards/parameters/").content)
    assert "不少于（默认1）" in settings_page and "周期（默认每季度）" in settings_page
    assert "<td>不少于</td><td>2</td>" in settings_page and "at_least" not in settings_page.split("<form")[0]
    branch = client_as(personas["支部书记A1"]).get("/standards/parameters/").content.decode()
    assert "保存并重新评估" not in branch


def test_organisation_page_lists_what_needs_attention(tree, personas, client_as):
    evaluated(tree)
    html = client_as(personas["支部书记A1"]).get(f"/organizations/{tree.a1.pk}/").content.decode()
    assert "标准体系检查" in html and "MTG-04" in html and "查看全年达标情况表" in html


def test_reading_the_sheet_judges_the_periods_that_ended_since_anyone_last_judged_them(tree, personas, client_as):
    seat_committee(tree.a1)
    services.recompute(actor=SETUP, year=YEAR, today=datetime.date(YEAR, 3, 15))  # last judged in March
    assert Verdict.objects.get(organization=tree.a1, rule_id="MTG-04", period_key=f"{YEAR}-03").status == (
        VerdictStatus.IN_PROGRESS
    )
    assert not Verdict.objects.filter(organization=tree.a1, rule_id="MTG-04", period_key=f"{YEAR}-10").exists()
    html = client_as(personas["支部书记A1"]).get(f"/standards/sheet/?organization={tree.a1.pk}&year={YEAR}")
    html = html.content.decode()
    march = Verdict.objects.get(organization=tree.a1, rule_id="MTG-04", period_key=f"{YEAR}-03")
    october = Verdict.objects.get(organization=tree.a1, rule_id="MTG-04", period_key=f"{YEAR}-10")
    assert march.status == october.status == VerdictStatus.MISSED
    row = re.search(r"MTG-04.*?</tr>", html, re.S).group(0)
    assert "尚未到期" in row and 'colspan="1">尚未到期' in row  # December only: November is judged as 进行中
    assert f"/standards/verdicts/{october.pk}/" in row
    # a year that is over is judged whole when first read
    client_as(personas["支部书记A1"]).get(f"/standards/sheet/?organization={tree.a1.pk}&year={YEAR - 1}")
    assert Verdict.objects.get(organization=tree.a1, rule_id="MTG-04", period_key=f"{YEAR - 1}-12").status == (
        VerdictStatus.MISSED
    )


def chart_options(html, chart_id):
    found = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_dashboard_axes_fit_the_data_and_the_misses_lead_to_action(tree, personas, client_as):
    evaluated(tree)
    html = client_as(personas["工委管理员"]).get(f"/standards/?organization={tree.gongwei.pk}&year={YEAR}")
    html = html.content.decode()
    by_org = chart_options(html, "chart-by-org")
    assert (by_org["xAxis"]["min"], by_org["xAxis"]["max"]) == (0, 100)
    worst = chart_options(html, "chart-worst")
    largest = max(worst["series"][0]["data"])
    assert worst["xAxis"]["minInterval"] == 1 and largest <= worst["xAxis"]["max"] < largest * 2 + 5
    assert any(name.startswith("MTG-04 支部委员会") for name in worst["yAxis"]["data"])
    rate_axis, count_axis = chart_options(html, "chart-by-month")["yAxis"]
    assert rate_axis["max"] == 100 and count_axis["minInterval"] == 1
    assert 'class="headline-missed alarm"' in html
    assert f"/standards/sheet/?organization={tree.a1.pk}&year={YEAR}&problems=1" in html
