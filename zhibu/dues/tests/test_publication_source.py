"""The dues totals page and FEE-09 read the yearly publication from one source (``zhibu/dues/publications.py``): a
published 党费收缴情况公开 notice shows the year as published on the page, links to the notice and meets FEE-09; a
withdrawn one leaves both as not published."""

import pytest
from django.utils import timezone

from zhibu.core.formatting import cn_date
from zhibu.dues.publications import published
from zhibu.notices import services as notices
from zhibu.standards.models import Verdict, VerdictStatus


def _fee_09(tree, year):
    return Verdict.objects.get(organization=tree.a1, rule_id="FEE-09", period_key=str(year)).status


@pytest.mark.usefixtures("live_verdicts")
def test_a_published_dues_notice_publishes_the_year_on_the_totals_page(tree, personas, client_as):
    year = timezone.localdate().year
    secretary = personas["支部书记A1"]
    client = client_as(secretary)
    page = f"/dues/totals/?organization={tree.a1.pk}&year={year}"
    assert "尚未公示" in client.get(page).content.decode()
    notice = notices.draft_dues_notice(actor=secretary, organization=tree.a1, year=year)
    assert "尚未公示" in client.get(page).content.decode()  # a draft publishes nothing
    notice = notices.publish_notice(actor=secretary, notice=notice)
    shown = client.get(page).content.decode()
    assert "尚未公示" not in shown and "登记已公示" not in shown
    assert "已公示" in shown and f'<a href="/notices/{notice.pk}/">党务公开“{notice.title}”</a>' in shown
    assert cn_date(timezone.localdate(notice.published_at)) in shown
    assert _fee_09(tree, year) == VerdictStatus.MET
    assert published([tree.a1.pk], year)[tree.a1.pk].url == f"/notices/{notice.pk}/"
    # The higher organisation's page is its own: 党委A published nothing.
    assert tree.a.pk not in published([tree.a.pk], year)
    notices.withdraw_notice(actor=secretary, notice=notice, reason="数据有误，更正后重新公开")
    assert "尚未公示" in client.get(page).content.decode()
    assert _fee_09(tree, year) != VerdictStatus.MET


@pytest.mark.usefixtures("live_verdicts")
def test_the_publication_recorded_on_the_page_comes_first(tree, personas, client_as):
    year = timezone.localdate().year
    secretary = personas["支部书记A1"]
    client = client_as(secretary)
    client.post("/dues/publish/", {"organization": tree.a1.pk, "year": year})
    notice = notices.draft_dues_notice(actor=secretary, organization=tree.a1, year=year)
    notices.publish_notice(actor=secretary, notice=notice)
    assert published([tree.a1.pk], year)[tree.a1.pk].how == "登记公示"
    shown = client.get(f"/dues/totals/?organization={tree.a1.pk}&year={year}").content.decode()
    assert "由" in shown and "登记：全年应缴" in shown
    assert _fee_09(tree, year) == VerdictStatus.MET
