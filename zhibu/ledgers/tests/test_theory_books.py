"""理论学习中心组学习台账: the year's sessions of the organisation's 中心组 in date order, from the session records, in
the three formats; scoped like every ledger."""

import datetime
import uuid
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from zhibu.ledgers.tests.test_ledgers import docx_text, xlsx_text
from zhibu.study import services
from zhibu.study.tests.helpers import theory_group
from zhibu.testing import SETUP, blank_pdf, compact, make_member

YEAR = timezone.localdate().year - 1


def _group_with_sessions(tree):
    leader, deputy, absent = (make_member(tree.a2, name=name) for name in ("组长甲", "成员乙", "成员丙"))
    observer = make_member(tree.a1, name="列席丁")
    group = theory_group(tree.a, [leader, deputy, absent], name="党委A理论学习中心组")
    services.record_session(
        actor=SETUP,
        group=group,
        held_on=datetime.date(YEAR, 9, 8),
        topic="第二次学习：全面从严治党",
        hours="1.5",
        present=[leader, deputy],
        lecturer_name="市委党校王教授",
    )
    services.record_session(
        actor=SETUP,
        group=group,
        held_on=datetime.date(YEAR, 3, 5),
        topic="第一次学习：党的创新理论",
        hours=3,
        present=[leader],
        on_leave=[deputy],
        observers=[observer],
        lecturer=leader,
        lecture_title="深入学习全会精神",
        speakers=[observer],
        materials="《全会公报》",
        upload=SimpleUploadedFile("学习辅导.pdf", blank_pdf()),
    )
    services.record_session(  # another year: not in this year's ledger
        actor=SETUP,
        group=group,
        held_on=datetime.date(YEAR - 1, 12, 30),
        topic="上一年度的学习",
        hours=2,
        present=[leader],
    )
    return group


def test_the_ledger_lists_the_years_sessions_in_date_order_in_every_format(tree, personas, client_as):
    _group_with_sessions(tree)
    admin = client_as(personas["党委管理员A"])
    query = f"organization={tree.a.pk}&year={YEAR}"
    page = compact(admin.get(f"/ledgers/theory-group/?{query}").content)
    word = docx_text(admin.get(f"/ledgers/theory-group/?{query}&format=docx").content)
    excel = xlsx_text(admin.get(f"/ledgers/theory-group/?{query}&format=xlsx").content)
    for text in (page, word, excel):
        assert "理论学习中心组学习台账" in text and "党委A理论学习中心组" in text
        assert "本年集中学习2次，合计4.5学时" in text
        assert text.index("第一次学习") < text.index("第二次学习")
        assert "上一年度的学习" not in text
        for fact in ("组长甲《深入学习全会精神》", "市委党校王教授", "列席丁", "《全会公报》", "学习辅导.pdf"):
            assert fact in text, fact
        assert f"{YEAR}年3月5日" in text
    listing = admin.get(f"/ledgers/?organization={tree.a.pk}&year={YEAR}").content.decode()
    assert "理论学习中心组学习台账" in listing
    branch_listing = admin.get(f"/ledgers/?organization={tree.a1.pk}&year={YEAR}").content.decode()
    assert "理论学习中心组学习台账" not in branch_listing  # a branch keeps no 中心组


def test_the_ledger_row_shows_who_came_was_on_leave_and_sat_in(tree, personas, client_as):
    _group_with_sessions(tree)
    admin = client_as(personas["党委管理员A"])
    excel = admin.get(f"/ledgers/theory-group/?organization={tree.a.pk}&year={YEAR}&format=xlsx").content
    rows = [list(row) for row in load_workbook(BytesIO(excel)).active.iter_rows(values_only=True)]
    first = next(row for row in rows if row and row[1] == "第一次学习：党的创新理论")
    assert first[2:8] == ["组长甲《深入学习全会精神》", "列席丁", "组长甲", "成员乙", "列席丁", "3"]


def test_the_ledger_is_scoped_like_every_ledger(tree, personas, client_as):
    _group_with_sessions(tree)
    other = client_as(personas["支部书记B1"])
    response = other.get(f"/ledgers/theory-group/?organization={tree.a.pk}&year={YEAR}")
    assert response.status_code == 404 or "党委A理论学习中心组" not in response.content.decode()
    member = client_as(personas["党员A1"])
    assert member.get(f"/ledgers/theory-group/?organization={tree.a.pk}&year={YEAR}&format=xlsx").status_code == 404


def test_a_branch_is_told_the_ledger_is_kept_above_it(tree, personas, client_as):
    secretary = client_as(personas["支部书记A1"])
    response = secretary.get(f"/ledgers/theory-group/?organization={tree.a1.pk}&year={YEAR}", follow=True)
    assert response.redirect_chain[-1][0].startswith("/ledgers/?organization=")
    assert "由机关党委及以上党组织建立" in response.content.decode()


def test_an_organisation_without_a_group_gets_a_clear_ledger(tree, personas, client_as):
    admin = client_as(personas["党委管理员A"])
    page = compact(admin.get(f"/ledgers/theory-group/?organization={tree.a.pk}&year={YEAR}").content)
    assert "本组织未设理论学习中心组" in page
    bad = admin.get(f"/ledgers/theory-group/?organization={tree.a.pk}&year=99999999999999999999&{uuid.uuid4().hex}=1")
    assert bad.status_code == 200
