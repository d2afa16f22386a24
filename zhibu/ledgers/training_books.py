"""学时台账: each member's training hours of the year by source, from the records (``zhibu.training.hours``)."""

from decimal import Decimal

from zhibu.core.periods import Period
from zhibu.core.scoping import VIEW
from zhibu.ledgers.books import Field, period_label
from zhibu.ledgers.document import LedgerDocument, Section, Table
from zhibu.members.models import Member
from zhibu.training.hours import COMMITTEE_HOURS, MEMBER_HOURS, Source, committee_ids, fmt, hours_for

TRAINING_FIELDS = (
    Field("组织生活学时", "组织生活出席记录 × 活动类型学时（含补学）"),
    Field("培训班学时", "培训班课次出席记录"),
    Field("外部培训学时", "外部培训登记（Excel导入）"),
    Field("合计、应达、尚缺", "以上合计；EDU-01/EDU-02"),
)


def training_ledger(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    year = period.start.year
    members = list(
        Member.objects.visible_to(user, action)
        .current()
        .filter(organization__path__startswith=organization.path)
        .select_related("organization")
        .order_by("organization__path", "name")
    )
    ids = [member.pk for member in members]
    hours = hours_for(ids, year)
    committee = committee_ids(ids, year)
    rows = []
    short = 0
    for member in members:
        had = hours[member.pk]
        on_committee = member.pk in committee
        needed = COMMITTEE_HOURS if on_committee else MEMBER_HOURS
        by_source = had.by_source()
        gaps = []
        if had.total < needed:
            gaps.append(f"差{fmt(needed - had.total)}学时")
        if on_committee and not had.concentrated:
            gaps.append("未参加集中培训")
        short += bool(gaps)
        rows.append(
            [
                member.name,
                member.organization.name,
                "支部委员" if on_committee else "党员",
                *[fmt(by_source.get(label, Decimal(0))) for label in Source.ALL],
                fmt(had.total),
                str(had.concentrated),
                fmt(needed),
                "；".join(gaps) or "已达标",
            ]
        )
    document = LedgerDocument("党员学习培训学时台账", str(organization), period_label(period))
    document.sections.append(
        Section(
            paragraphs=[
                f"在册党员{len(members)}人，{short}人尚未达到学时要求。党员每年不少于{fmt(MEMBER_HOURS)}学时，"
                f"支部书记和委员不少于{fmt(COMMITTEE_HOURS)}学时并参加1次集中培训。学时由出席记录自动统计。"
            ],
            table=Table(
                ["姓名", "党组织", "身份", *Source.ALL, "合计", "集中培训", "应达", "尚缺"],
                rows,
                [8, 16, 8, *[7] * len(Source.ALL), 6, 8, 6, 14],
            ),
        )
    )
    return document
