"""In a real browser on a 390 px phone: a branch secretary does the month's work from the 待办 inbox (plan, hold,
attendance, minutes, sign, one 情况说明), imports a month's dues file (preview, confirm), plans the year's meetings in
one step and lands on the panel of a refused meeting step; a member checks in by the meeting's code and sees their
dues. Every page is checked for horizontal scrolling.

Playwright for Python drives Debian's Chromium (``/usr/bin/chromium``; ``.ci/run`` installs it). Marked ``browser``:
left out of the default run, run by CI with ``-m browser``."""

import datetime
import os
import re
import shutil

import pytest

from zhibu.activities.models import Activity, Attendance
from zhibu.activities.reference import ensure_activity_kinds
from zhibu.committees.reference import ensure_position_kinds
from zhibu.dues import services as dues
from zhibu.dues.models import Payment
from zhibu.standards import services as standards
from zhibu.standards.models import ExplanationNote, Verdict
from zhibu.testing import PASSWORD, SETUP, make_member, seat_committee

CHROMIUM = os.environ.get("ZHIBU_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.clock("2026-03-10T10:00"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("live_verdicts", "flushable_audit"),
]


@pytest.fixture(autouse=True)
def reference_tables(transactional_db):
    """An earlier transactional test's flush may have emptied the meeting and post kinds."""
    ensure_activity_kinds()
    ensure_position_kinds()


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.fail(f"没有找到 Chromium（{CHROMIUM}）：请安装 Debian 的 chromium 软件包（.ci/run 会安装）")
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield launched
        launched.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def phone(browser, live_server, username):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the 签发 confirmation
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def press(page, name):
    """Tap the button with this text (not the 下一步 link of the same name) and wait for the next page."""
    page.get_by_role("button", name=name).first.click()
    page.wait_for_load_state()


def open_task(page, live_server, title_part, action):
    page.goto(f"{live_server.url}/inbox/")
    fits_the_screen(page)
    task = page.locator("li.task", has_text=title_part).first
    task.get_by_role("link", name=action).click()
    page.wait_for_load_state()


def test_a_secretarys_month_on_a_phone_from_the_inbox(tree, personas, browser, live_server):
    secretary = personas["支部书记A1"]
    for _ in range(3):
        member = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
        dues.set_assessment(actor=secretary, member=member, year=2026, category="salaried", base="5000")
    seat_committee(tree.a1)
    standards.recompute(actor=SETUP, year=2026)
    missed = Verdict.objects.get(organization=tree.a1, rule_id="MTG-04", period_key="2026-01")
    page = phone(browser, live_server, "secretary_a1")
    fits_the_screen(page)

    # Plan: the inbox's 安排会议 opens the plan form with the branch and the kind chosen.
    open_task(page, live_server, "党员大会尚未召开", "安排会议")
    fits_the_screen(page)
    page.locator("button[type=submit]").last.click()
    page.wait_for_load_state()
    meeting = Activity.objects.get(organization=tree.a1, kind__code="general_meeting")
    assert page.url.endswith(f"/activities/{meeting.pk}/")

    # Hold: the meeting of the coming days is in the inbox; 登记召开 on its page.
    page.fill("input[name=held_at]", "2026-03-10 09:00")
    press(page, "已召开")
    meeting.refresh_from_db()
    assert meeting.status == Activity.Status.HELD

    # Attendance: the inbox's 录入考勤 goes to the attendance panel; everyone present.
    open_task(page, live_server, "考勤未录完", "录入考勤")
    for radio in page.locator("input[type=radio][value=present]").all():
        radio.check()
    press(page, "保存出席情况")
    assert not Attendance.objects.filter(activity=meeting, status=Attendance.Status.UNRECORDED).exists()

    # Minutes, then sign.
    open_task(page, live_server, "会议记录待整理", "填写记录")
    page.fill("textarea[name=minutes]", "会议传达学习了上级文件精神，讨论了支部三月工作安排。")
    press(page, "保存记录")
    open_task(page, live_server, "会议记录待签发", "去签发")
    press(page, "主持人签发")
    meeting.refresh_from_db()
    assert meeting.status == Activity.Status.SIGNED

    # The month's dues for everyone assessed, in one submission from the inbox's 登记党费.
    open_task(page, live_server, "2026年3月党费", "登记党费")
    fits_the_screen(page)
    page.get_by_role("button", name=re.compile("全部未缴党员登记")).click()
    page.wait_for_load_state()
    assert Payment.objects.filter(member__organization=tree.a1, month=datetime.date(2026, 3, 1)).count() == 3

    # One 情况说明 for January's missed committee meeting.
    open_task(page, live_server, "MTG-04", "写情况说明")
    assert page.url.endswith(f"/standards/verdicts/{missed.pk}/")
    page.fill("textarea[name=text]", "一月份支部委员集中参加封闭培训，已于二月初补开支委会。")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert ExplanationNote.objects.filter(organization=tree.a1, rule_id="MTG-04", period_key="2026-01").exists()

    page.goto(f"{live_server.url}/inbox/")
    text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert f"/activities/{meeting.pk}/" not in page.content() and "2026年3月党费" not in text
    assert not re.search(r"未达标：MTG-04.*2026年1月", text)


