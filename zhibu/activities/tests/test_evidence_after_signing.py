"""Photos and the scanned sign-in sheet are added after signing, beside the signed record, which stays as it was."""

import datetime
import hashlib
import io
import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhibu.activities import services
from zhibu.activities.models import Activity, ActivityKind, Attendance
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.models import AuditEvent
from zhibu.testing import SETUP, make_member

HELD = datetime.datetime.fromisoformat("2026-11-20T14:30:00+08:00")


def png(name: str = "签到表.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 12)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def signed_meeting(branch) -> Activity:
    make_member(branch, joined_on=datetime.date(2010, 7, 1))
    meeting = services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="party_lecture"),
        title="专题党课",
        planned_at=HELD,
        agenda=["学习党章"],
    )
    meeting = services.record_held(actor=SETUP, activity=meeting, held_at=HELD)
    entries: dict[int, tuple] = {
        row.member_id: ("present", "", "") for row in Attendance.objects.filter(activity=meeting)
    }
    services.record_attendance(actor=SETUP, activity=meeting, entries=entries)
    services.save_minutes(actor=SETUP, activity=meeting, minutes="书记讲授专题党课，党员交流学习体会。")
    meeting.refresh_from_db()
    return meeting


def signed_content(meeting: Activity) -> str:
    """A digest of everything the signature covers: the meeting's fields, agenda, attendance and votes."""
    meeting = Activity.objects.get(pk=meeting.pk)
    parts = {
        "meeting": audit.snapshot(meeting),
        "version": meeting.version,
        "updated_at": meeting.updated_at.isoformat(),
        "agenda": list(meeting.agenda.values_list("title", "is_first_topic")),
        "attendance": list(Attendance.objects.filter(activity=meeting).values_list("member_id", "status")),
        "votes": list(meeting.votes.values_list("subject", "yes")),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


@pytest.mark.clock("2026-12-04T10:00")
def test_evidence_is_added_to_a_signed_meeting_without_changing_the_signed_record(tree, personas, client_as):
    meeting = signed_meeting(tree.a1)
    client = client_as(personas["支部书记A1"])
    assert client.post(f"/activities/{meeting.pk}/sign/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Activity.Status.SIGNED
    before = signed_content(meeting)
    answer = client.post(
        f"/activities/{meeting.pk}/evidence/", {"upload": png(), "submission_key": uuid.uuid4().hex}, follow=True
    )
    page = answer.content.decode()
    assert "已添加佐证材料" in page and "签发后补充" in page
    assert meeting.evidence.count() == 1
    assert signed_content(meeting) == before
    event = AuditEvent.objects.filter(event=Event.ACTIVITY_EVIDENCE_ADDED, object_id=str(meeting.pk)).get()
    assert "after_signing" in json.dumps(event.changes)


@pytest.mark.clock("2026-12-04T10:00")
def test_a_double_submitted_upload_adds_one_file(tree, personas, client_as):
    meeting = signed_meeting(tree.a1)
    services.sign(actor=personas["支部书记A1"], activity=meeting)
    client, key = client_as(personas["支部书记A1"]), uuid.uuid4().hex
    for _ in range(2):
        client.post(f"/activities/{meeting.pk}/evidence/", {"upload": png(), "submission_key": key})
    assert meeting.evidence.count() == 1


@pytest.mark.clock("2026-12-04T10:00")
def test_a_strangers_meeting_is_not_found_and_a_cancelled_one_refused(tree, personas, client_as):
    stranger = signed_meeting(tree.b1)
    answer = client_as(personas["支部书记A1"]).post(
        f"/activities/{stranger.pk}/evidence/", {"upload": png(), "submission_key": uuid.uuid4().hex}
    )
    assert answer.status_code == 404 and stranger.evidence.count() == 0
    cancelled = services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="party_lecture"),
        title="取消的党课",
        planned_at=HELD,
    )
    services.cancel_activity(actor=SETUP, activity=cancelled, reason="改期")
    with pytest.raises(ValidationError, match="不能添加佐证材料"):
        services.add_evidence(actor=SETUP, activity=cancelled, upload=png())
