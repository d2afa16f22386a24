"""One meeting's documents: 会议通知, 签到表 with the expected names and a blank signature column, and the record, each
as an A4 print page with a 打印 button and as .docx."""

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document

from zhibu.activities import services
from zhibu.activities.models import ActivityKind, Attendance
from zhibu.core.audit_catalogue import Event
from zhibu.core.models import AuditEvent
from zhibu.testing import SETUP, make_member

WHEN = timezone.make_aware(datetime.datetime(2026, 12, 10, 14, 30))
HELD = timezone.make_aware(datetime.datetime(2026, 11, 20, 14, 30))


def meeting(branch, when=WHEN):
    return services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="12月支部党员大会",
        planned_at=when,
        place="三楼会议室",
        agenda=["学习讲话精神", "讨论发展对象"],
    )


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


@pytest.mark.clock("2026-12-04T10:00")
def test_the_notice_prints_and_downloads(tree, personas, client_as):
    planned = meeting(tree.a1)
    client = client_as(personas["支部书记A1"])
    page = client.get(f"/ledgers/meeting/{planned.pk}/notice/").content.decode()
    assert "会议通知" in page and "三楼会议室" in page and "2026年12月10日 14:30" in page and "学习讲话精神" in page
    assert "data-print" in page and "ledgers/print.js" in page and "onclick" not in page
    download = client.get(f"/ledgers/meeting/{planned.pk}/notice/", {"format": "docx"})
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "召开支部党员大会" in docx_text(download.content)
    assert AuditEvent.objects.filter(event=Event.LEDGER_EXPORTED, object_id=str(planned.pk)).count() == 1
    detail = client.get(planned.get_absolute_url()).content.decode()
    assert f"/ledgers/meeting/{planned.pk}/signin/" in detail


@pytest.mark.clock("2026-12-04T10:00")
def test_the_sign_in_sheet_lists_the_expected_members_with_a_blank_signature(tree, personas, client_as):
    members = [make_member(tree.a1, name=name) for name in ("李明", "王芳")]
    elsewhere = make_member(tree.b1, name="赵外")
    planned = meeting(tree.a1)
    client = client_as(personas["支部书记A1"])
    page = client.get(f"/ledgers/meeting/{planned.pk}/signin/").content.decode()
    assert "签名" in page and all(member.name in page for member in members) and elsewhere.name not in page
    text = docx_text(client.get(f"/ledgers/meeting/{planned.pk}/signin/", {"format": "docx"}).content)
    assert "李明" in text and "签名" in text


@pytest.mark.clock("2026-12-04T10:00")
def test_the_record_of_a_held_meeting(tree, personas, client_as):
    present = make_member(tree.a1, name="到会甲", joined_on=datetime.date(2010, 7, 1))
    held = services.record_held(actor=SETUP, activity=meeting(tree.a1, when=HELD), held_at=HELD)
    entries: dict[int, tuple] = {row.member_id: ("absent", "", "") for row in Attendance.objects.filter(activity=held)}
    entries[present.pk] = ("present", "", "")
    services.record_attendance(actor=SETUP, activity=held, entries=entries)
    services.save_minutes(actor=SETUP, activity=held, minutes="会议学习了讲话精神，讨论了发展对象。")
    client = client_as(personas["支部书记A1"])
    page = client.get(f"/ledgers/meeting/{held.pk}/record/").content.decode()
    assert "会议学习了讲话精神" in page and "到会甲" in page and "data-print" in page
    assert "会议学习了讲话精神" in docx_text(client.get(f"/ledgers/meeting/{held.pk}/record/?format=docx").content)
    not_yet = client.get(f"/ledgers/meeting/{meeting(tree.a1).pk}/record/").content.decode()
    assert "尚未召开" in not_yet


@pytest.mark.clock("2026-12-04T10:00")
def test_a_strangers_meeting_is_not_found_and_a_member_may_not_print(tree, personas, client_as):
    stranger = meeting(tree.b1)
    for document in ("notice", "signin", "record"):
        assert client_as(personas["支部书记A1"]).get(f"/ledgers/meeting/{stranger.pk}/{document}/").status_code == 404
    ours = meeting(tree.a1)
    assert client_as(personas["党员A1"]).get(f"/ledgers/meeting/{ours.pk}/signin/").status_code == 403


@pytest.mark.clock("2026-12-04T10:00")
def test_the_ledger_print_page_has_a_print_button_too(tree, personas, client_as):
    page = client_as(personas["支部书记A1"]).get(f"/ledgers/meetings/?organization={tree.a1.pk}&year=2026")
    assert page.status_code == 200 and "data-print" in page.content.decode()