def test_a_member_checks_in_on_a_phone_and_sees_their_dues(tree, personas, browser, live_server):
    from django.utils import timezone

    from zhibu.activities import services as activity_services
    from zhibu.activities.models import ActivityKind
    from zhibu.dues import services as dues

    member = personas["党员A1"].member
    dues.set_assessment(actor=personas["支部书记A1"], member=member, year=2026, category="salaried", base="5000")
    meeting = activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="三月党员大会",
        planned_at=timezone.now(),
        place="三楼会议室",
    )
    meeting = activity_services.record_held(actor=SETUP, activity=meeting, held_at=timezone.now())
    token = activity_services.checkin_token(actor=personas["支部书记A1"], activity=meeting)

    page = phone(browser, live_server, "member_a1")
    page.goto(f"{live_server.url}/activities/checkin/{token}/")
    fits_the_screen(page)
    confirm = page.inner_text("body")
    assert "三月党员大会" in confirm and "三楼会议室" in confirm
    press(page, "确认签到")
    assert "签到成功" in page.inner_text("body")
    assert Attendance.objects.get(activity=meeting, member=member).status == Attendance.Status.PRESENT

    page.goto(f"{live_server.url}/me/dues/")
    fits_the_screen(page)
    assert "2026年" in page.inner_text("body") and "欠缴" in page.inner_text("body")


def test_a_secretary_imports_a_months_dues_file_on_a_phone(tree, personas, browser, live_server, tmp_path):
    from openpyxl import Workbook

    from zhibu.dues.importing import HEADERS
    from zhibu.dues.models import Assessment

    secretary = personas["支部书记A1"]
    members = [make_member(tree.a1, joined_on=datetime.date(2010, 7, 1)) for _ in range(2)]
    for member in members:
        dues.set_assessment(actor=secretary, member=member, year=2026, category="salaried", base="5000")
    workbook = Workbook()
    workbook.active.append(list(HEADERS.values()))
    for member in members:
        amount = Assessment.objects.get(member=member, year=2026).monthly_amount
        workbook.active.append([member.name, member.id_number[-4:], "2026-03", float(amount)])
    upload = tmp_path / "代扣清单.xlsx"
    workbook.save(upload)

    page = phone(browser, live_server, "secretary_a1")
    page.goto(f"{live_server.url}/dues/import/?organization={tree.a1.pk}")
    fits_the_screen(page)
    page.select_option("select[name=organization]", str(tree.a1.pk))
    page.set_input_files("input[name=file]", str(upload))
    press(page, "上传并预览")
    fits_the_screen(page)
    assert "2行全部可以登记" in page.inner_text("body")
    assert not Payment.objects.filter(member__in=members).exists()  # a preview records nothing
    press(page, "确认登记2笔")
    fits_the_screen(page)
    assert Payment.objects.filter(member__in=members, month=datetime.date(2026, 3, 1)).count() == 2
    page.goto(f"{live_server.url}/dues/?organization={tree.a1.pk}&month=2026-03")
    fits_the_screen(page)
    for member in members:
        row = page.locator("tr, li", has_text=member.name).first
        assert "已缴" in row.inner_text()


def test_a_secretary_plans_the_year_on_a_phone(tree, personas, browser, live_server):
    seat_committee(tree.a1)
    page = phone(browser, live_server, "secretary_a1")
    page.goto(f"{live_server.url}/activities/year-plan/?organization={tree.a1.pk}&year=2026")
    fits_the_screen(page)
    preview = page.inner_text("body")
    assert "4月支部委员会" in preview and "2026年度组织生活会" in preview
    assert not Activity.objects.filter(organization=tree.a1).exists()
    button = page.get_by_role("button", name=re.compile(r"生成\d+项会议计划"))
    planned = int(re.search(r"\d+", button.inner_text()).group())
    button.click()
    page.wait_for_load_state()
    fits_the_screen(page)
    assert "本年度没有需要新安排的会议" in page.inner_text("body")
    assert Activity.objects.filter(organization=tree.a1, planned_at__year=2026).count() == planned
    page.goto(f"{live_server.url}/activities/?organization={tree.a1.pk}")
    fits_the_screen(page)
    assert "4月支部委员会" in page.inner_text("body")


def test_a_refused_meeting_step_lands_on_its_panel_on_a_phone(tree, personas, browser, live_server):
    from django.utils import timezone

    from zhibu.activities import services as activity_services
    from zhibu.activities.models import ActivityKind

    make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    meeting = activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="三月党员大会",
        planned_at=timezone.now() - datetime.timedelta(hours=2),
    )
    activity_services.record_held(actor=SETUP, activity=meeting, held_at=meeting.planned_at)
    page = phone(browser, live_server, "secretary_a1")
    page.goto(f"{live_server.url}/activities/{meeting.pk}/")
    page.fill("textarea[name=minutes]", "短")
    press(page, "保存记录")
    assert page.url.endswith(f"/activities/{meeting.pk}/minutes/#minutes")
    fits_the_screen(page)
    error = page.locator("#minutes .error").first
    assert "会议记录过短" in error.inner_text()
    # Landed on the panel: the message beside the field is on screen, not above the fold at the page's top.
    top = error.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top <= PHONE["height"]
    assert page.evaluate("window.scrollY") > 0
