"""The care and integrity ledgers: 关心关怀台账 (the members in care during the year with their visits, support and the
amounts given) and 廉政风险防控台账 (the risk points in force, with the year's periodic reviews). Both are queries over
the records, read as the user may see them: care records only by those who keep the members' organisations."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from zhibu.care.models import CareCase, CareVisit
from zhibu.core.formatting import cn_date
from zhibu.core.periods import Period
from zhibu.core.scoping import VIEW
from zhibu.integrity.models import RiskPoint, RiskReview
from zhibu.ledgers.books import Field, period_label
from zhibu.ledgers.document import LedgerDocument, Section, Table

CARE_FIELDS = (
    Field("关怀对象", "关心关怀：关怀对象（类别、程度、列入与退出日期）"),
    Field("走访慰问与帮扶", "关心关怀：走访慰问与帮扶记录（日期、方式、走访人、内容）"),
    Field("金额", "关心关怀：走访慰问与帮扶记录的金额"),
)
RISK_FIELDS = (
    Field("风险点", "廉政风险防控：风险点（岗位、流程、等级、防控措施、责任人）"),
    Field("复查", "廉政风险防控：复查记录（日期、复查人、情况、复查后等级）"),
)


def _yuan(amount: Decimal) -> str:
    return f"￥{amount:,.2f}"


def care_ledger(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    cases = list(
        CareCase.objects.visible_to(user, action)
        .filter(organization__path__startswith=organization.path, since__lte=period.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        .select_related("member", "organization")
        .order_by("organization__path", "member__name", "pk")
    )
    visits = defaultdict(list)
    for visit in CareVisit.objects.filter(case__in=cases, visited_on__range=(period.start, period.end)).order_by(
        "visited_on", "pk"
    ):
        visits[visit.case_id].append(visit)
    rows, total = [], Decimal(0)
    for case in cases:
        done = visits[case.pk]
        given = sum((visit.amount or Decimal(0) for visit in done), Decimal(0))
        total += given
        lines = "；".join(
            f"{cn_date(visit.visited_on)}{visit.get_kind_display()}（{visit.visitors}）：{visit.note}" for visit in done
        )
        rows.append(
            [
                case.member.name,
                case.organization.name,
                case.get_kind_display(),
                case.get_level_display(),
                cn_date(case.since),
                lines or "本年未走访",
                _yuan(given) if given else "—",
            ]
        )
    document = LedgerDocument("关心关怀台账", str(organization), period_label(period))
    document.sections.append(
        Section(
            paragraphs=[f"本年列入关怀{len(cases)}人，走访慰问与帮扶金额合计{_yuan(total)}。"],
            table=Table(
                ["党员", "党组织", "类别", "关怀程度", "列入日期", "走访慰问与帮扶", "金额"],
                rows,
                [10, 16, 12, 10, 14, 60, 12],
            ),
        )
    )
    return document


def risk_ledger(user, organization, period: Period, action: str = VIEW) -> LedgerDocument:
    risks = list(
        RiskPoint.objects.visible_to(user, action)
        .filter(organization__path__startswith=organization.path, identified_on__lte=period.end)
        .filter(Q(active=True) | Q(last_reviewed_on__gte=period.start))
        .select_related("organization")
        .order_by("organization__path", "-level", "post", "pk")
    )
    reviews = defaultdict(list)
    for review in RiskReview.objects.filter(risk__in=risks, reviewed_on__range=(period.start, period.end)).order_by(
        "reviewed_on", "pk"
    ):
        reviews[review.risk_id].append(review)
    rows = [
        [
            risk.post,
            risk.process or "—",
            risk.description,
            risk.get_level_display(),
            risk.controls,
            risk.owner,
            "；".join(
                f"{cn_date(review.reviewed_on)}{review.reviewer}：{review.finding}（{review.get_level_display()}）"
                for review in reviews[risk.pk]
            )
            or "本年未复查",
        ]
        for risk in risks
    ]
    document = LedgerDocument("廉政风险防控台账", str(organization), period_label(period))
    document.sections.append(
        Section(
            paragraphs=["岗位廉政风险点、防控措施、责任人和本年复查情况。"],
            table=Table(
                ["岗位", "业务流程", "风险点", "风险等级", "防控措施", "责任人", "本年复查"],
                rows,
                [12, 12, 30, 8, 30, 10, 40],
            ),
        )
    )
    return document
