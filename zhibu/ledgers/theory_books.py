"""理论学习中心组学习台账: each 中心组 of the organisation (and of those below it) with its year's sessions in date
order — topic, 主讲, 交流发言, who came, who was on leave, who sat in, 学时 and materials. A query over the session
records (``zhibu.study``), read as the user may see them; reporting sends the same document up as a generated answer."""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from zhibu.core.formatting import cn_date
from zhibu.core.periods import Period
from zhibu.core.scoping import VIEW
from zhibu.ledgers.books import Field, period_label
from zhibu.ledgers.document import LedgerDocument, Section, Table
from zhibu.study.models import Participation, SpeechKind, TheoryAttendance, TheoryGroup, TheorySession, TheorySpeech
from zhibu.training.hours import fmt

THEORY_FIELDS = (
    Field("日期、主题、学时", "中心组学习记录：学习日期、学习主题、学时"),
    Field("主讲、交流发言", "中心组学习记录：主讲人（含特邀）和交流发言人"),
    Field("出席、请假、列席旁听", "中心组学习出席记录（未登记的成员为缺席）"),
    Field("学习材料", "中心组学习记录：学习材料和材料文件"),
)
COLUMNS = ["日期", "学习主题", "主讲", "交流发言", "出席", "请假", "列席旁听", "学时", "学习材料"]
WIDTHS = [12, 24, 12, 14, 22, 12, 16, 6, 24]


def _names(attendances: list[TheoryAttendance], status: str) -> str:
    return "、".join(row.member.name for row in attendances if row.status == status) or "无"


def _lecture(speeches: list[TheorySpeech]) -> str:
    parts = []
    for speech in speeches:
        if speech.kind == SpeechKind.LECTURE:
            parts.append(f"{speech.speaker}《{speech.title}》" if speech.title else speech.speaker)
    return "、".join(parts) or "—"


def session_row(session: TheorySession) -> list[str]:
    attendances = list(session.attendances.all())
    speeches = list(session.speeches.all())
    materials = [*session.material_lines(), *(file.original_name for file in session.attachments.all())]
    return [
        cn_date(session.held_on),
        session.topic,
        _lecture(speeches),
        "、".join(s.speaker for s in speeches if s.kind == SpeechKind.REMARKS) or "—",
        _names(attendances, Participation.PRESENT),
        _names(attendances, Participation.LEAVE),
        _names(attendances, Participation.OBSERVER),
        fmt(session.hours),
        "；".join(materials) or "—",
    ]


def theory_group_ledger(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    groups = list(
        TheoryGroup.objects.visible_to(user, action)
        .filter(organization__path__startswith=organization.path)
        .select_related("organization")
        .order_by("organization__path", "name", "pk")
    )
    visible: Any = TheorySession.objects.visible_to(user, action)
    sessions = (
        visible.filter(group__in=groups, held_on__range=(period.start, period.end))
        .prefetch_related(
            Prefetch(
                "attendances", queryset=TheoryAttendance.objects.select_related("member").order_by("member__name")
            ),
            Prefetch("speeches", queryset=TheorySpeech.objects.select_related("member").order_by("kind", "pk")),
            "attachments",
        )
        .order_by("held_on", "pk")
    )
    by_group = defaultdict(list)
    for session in sessions:
        by_group[session.group_id].append(session)
    document = LedgerDocument("理论学习中心组学习台账", str(organization), period_label(period))
    if not groups:
        document.sections.append(Section(paragraphs=["本组织未设理论学习中心组。"]))
    for group in groups:
        held = by_group[group.pk]
        hours = sum((session.hours for session in held), Decimal(0))
        document.sections.append(
            Section(
                heading=group.name,
                paragraphs=[f"本年集中学习{len(held)}次，合计{fmt(hours)}学时。"],
                table=Table(COLUMNS, [session_row(session) for session in held], WIDTHS),
                page_break=bool(document.sections),
            )
        )
    return document.say_none_for_empty_tables()
