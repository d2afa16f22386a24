"""党费收缴台账 and the yearly publication of a branch's dues (FEE-09): from the assessments and payments."""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from zhibu.core.formatting import yuan
from zhibu.core.periods import Period
from zhibu.core.scoping import VIEW
from zhibu.dues.models import Assessment, Payment
from zhibu.dues.reports import year_figures
from zhibu.ledgers.books import Field, period_label
from zhibu.ledgers.document import LedgerDocument, Section, Table, money

DUES_FIELDS = (
    Field("缴费类别、月应缴", "党费核定"),
    Field("各月缴纳金额", "党费缴纳记录（冲正已抵减）"),
    Field("合计、自愿多交", "党费缴纳记录"),
)


def dues_ledger(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    year = period.start.year
    assessments = (
        Assessment.objects.visible_to(user, action)
        .filter(organization=organization, year=year)
        .select_related("member")
        .order_by("member__name")
    )
    paid: defaultdict[Any, Decimal] = defaultdict(Decimal)
    voluntary: defaultdict[Any, Decimal] = defaultdict(Decimal)
    for member_id, month, kind, amount in (
        Payment.objects.visible_to(user, action)
        .filter(organization=organization, month__year=year)
        .values_list("member_id", "month", "kind", "amount")
    ):
        if kind == Payment.Kind.VOLUNTARY:
            voluntary[member_id] += amount
        else:
            paid[(member_id, month.month)] += amount
    rows = []
    for a in assessments:
        months = [money(paid.get((a.member_id, m))) for m in range(1, 13)]
        total = sum((paid.get((a.member_id, m), Decimal(0)) for m in range(1, 13)), Decimal(0))
        extra = money(voluntary[a.member_id] or None)
        rows.append([a.member.name, a.get_category_display(), money(a.monthly_amount), *months, money(total), extra])
    document = LedgerDocument("党费收缴台账", str(organization), period_label(period))
    document.sections.append(
        Section(
            paragraphs=["空白为未缴；冲正已抵减。"],
            table=Table(
                ["姓名", "类别", "月应缴", *[f"{m}月" for m in range(1, 13)], "合计", "自愿多交"],
                rows,
                [8, 8, 7, *[6] * 12, 8, 8],
            ),
        )
    )
    return document


PUBLICATION_FIELDS = (
    Field("党员人数", "党费核定"),
    Field("各月应缴、实缴、自愿多交合计", "党费核定、党费缴纳记录"),
)


def dues_publication(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    """What a branch publishes to its members once a year: totals only, never anyone's income or amount."""
    year = period.start.year
    [(_, months)] = year_figures(user, [organization], year, action)
    members = Assessment.objects.visible_to(user, action).filter(organization=organization, year=year).count()
    totals = [sum((month[i] for month in months), Decimal(0)) for i in (0, 1, 2)]
    rows = [[f"{m}月", *map(money, figures)] for m, figures in enumerate(months, start=1)]
    rows.append(["全年合计", *map(money, totals)])
    document = LedgerDocument("党费收缴情况公示", str(organization), period_label(period))
    document.sections.append(
        Section(
            paragraphs=[
                f"{year}年本支部核定缴纳党费的党员{members}名。全年应缴{yuan(totals[0])}，实缴{yuan(totals[1])}，"
                f"另有自愿多交{yuan(totals[2])}。以下为逐月合计，不含个人收入和个人缴费金额。"
            ],
            table=Table(["月份", "应缴", "实缴", "自愿多交"], rows, [10, 14, 14, 14]),
        )
    )
    return document
