"""The standards sheet opens with the year's count of problems, can show only the rows with a problem, and keeps the
rules nothing has been judged for apart, collapsed at the end; the counts are the verdicts the user may see of the
organisation in view, never another branch's."""

import datetime
import re
from collections import Counter

import pytest

from zhibu.core.periods import period_of
from zhibu.standards import services
from zhibu.standards.catalogue import by_id
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.standards.reports import period_heading, year_verdicts
from zhibu.testing import SETUP, seat_committee

YEAR = 2026
pytestmark = [pytest.mark.usefixtures("live_verdicts"), pytest.mark.clock(f"{YEAR}-11-16T10:00")]
SUMMARY = re.compile(r"2026年截至今日未达标 <b[^>]*>(\d+)</b> 项，进行中 <b>(\d+)</b> 项，已说明 <b>(\d+)</b> 项")


@pytest.fixture
def evaluated(tree):
    seat_committee(tree.a1)
    services.recompute(actor=SETUP, year=YEAR)


def sheet_html(client, organization, **query):
    response = client.get("/standards/sheet/", {"organization": organization.pk, "year": YEAR, **query})
    assert response.status_code == 200
    return response.content.decode()


def summary_counts(html):
    found = SUMMARY.search(html)
    assert found, "the summary line is missing"
    return tuple(int(n) for n in found.groups())


def stored_counts(organization):
    statuses = Counter(year_verdicts(Verdict.objects.filter(organization=organization), YEAR).values_list("status"))
    return tuple(statuses[(status,)] for status in (VerdictStatus.MISSED, VerdictStatus.IN_PROGRESS, "explained"))


def grid_rules(html):
    grid = html.split('<table class="sheet">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<td class="nowrap">([A-Z]+-\d+)</td>', grid)


def grid_row_statuses(html, rule_id):
    grid = html.split('<table class="sheet">', 1)[1].split("</table>", 1)[0]
    row = grid.split(f'<td class="nowrap">{rule_id}</td>', 1)[1].split("</tr>", 1)[0]
    return set(re.findall(r'class="cell (\w+)"', row))


def collapsed_rules(html):
    if '<details class="unjudged">' not in html:
        return []
    part = html.split('<details class="unjudged">', 1)[1].split("</details>", 1)[0]
    return re.findall(r"<b>([A-Z]+-\d+)</b>", part)


def test_summary_counts_are_the_verdicts_of_the_branch_and_year(tree, personas, client_as, evaluated):
    html = sheet_html(client_as(personas["支部书记A1"]), tree.a1)
    missed, in_progress, explained = summary_counts(html)
    assert (missed, in_progress, explained) == stored_counts(tree.a1)
    assert missed > 0 and in_progress > 0


def test_only_problems_shows_only_rows_with_a_missed_or_running_period(tree, personas, client_as, evaluated):
    client = client_as(personas["支部书记A1"])
    everything = grid_rules(sheet_html(client, tree.a1))
    html = sheet_html(client, tree.a1, problems="1")
    shown = grid_rules(html)
    assert shown and len(shown) < len(everything)
    for rule_id in shown:
        assert grid_row_statuses(html, rule_id) & {"red", "blue"}, rule_id
    problem_rules = {
        rule_id
        for rule_id, status in year_verdicts(Verdict.objects.filter(organization=tree.a1), YEAR).values_list(
            "rule_id", "status"
        )
        if status in (VerdictStatus.MISSED, VerdictStatus.IN_PROGRESS)
    }
    assert set(shown) == problem_rules
    assert summary_counts(html) == stored_counts(tree.a1)  # the filter narrows the rows, not the summary


def test_rules_never_evaluated_are_collapsed_at_the_end_not_interleaved(tree, personas, client_as, evaluated):
    html = sheet_html(client_as(personas["支部书记A1"]), tree.a1)
    collapsed = collapsed_rules(html)
    assert collapsed, "the FEE rules are not evaluated and belong in the collapsed part"
    not_evaluated = [rule for rule in collapsed if not by_id()[rule].evaluated]
    assert f"暂无结论的 {len(collapsed)} 项：未评估 {len(not_evaluated)} 项" in html
    # An evaluated rule with nothing to judge this year (no recruit in the branch) is not called 未评估.
    assert "DEV-07" in collapsed and "DEV-07" not in not_evaluated
    assert not set(collapsed) & set(grid_rules(html))
    judged = set(year_verdicts(Verdict.objects.filter(organization=tree.a1), YEAR).values_list("rule_id", flat=True))
    assert not set(collapsed) & judged
    assert html.index('<details class="unjudged">') > html.index('<table class="sheet">')


@pytest.mark.parametrize("value", ["abc", "2", "yes", "1' or 1=1"])
def test_a_bad_problems_value_is_a_message_and_the_whole_sheet(tree, personas, client_as, evaluated, value):
    client = client_as(personas["支部书记A1"])
    html = sheet_html(client, tree.a1, problems=value)
    assert "“只看问题”的取值须是 1 或 0" in html
    assert grid_rules(html) == grid_rules(sheet_html(client, tree.a1))


def test_problems_zero_is_the_whole_sheet(tree, personas, client_as, evaluated):
    client = client_as(personas["支部书记A1"])
    html = sheet_html(client, tree.a1, problems="0")
    assert "取值须是" not in html
    assert grid_rules(html) == grid_rules(sheet_html(client, tree.a1))


def test_another_branchs_verdicts_are_never_counted(tree, personas, client_as, evaluated):
    Verdict.objects.filter(organization=tree.b1, period_key=f"{YEAR}-01").update(status=VerdictStatus.MISSED)
    assert stored_counts(tree.b1) != stored_counts(tree.a1)
    assert summary_counts(sheet_html(client_as(personas["支部书记A1"]), tree.a1)) == stored_counts(tree.a1)
    assert summary_counts(sheet_html(client_as(personas["工委管理员"]), tree.b1)) == stored_counts(tree.b1)
    outsider = client_as(personas["支部书记B1"])
    response = outsider.get("/standards/sheet/", {"organization": tree.a1.pk, "year": YEAR, "problems": "1"})
    assert response.status_code == 404


def test_the_summary_names_the_period_and_says_to_date_only_while_it_is_open(evaluated, tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    assert "2026年截至今日未达标" in sheet_html(client, tree.a1)
    past = client.get("/standards/sheet/", {"organization": tree.a1.pk, "year": YEAR - 1}).content.decode()
    assert "2025年未达标" in past and "截至今日" not in past and "本年未达标" not in past


@pytest.mark.parametrize(
    ("kind", "day", "expected"),
    [
        ("quarter", datetime.date(2026, 10, 1), "2026年第4季度截至今日"),
        ("quarter", datetime.date(2026, 7, 1), "2026年第3季度"),
        ("month", datetime.date(2026, 11, 1), "2026年11月截至今日"),
        ("month", datetime.date(2026, 10, 1), "2026年10月"),
        ("year", datetime.date(2026, 1, 1), "2026年截至今日"),
        ("year", datetime.date(2025, 1, 1), "2025年"),
    ],
)
def test_a_period_is_named_with_to_date_while_open(kind, day, expected):
    assert period_heading(period_of(kind, day), datetime.date(YEAR, 11, 16)) == expected
