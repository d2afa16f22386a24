"""The pipeline board in a real browser on a 390 px phone: no sideways scrolling, overdue shown. Marked ``browser``
like the inbox's phone tests (left out of the default run, run by CI with ``-m browser``)."""

import datetime

import pytest

from zhibu.inbox.tests.test_browser_phone import browser, fits_the_screen, phone, reference_tables  # noqa: F401
from zhibu.recruitment.tests.paths import new_recruit, walk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.clock("2026-06-15T10:00"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("live_verdicts", "flushable_audit"),
]


def test_the_board_fits_a_phone(tree, personas, browser, live_server):  # noqa: F811
    new_recruit(tree.a1, applied_on=datetime.date(2026, 5, 1), name="欧阳逾期谈话者", birth=datetime.date(1996, 1, 1))
    activist = new_recruit(tree.a1, name="赵积极", birth=datetime.date(1998, 1, 1))
    walk(tree, activist, "mentors")
    page = phone(browser, live_server, personas["支部书记A1"].username)
    page.goto(f"{live_server.url}/recruitment/board/")
    fits_the_screen(page)
    late = page.locator("li.recruit-card.late", has_text="欧阳逾期谈话者")
    assert "已逾期 党组织派人谈话：2026年6月1日前（DEV-02）" in late.inner_text()
    assert (
        page.locator("p.due.late").first.evaluate("node => getComputedStyle(node).color") == "rgb(179, 38, 30)"
    )  # --red
    page.goto(f"{live_server.url}/recruitment/{activist.pk}/steps/new/?step=sponsors")
    fits_the_screen(page)
    assert page.locator("select[name=sponsors]").count() == 1 and page.locator("select[name=vote]").count() == 0
    page.select_option("select[name=step]", "admission_vote")  # htmx swaps in that step's form
    page.wait_for_selector("select[name=vote]")
    assert page.locator("select[name=sponsors]").count() == 0 and "step=admission_vote" in page.url
    fits_the_screen(page)
