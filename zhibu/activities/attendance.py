"""Who came to a meeting: the attendance sheet, QR check-in, and the explicit "the rest were absent".

The sheet is saved as a set of changes, never as a whole: each row a page or an API client read carries a token of what
it showed, a row whose submitted values still match that token was not touched and is left alone, and a touched row
whose stored values no longer match it was changed by someone else in the meantime (another tab, a check-in) and is
refused rather than overwritten. A member's own QR check-in is never changed by the sheet."""

import datetime
import hashlib
from collections import defaultdict
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.activities.models import Activity, Attendance
from zhibu.activities.records import bump, changed, lock, require_status
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic
from zhibu.core.scoping import CHANGE, require

Status = Attendance.Status
RECORDABLE = (Status.PRESENT, Status.LEAVE, Status.ABSENT)
EDITABLE = (Activity.Status.HELD, Activity.Status.MINUTED)
LOCKED = "会议记录已签发锁定，出席情况不能再修改；如有错误，请在“更正记录”中登记更正（原记录保留）"


class Entry(NamedTuple):
    """One row as submitted. ``seen``: the token of the row as its author read it, or None to skip that check."""

    status: str
    leave_kind: str = ""
    reason: str = ""
    seen: str | None = None


class AttendanceRefused(ValidationError):
    """A save refused because of some rows; ``notes`` says, per member id, what is wrong with that row, so the page
    can show each message on the person's own row."""

    def __init__(self, messages: list[str], notes: dict[int, str]):
        super().__init__(messages)
        self.notes = notes


class AttendanceConflict(ValidationError):
    """Rows someone else changed after the author read them; ``member_ids`` names them so the page can show each."""

    def __init__(self, messages: list[str], member_ids: list[int]):
        super().__init__(messages)
        self.member_ids = member_ids


def token(status: str, leave_kind: str, reason: str) -> str:
    return hashlib.sha256("\x1f".join((status, leave_kind, reason)).encode()).hexdigest()[:16]


def row_token(row: Attendance) -> str:
    return token(row.status, row.leave_kind, row.reason)


def normalized(entry: Entry) -> tuple[str, str, str]:
    """An empty status is a row left unticked; a leave kind belongs only to 请假."""
    status = entry.status or Status.UNRECORDED
    leave_kind = (entry.leave_kind or "") if status == Status.LEAVE else ""
    return status, leave_kind, (entry.reason or "").strip()[:100]


def _editable(activity: Activity, *, actor) -> Activity:
    require(actor, CHANGE, activity)
    activity = lock(activity)
    if activity.status == Activity.Status.SIGNED:
        raise ValidationError(LOCKED)
    require_status(activity, *EDITABLE, doing="登记出席情况")
    return activity


def _problem(row: Attendance, wanted: tuple[str, str, str]) -> str | None:
    """What is wrong with the row as wanted, worded to stand on the person's row (the name is added elsewhere)."""
    status, leave_kind, _ = wanted
    if status == Status.UNRECORDED:
        return "请选择出席、请假或缺席（已登记的不能改回“未登记”）"
    if status not in RECORDABLE:
        return "出席情况无效，请选择出席、请假或缺席"
    if status == Status.LEAVE and leave_kind not in Attendance.LeaveKind.values:
        return "请假须选择事假、病假或因公"
    if row.checked_in_by_qr:
        return "已本人扫码签到，出席情况以签到为准，不能在此修改"
    return None


@transaction.atomic
def record_attendance(
    *, actor, activity: Activity, entries: dict[int, Entry | tuple], rest_absent: bool = False
) -> int:
    """``entries``: member id → Entry (or a plain (status, leave kind, reason) tuple). Only rows whose values differ
    from what is stored are written; ``rest_absent`` then records everyone still 未登记 as 缺席 — the explicit end of a
    check-in. Returns how many rows changed; nothing is written if any row is refused."""
    activity = _editable(activity, actor=actor)
    rows = {row.member_id: row for row in Attendance.objects.filter(activity=activity).select_related("member")}
    strangers = sorted(set(entries) - set(rows))
    if strangers:
        raise ValidationError(
            f"编号为{strangers}的人员不在本次会议的应到名单中（按会议当天的组织关系计算），不能登记出席"
        )
    problems: dict[int, str] = {}
    conflicts, updates = [], {}
    for member_id, raw in entries.items():
        entry, row = Entry(*raw), rows[member_id]
        wanted = normalized(entry)
        if entry.seen is not None and token(*wanted) == entry.seen:
            continue  # left as it was shown: whatever is stored now stands
        if wanted == (row.status, row.leave_kind, row.reason):
            continue
        if entry.seen is not None and row_token(row) != entry.seen:
            how = "本人已扫码签到" if row.checked_in_by_qr else f"已被他人改为“{row.get_status_display()}”"
            conflicts.append((member_id, f"{row.member}：在您打开页面后{how}"))
            continue
        problem = _problem(row, wanted)
        if problem:
            problems[member_id] = problem
        else:
            updates[member_id] = wanted
    named = [f"{rows[member_id].member}：{problem}" for member_id, problem in problems.items()]
    if conflicts:
        raise AttendanceConflict(
            [message for _, message in conflicts]
            + ["为免覆盖他人的登记，本次没有保存任何修改；请核对后再保存"]
            + named,
            [member_id for member_id, _ in conflicts],
        )
    if problems:
        raise AttendanceRefused(named, problems)
    if rest_absent:
        for member_id, row in rows.items():
            if member_id not in updates and row.status == Status.UNRECORDED:
                updates[member_id] = (Status.ABSENT, "", row.reason)
    if not updates:
        return 0
    before = {member_id: rows[member_id].status for member_id in updates}
    now = timezone.now()  # a queryset update does not stamp auto_now fields
    same_values = defaultdict(list)
    for member_id, (status, leave_kind, reason) in updates.items():
        row = rows[member_id]
        row.status, row.leave_kind, row.reason, row.updated_at = status, leave_kind, reason, now
        same_values[(status, leave_kind, reason)].append(row.pk)
    # One UPDATE per distinct value (a form has a few: present, absent, leave of each kind): bulk_update would build
    # a CASE expression per row and field, which costs more than the rest of recording a meeting's attendance.
    for (status, leave_kind, reason), pks in same_values.items():
        Attendance.objects.filter(pk__in=pks).update(
            status=status, leave_kind=leave_kind, reason=reason, updated_at=now
        )
    audit.record(
        actor=actor,
        event=Event.ACTIVITY_ATTENDANCE_RECORDED,
        obj=activity,
        extra={"changed": {str(member_id): [before[member_id], rows[member_id].status] for member_id in updates}},
    )
    bump(activity, "status")
    changed(activity, Topic.ATTENDANCE)
    return len(updates)


