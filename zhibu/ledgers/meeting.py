"""One meeting's documents — 会议通知, 签到表 and the record — as ledger documents, so they print on A4 and download as
.docx the way every ledger does."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from zhibu.activities import rules
from zhibu.activities.models import Activity, Attendance
from zhibu.core.formatting import cn_date, cn_time
from zhibu.ledgers.books import record_section
from zhibu.ledgers.document import LedgerDocument, Section, Table


@dataclass(frozen=True)
class MeetingDocument:
    code: str
    title: str
    build: Callable[[Any, Activity, str], LedgerDocument]


def _when(activity: Activity) -> str:
    return cn_time(activity.held_at or activity.planned_at)


def expected_names(user: Any, activity: Activity, action: str) -> list[str]:
    """Who is expected: the fixed list once the meeting is held (as the user may see it), before that the list the
    meeting would have on its planned day."""
    if activity.held_at is not None:
        rows = Attendance.objects.visible_to(user, action).filter(activity=activity).select_related("member")
        return [row.member.name for row in rows.order_by("member__name_initials", "member__name")]
    day = timezone.localtime(activity.planned_at).date()
    return [row.member.name for row in rules.expected_attendees(activity.kind, activity.organization, day)]


def notice(user: Any, activity: Activity, action: str) -> LedgerDocument:
    document = LedgerDocument("会议通知", str(activity.organization), _when(activity))
    agenda = [f"{item.position}. {item.title}" for item in activity.agenda.all()]
    host = activity.host.name if activity.host else "支部书记"
    document.sections.append(
        Section(
            paragraphs=[
                f"{activity.kind.get_attendees_display()}：",
                f"{activity.organization}定于{_when(activity)}在{activity.place or '（地点另行通知）'}"
                f"召开{activity.kind}，主题为“{activity.title}”。请准时参加。",
            ],
            facts=[
                ("时间", _when(activity)),
                ("地点", activity.place or "另行通知"),
                ("主持人", activity.host.name if activity.host else "—"),
                ("参加人员", activity.kind.get_attendees_display()),
                ("议程", "；".join(agenda) or "—"),
            ],
        )
    )
    document.sections.append(
        Section(
            paragraphs=[
                f"因故不能参加的，请于会前向{host}请假。",
                f"{activity.organization}\n{cn_date(timezone.localdate())}",
            ]
        )
    )
    return document


def sign_in_sheet(user: Any, activity: Activity, action: str) -> LedgerDocument:
    document = LedgerDocument("签到表", str(activity.organization), _when(activity))
    names = expected_names(user, activity, action)
    document.sections.append(
        Section(
            heading=f"{activity.kind}：{activity.title}",
            facts=[("时间", _when(activity)), ("地点", activity.place or "—"), ("应到", f"{len(names)}人")],
            table=Table(
                ["序号", "姓名", "签名", "备注"],
                [[index, name, "", ""] for index, name in enumerate(names, start=1)],
                [6, 14, 30, 20],
            ),
        )
    )
    return document.say_none_for_empty_tables()


def record(user: Any, activity: Activity, action: str) -> LedgerDocument:
    document = LedgerDocument("会议记录", str(activity.organization), _when(activity))
    if activity.held_at is None:
        document.sections.append(Section(paragraphs=[f"{activity.kind}“{activity.title}”尚未召开，还没有会议记录。"]))
        return document
    attendance = list(
        Attendance.objects.visible_to(user, action)
        .filter(activity=activity)
        .select_related("member")
        .order_by("member__name")
    )
    document.sections.append(record_section(activity, attendance))
    return document


DOCUMENTS = {
    document.code: document
    for document in (
        MeetingDocument("notice", "会议通知", notice),
        MeetingDocument("signin", "签到表", sign_in_sheet),
        MeetingDocument("record", "会议记录", record),
    )
}
