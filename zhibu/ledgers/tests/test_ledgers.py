import datetime
import io
import uuid
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from zhibu.activities import services as activity_services
from zhibu.activities.models import Activity, ActivityKind, Attendance
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.testing import SETUP, make_member

YEAR = timezone.localdate().year - 1


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def xlsx_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    return "\n".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None)


@pytest.fixture
def meeting(tree, personas):
    """A 支委会 of last March: held, attendance (one on leave with a reason), a vote, a resolution, minutes, signed."""
    secretary = personas["支部书记A1"]
    people = [make_member(tree.a1, name=name, mobile="13812345678") for name in ("张明", "李华", "王芳")]
    when = timezone.make_aware(datetime.datetime(YEAR, 3, 12, 15, 0))
    activity = activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="一季度党员大会",
        planned_at=when,
        place="三楼会议室",
        agenda=["学习上级精神", "讨论发展对象"],
        first_topic=True,
    )
    activity_services.record_held(actor=SETUP, activity=activity, held_at=when)
    entries = {row.member_id: ("present", "", "") for row in Attendance.objects.filter(activity=activity)}
    entries[people[2].pk] = ("leave", "official", "外出培训")
    activity_services.record_attendance(actor=SETUP, activity=activity, entries=entries)
    activity_services.record_vote(actor=SETUP, activity=activity, subject="同意列为发展对象", yes=3, no=0, abstain=0)
    activity_services.add_resolution(
        actor=SETUP,
        activity=activity,
        text="四月底前完成政审",
        owner_member=people[0],
        deadline=datetime.date(YEAR, 4, 30),
    )
    activity_services.save_minutes(actor=SETUP, activity=activity, minutes="会议学习了上级精神，讨论了发展对象。")
    activity_services.sign(actor=secretary, activity=activity)
    return activity, people


def test_the_meeting_book_comes_from_the_records_in_every_format(tree, personas, client_as, meeting):
    activity, people = meeting
    client = client_as(personas["支部书记A1"])
    base = f"/ledgers/meetings/?organization={tree.a1.pk}&year={YEAR}"
    page = client.get(base).content.decode()
    word = client.get(base + "&format=docx")
    excel = client.get(base + "&format=xlsx")
    assert word["Content-Type"].endswith("wordprocessingml.document") and "attachment" in word["Content-Disposition"]
    for text in (page, docx_text(word.content), xlsx_text(excel.content)):
        assert "一季度党员大会" in text and "三楼会议室" in text
        assert "王芳（因公：外出培训）" in text
        assert "1. 学习上级精神（第一议题）" in text
        assert "同意列为发展对象：赞成3、反对0、弃权0，通过" in text
        assert "四月底前完成政审" in text and "张明" in text
        assert "会议学习了上级精神" in text and "签发" in text
    document = Document(io.BytesIO(word.content))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert f"{tree.a1}　{YEAR}年度" in section.header.paragraphs[0].text  # organisation and period on every page
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert 'w:eastAsia="仿宋"' in document.styles["Normal"].element.xml
    assert "w:tblHeader" in document.tables[0]._tbl.xml  # the table header repeats across pages
    sheet = load_workbook(io.BytesIO(excel.content)).active
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 and f"{tree.a1}" in sheet.oddHeader.center.text
    assert "&P" in sheet.oddFooter.center.text
    assert AuditEvent.objects.filter(event=Event.LEDGER_EXPORTED).count() == 2
    # The print page: A4, page numbers, and the organisation and period in each table's repeating header.
    assert 'class="running-head-row"' in page and f"{tree.a1}　{YEAR}年度　会议记录本" in page
    css = (Path(settings.BASE_DIR) / "zhibu/core/static/zhibu/print.css").read_text()
    assert "size: A4" in css and "counter(page)" in css and "table-header-group" in css


def test_a_change_to_a_record_shows_in_the_ledgers_without_touching_them(tree, personas, client_as, meeting):
    activity, _ = meeting
    activity_services.amend(
        actor=personas["支部书记A1"],
        activity=activity,
        part="minutes",
        corrected="会议学习了上级精神，讨论并表决了发展对象。",
        reason="补记表决情况",
    )
    client = client_as(personas["支部书记A1"])
    base = f"/ledgers/meetings/?organization={tree.a1.pk}&year={YEAR}"
    for text in (
        client.get(base).content.decode(),
        docx_text(client.get(base + "&format=docx").content),
        xlsx_text(client.get(base + "&format=xlsx").content),
    ):
        assert "【更正】" in text and "讨论并表决了发展对象" in text and "补记表决情况" in text
        assert "会议学习了上级精神，讨论了发展对象。" in text  # the original is kept