def attendance_counts(activity: Activity) -> dict:
    rows = list(
        Attendance.objects.filter(activity=activity).values_list("status", "has_voting_rights", "checked_in_by_qr")
    )
    present = [voting for status, voting, _ in rows if status == Status.PRESENT]
    return {
        "expected": len(rows),
        "present": len(present),
        "eligible": sum(1 for _, voting, _ in rows if voting),
        "present_eligible": sum(1 for voting in present if voting),
        "leave": sum(1 for status, _, _ in rows if status == Status.LEAVE),
        "absent": sum(1 for status, _, _ in rows if status == Status.ABSENT),
        "unrecorded": sum(1 for status, _, _ in rows if status == Status.UNRECORDED),
        "checked_in": sum(1 for _, _, scanned in rows if scanned),
    }


CHECKIN_SALT = "zhibu.activities.checkin"


def checkin_token(*, actor, activity: Activity) -> str:
    """A signed, time-limited code for the host to show; members scan it on their phones."""
    require(actor, CHANGE, activity)
    if activity.status != Activity.Status.HELD:
        raise ValidationError("扫码签到只在会议进行中（已登记召开、尚未填写记录）时可用")
    return signing.TimestampSigner(salt=CHECKIN_SALT).sign_object({"a": activity.pk})


def _activity_of(token: str) -> Activity:
    try:
        payload = signing.TimestampSigner(salt=CHECKIN_SALT).unsign_object(
            token, max_age=datetime.timedelta(minutes=settings.CHECKIN_MINUTES)
        )
    except signing.SignatureExpired:
        raise ValidationError("签到二维码已过期，请让主持人刷新后重新扫码") from None
    except signing.BadSignature:
        raise ValidationError("签到二维码无效，请重新扫码") from None
    activity = Activity.objects.select_related("kind", "organization").filter(pk=payload["a"]).first()
    if activity is None:
        raise ValidationError("签到二维码无效，请重新扫码")
    return activity


def _expected_row(actor, activity: Activity) -> Attendance:
    if activity.status != Activity.Status.HELD:
        raise ValidationError("该会议已结束签到")
    member = getattr(actor, "member", None) if hasattr(actor, "_meta") else None
    row = Attendance.objects.filter(activity=activity, member=member).first() if member else None
    if row is None:
        raise ValidationError("您不在本次会议的应到名单中，不能签到；如有疑问请联系会议主持人")
    return row


def checkin_preview(*, actor, token: str) -> Attendance:
    """The row a scan would mark, checked as ``check_in`` checks it but written to nothing, so the confirm page can
    name the meeting, and refuse an expired code or a person not expected, before the member taps."""
    return _expected_row(actor, _activity_of(token))


@transaction.atomic
def check_in(*, actor, token: str) -> Attendance:
    """A logged-in member on the expected list marks themself present; the code expires after its window. A leave or
    absence recorded earlier gives way to the member's own scan, and its reason goes with it."""
    activity = lock(_activity_of(token))
    row = _expected_row(actor, activity)
    if not row.checked_in_by_qr:
        came = row.status != Status.PRESENT
        if came:
            row.status, row.leave_kind, row.reason = Status.PRESENT, "", ""
        row.checked_in_by_qr = True
        row.save(update_fields=["status", "leave_kind", "reason", "checked_in_by_qr", "updated_at"])
        audit.record(actor=actor, event=Event.ACTIVITY_CHECKED_IN, obj=activity, extra={"member": row.member_id})
        if came:
            changed(activity, Topic.ATTENDANCE)
    return row