def test_the_organisation_life_ledger_counts_by_month_with_the_verdicts(tree, personas, client_as, meeting, settings):
    from zhibu.standards import services as standards_services

    settings.STANDARDS_LIVE_REFRESH = True
    standards_services.recompute(actor=SETUP, year=YEAR)
    client = client_as(personas["党委管理员A"])
    text = xlsx_text(client.get(f"/ledgers/life/?organization={tree.a1.pk}&year={YEAR}&format=xlsx").content)
    assert "支部党员大会" in text and "MTG-01 支部党员大会一般每季度召开1次：达标1期，未达标3期" in text
    assert "未召开支部党员大会" in text


def test_the_roster_is_masked_and_scoped(tree, personas, client_as, meeting):
    client = client_as(personas["支部书记A1"])
    for wanted in ("xlsx", "docx"):
        content = client.get(f"/ledgers/roster/?organization={tree.a1.pk}&format={wanted}").content
        text = xlsx_text(content) if wanted == "xlsx" else docx_text(content)
        assert "张明" in text and "13812345678" not in text and "138****5678" in text
        with zipfile.ZipFile(io.BytesIO(content)) as archive:  # not hidden anywhere in the file either
            assert not any(b"13812345678" in archive.read(name) for name in archive.namelist())
    assert client_as(personas["支部书记B1"]).get(f"/ledgers/roster/?organization={tree.a1.pk}").status_code == 404
    assert client_as(personas["党员A1"]).get(f"/ledgers/meetings/?organization={tree.a1.pk}").status_code == 404
    discipline = client_as(personas["纪检A"])  # read-only, but may export
    assert discipline.get(f"/ledgers/roster/?organization={tree.a1.pk}&format=xlsx").status_code == 200
    assert client.get("/ledgers/nonsense/").status_code == 404


def test_burden_command_counts_no_field_typed_only_for_a_ledger():
    out = io.StringIO()
    call_command("ledger_burden", stdout=out)
    assert "| 会议记录本 | 10 | 10 | 0 |" in out.getvalue()
    assert "仅为台账录入的字段合计：0" in out.getvalue()


def test_every_ledger_prints_and_downloads_with_its_content(tree, personas, client_as, meeting):
    from zhibu.ledgers.registry import LEDGERS

    activity, people = meeting
    people[0].is_leading_cadre = True  # a leading cadre who attended as an ordinary member
    people[0].save(update_fields=["is_leading_cadre"])
    expected = {
        "manual": "已于",
        "meetings": "一季度党员大会",
        "study": "暂无",  # a 党员大会 is not a study meeting: the notebook is empty but well-formed
        "life": "支部党员大会",
        "dual": "张明",
        "secretary": "四月底前完成政审",
        "roster": "张明",
        "monthly": "一季度党员大会",
        "quarterly": "支部A1",
        "dues": "暂无",  # no dues assessed in this fixture: the table is empty but well-formed
        "dues-publication": "全年合计",
        "recruit-activists": "暂无",  # no recruits in this fixture: the recruitment materials say 无
        "recruit-candidates": "暂无",
        "recruit-pre-review": "暂无",
        "recruit-admissions": "暂无",
        "recruit-full-pre-review": "暂无",
        "recruit-statistics": "合计",
        "training-hours": "张明",
        "theory-group": "未设理论学习中心组",  # the fixture has no 中心组 (zhibu/ledgers/tests/test_theory_books.py has)  # attended the meeting: its kind's hours are counted
        "care": "暂无",  # no member in care in this fixture (zhibu/ledgers/tests/test_care_books.py has them)
        "integrity-risks": "暂无",
    }
    admin = client_as(personas["党委管理员A"])
    for code, ledger in LEDGERS.items():
        organization = tree.a if ledger.for_committees else tree.a1
        query = f"organization={organization.pk}&year={YEAR}&month=3&quarter=1"
        page = admin.get(f"/ledgers/{code}/?{query}")
        assert page.status_code == 200, code
        word = docx_text(admin.get(f"/ledgers/{code}/?{query}&format=docx").content)
        excel = xlsx_text(admin.get(f"/ledgers/{code}/?{query}&format=xlsx").content)
        if expected[code] != "暂无":
            for text in (page.content.decode(), word, excel):
                assert expected[code] in text, code
        assert ledger.title in word and ledger.title in excel
    listing = admin.get(f"/ledgers/?organization={tree.a1.pk}&year={YEAR}").content.decode()
    assert "党支部组织生活月报" in listing and "季度汇总" not in listing  # a branch has no quarterly summary
    assert "季度汇总" in admin.get(f"/ledgers/?organization={tree.a.pk}").content.decode()


def test_a_month_of_work_takes_at_most_fifteen_submissions_and_no_ledger_typing(tree, personas, client_as):
    """Plan, hold, record attendance, minute and sign three meetings; every ledger then has them without a keystroke."""
    members = [make_member(tree.a1, name=f"党员{index}") for index in range(4)]
    client = client_as(personas["支部书记A1"])
    submissions = 0

    def post(url, data):
        nonlocal submissions
        submissions += 1
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]

    now = timezone.localtime()
    first = now.replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    if now.day <= 3:  # the first three days of this month may not have passed yet: use last month
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    for offset, code, title in (
        (0, "branch_committee", "本月支委会"),
        (1, "theme_day", "本月主题党日"),
        (2, "party_lecture", "专题党课"),
    ):
        when = first + datetime.timedelta(days=offset)
        post(
            "/activities/new/",
            {
                "organization": tree.a1.pk,
                "kind": ActivityKind.objects.get(code=code).pk,
                "title": title,
                "planned_at": when.strftime("%Y-%m-%dT%H:%M"),
                "agenda": "学习最新重要讲话精神\n研究本月工作",
                "first_topic": "on",
                "submission_key": uuid.uuid4().hex,
            },
        )
        activity = Activity.objects.get(title=title)
        post(f"/activities/{activity.pk}/held/", {"held_at": when.strftime("%Y-%m-%dT%H:%M")})
        expected = Attendance.objects.filter(activity=activity).values_list("member_id", flat=True)
        post(f"/activities/{activity.pk}/attendance/", {f"status_{pk}": "present" for pk in expected})
        post(f"/activities/{activity.pk}/minutes/", {"minutes": f"{title}：学习了最新重要讲话精神，研究了本月工作。"})
        post(f"/activities/{activity.pk}/sign/", {})
    print(f"one month of work for a branch: {submissions} form submissions (limit 15), 0 for the ledgers")
    assert submissions <= 15
    year, month = first.year, first.month
    book = client.get(f"/ledgers/meetings/?organization={tree.a1.pk}&year={year}").content.decode()
    life = client.get(f"/ledgers/life/?organization={tree.a1.pk}&year={year}").content.decode()
    study = client.get(f"/ledgers/study/?organization={tree.a1.pk}&year={year}").content.decode()
    monthly = client.get(f"/ledgers/monthly/?organization={tree.a1.pk}&year={year}&month={month}").content.decode()
    for title in ("本月支委会", "本月主题党日", "专题党课"):
        assert title in book and title in monthly
    assert "专题党课" in study and "本月主题党日" in study and "本月支委会" not in study
    assert "支部委员会" in life and members[0].name in book


def test_a_late_attendance_entry_shows_in_every_ledger_that_lists_attendance(tree, personas, client_as):
    member = make_member(tree.a1, name="迟到登记")
    when = timezone.make_aware(datetime.datetime(YEAR, 5, 20, 15, 0))
    lecture = activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="party_lecture"),
        title="五月专题党课",
        planned_at=when,
    )
    activity_services.record_held(actor=SETUP, activity=lecture, held_at=when)
    client = client_as(personas["支部书记A1"])
    urls = [
        f"/ledgers/meetings/?organization={tree.a1.pk}&year={YEAR}",
        f"/ledgers/study/?organization={tree.a1.pk}&year={YEAR}",
    ]
    assert all("1人：迟到登记" not in client.get(url).content.decode() for url in urls)
    entries = {row.member_id: ("absent", "", "") for row in Attendance.objects.filter(activity=lecture)}
    entries[member.pk] = ("present", "", "")
    activity_services.record_attendance(actor=SETUP, activity=lecture, entries=entries)  # entered a week later
    for url in urls:
        for wanted in ("html", "xlsx"):
            response = client.get(url + ("" if wanted == "html" else "&format=xlsx"))
            text = response.content.decode() if wanted == "html" else xlsx_text(response.content)
            assert "1人：迟到登记" in text, (url, wanted)
