"""党费 rules (FEE-*), judged on today's state (现状) of each member's standing assessment and this year's payments, for
every branch in a few queries; FEE-09 (the yearly publication) per year.

Nobody can have assessed a year before it begins. During its first months (FEE-05's ``grace_months``) a member not
yet assessed for this year is judged on last year's assessment, and FEE-05 is 进行中 rather than 未达标; so nothing
flips to 未达标 or vanishes at midnight on 1 January."""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from zhibu.core.derived import Topic
from zhibu.core.formatting import cn_date
from zhibu.dues import amounts
from zhibu.dues.models import Assessment, Category, Payment
from zhibu.dues.services import arrears
from zhibu.members.choices import Category as MemberCategory
from zhibu.members.choices import JobPosition, RecordStatus
from zhibu.members.models import Member
from zhibu.members.validation import add_months
from zhibu.standards.catalogue import Rule, by_id
from zhibu.standards.engine import Context, Org, Outcome, link, url_for
from zhibu.standards.evaluators.organization import Judge, Judgement, people_missed, snapshot
from zhibu.standards.models import VerdictStatus
from zhibu.standards.registry import evaluator

MET, MISSED, NA, IN_PROGRESS = (
    VerdictStatus.MET,
    VerdictStatus.MISSED,
    VerdictStatus.NOT_APPLICABLE,
    VerdictStatus.IN_PROGRESS,
)
FAMILIES = {
    "FEE-01": (Category.SALARIED, Category.ANNUAL_SALARY),
    "FEE-02": (Category.RETIRED,),
    "FEE-03": (Category.LOW_INCOME, Category.FARMER),
}
# What the member record says a member is, for the rule whose categories fit them, and the categories that plainly
# contradict it. A serving member at 0.2 yuan is not flagged: 下岗失业 or 低保 do not show in the 工作岗位.
RECORD_LABELS = {"FEE-01": "在职", "FEE-02": "离退休", "FEE-03": "学生"}
CONTRADICTIONS = {
    "FEE-01": (Category.RETIRED,),
    "FEE-02": (Category.SALARIED, Category.ANNUAL_SALARY),
    "FEE-03": (Category.SALARIED, Category.ANNUAL_SALARY, Category.RETIRED),
}
EMPLOYED = frozenset(
    {
        JobPosition.CIVIL_SERVANT,
        JobPosition.INSTITUTION_MANAGER,
        JobPosition.PROFESSIONAL,
        JobPosition.SKILLED_WORKER,
        JobPosition.ENTERPRISE,
    }
)
YEAR_START_RULE = "FEE-05"  # its grace_months set how long the start of a year is judged leniently


@dataclass(frozen=True, slots=True)
class Standing:
    """A member's assessment that stands today, with what the member record says of them."""

    organization_id: int
    member_id: int
    name: str
    member_category: str
    joined_on: datetime.date
    job_position: str
    retired: bool
    active: bool
    year: int
    category: str
    base: Decimal | None
    amount: Decimal
    starts_on: datetime.date
    branch_decision: str
    higher_approval: str

    @property
    def record_rule(self) -> str | None:
        """The FEE rule whose categories the member record points to; None when the record does not say."""
        if self.retired or self.job_position == JobPosition.RETIRED:
            return "FEE-02"
        if self.job_position == JobPosition.STUDENT:
            return "FEE-03"
        return "FEE-01" if self.job_position in EMPLOYED else None

    def of_year(self, today: datetime.date) -> str:
        return "" if self.year == today.year else f"（{self.year}年核定）"


def year_start_ends(ctx: Context, org: Org) -> datetime.date:
    """The last day of the organisation's start-of-year period (FEE-05's grace_months, a 工委 may change it)."""
    months = int(ctx.params(by_id()[YEAR_START_RULE], org).get("grace_months", 0))
    return add_months(datetime.date(ctx.today.year, 1, 1), months) - datetime.timedelta(days=1)


def _standing(ctx: Context) -> dict[int, list[Standing]]:
    """Organisation → the assessments standing today: this year's, and during the organisation's start-of-year period
    last year's for members on the roll not yet assessed this year."""
    if "dues" in ctx.cache:
        cached: dict[int, list[Standing]] = ctx.cache["dues"]
        return cached
    year = ctx.today.year
    lenient = {org.id for org in ctx.orgs if ctx.today <= year_start_ends(ctx, org)}
    # A restricted record (an erasure request) leaves the rules as it leaves every other view.
    rows = Assessment.objects.filter(
        year__in=(year, year - 1) if lenient else (year,), member__restricted_at__isnull=True
    )
    if ctx.organization_ids is not None:
        rows = rows.filter(organization_id__in=ctx.organization_ids)
    found = [
        Standing(*row[:7], row[7] == RecordStatus.ACTIVE, *row[8:])
        for row in rows.values_list(
            "organization_id",
            "member_id",
            "member__name",
            "member__category",
            "member__joined_on",
            "member__job_position",
            "member__is_retired",
            "member__record_status",
            "year",
            "category",
            "base",
            "monthly_amount",
            "starts_on",
            "branch_decision",
            "higher_approval",
        ).order_by("member__name", "member_id")
    ]
    assessed = {row.member_id for row in found if row.year == year}
    standing: defaultdict[int, list[Standing]] = defaultdict(list)
    for row in found:
        if row.year == year or (row.active and row.member_id not in assessed and row.organization_id in lenient):
            standing[row.organization_id].append(row)
    ctx.cache["dues"] = standing
    return standing


def _people_link(pk: int, name: str) -> dict[str, str]:
    return link("dues:assess", pk, name)


def _judge(
    found: dict[int, list[tuple[int, str, str]]], present: set[int], ok_text: str, problem: str, none_text: str
) -> Judge:
    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        if org.id not in present:
            return NA, none_text, []
        people = found.get(org.id, [])
        if not people:
            return MET, ok_text, []
        return people_missed(people, problem, "dues:assess")

    return judge


def _amount_problem(row: Standing) -> str:
    """Why the stored monthly amount is not what the national brackets give for the category and base, or ""."""
    if row.category == Category.FARMER:
        ok = Decimal("0.2") <= row.amount <= Decimal(1)
        return "" if ok else f"核定{row.amount}元，农民党员应为0.2至1元"
    expected = amounts.monthly_dues(row.category, row.base)
    if expected == row.amount:
        return ""
    base = f"基数{row.base}元，" if row.base is not None else ""
    return f"{base}核定{row.amount}元，应为{expected}元"


@evaluator("dues_amounts", topics=(Topic.DUES, Topic.MEMBERS), snapshot=True)
def dues_amounts(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """FEE-01/02/03: each standing assessment of the rule's categories carries the amount the brackets give, and a
    member whose record fits the rule (在职, 离退休 or 学生) is not assessed in a category that contradicts it."""
    family = FAMILIES[rule.id]
    found, present = defaultdict(list), set()
    for org, rows in _standing(ctx).items():
        for row in rows:
            if row.category == Category.HARDSHIP:  # a reduction follows its approval (FEE-10), not the brackets
                continue
            problem = ""
            if row.category in family:
                present.add(org)
                problem = _amount_problem(row)
            elif row.record_rule == rule.id:
                present.add(org)
                if row.category in CONTRADICTIONS[rule.id]:
                    problem = f"党员信息为{RECORD_LABELS[rule.id]}，却按“{Category(row.category).label}”核定"
            if problem:
                found[org].append((row.member_id, row.name, problem + row.of_year(ctx.today)))
    labels = "、".join(Category(c).label for c in family)
    yield from snapshot(
        rule,
        ctx,
        _judge(
            found,
            present,
            f"{labels}党员的党费均按规定标准核定",
            "核定与规定标准不符",
            f"本支部没有{labels}党员的核定",
        ),
    )


@evaluator("dues_probation_start", topics=(Topic.DUES, Topic.MEMBERS), snapshot=True)
def dues_probation_start(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """FEE-04: dues start on the day the general meeting admitted the member, or on 1 January of the assessed year."""
    found, present = defaultdict(list), set()
    for org, rows in _standing(ctx).items():
        for row in rows:
            year_start = datetime.date(row.year, 1, 1)
            if row.member_category != MemberCategory.PROBATIONARY and row.joined_on < year_start:
                continue
            present.add(org)
            expected = max(year_start, row.joined_on)
            if row.starts_on == expected:
                continue
            if row.starts_on < row.joined_on:
                detail = f"起缴日期{cn_date(row.starts_on)}早于入党日期{cn_date(row.joined_on)}"
            else:
                detail = f"起缴日期{cn_date(row.starts_on)}，应自{cn_date(expected)}起缴"
            found[org].append((row.member_id, row.name, detail + row.of_year(ctx.today)))
    yield from snapshot(
        rule,
        ctx,
        _judge(
            found,
            present,
            "预备党员均自支部大会通过之日起缴纳",
            "起缴日期与入党日期不符，请重新核定",
            "本支部没有预备党员或本年入党的党员",
        ),
    )


@evaluator("dues_assessed", topics=(Topic.DUES, Topic.MEMBERS), snapshot=True)
def dues_assessed(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """FEE-05: every member on the roll has this year's category and base; until the start-of-year period ends, those
    not yet assessed leave it in progress."""
    year = ctx.today.year
    assessed = {row.member_id for rows in _standing(ctx).values() for row in rows if row.year == year}
    members = Member.objects.current()
    if ctx.organization_ids is not None:
        members = members.filter(organization_id__in=ctx.organization_ids)
    found, present = defaultdict(list), set()
    for org, pk, name in members.order_by("name", "pk").values_list("organization_id", "pk", "name"):
        present.add(org)
        if pk not in assessed:
            found[org].append((pk, name, ""))

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        if org.id not in present:
            return NA, "本支部没有在册党员", []
        people = found.get(org.id, [])
        if not people:
            return MET, f"全体党员均已核定{year}年党费", []
        status, text, evidence = people_missed(people, f"尚未核定{year}年党费", "dues:assess")
        ends = year_start_ends(ctx, org)
        if ctx.today <= ends:
            days = (ends - ctx.today).days + 1
            return IN_PROGRESS, f"{text}；年初核定期至{cn_date(ends)}，还有{days}天", evidence
        return status, text, evidence

    yield from snapshot(rule, ctx, judge)


def _present(ctx: Context) -> set[int]:
    return {org for org, rows in _standing(ctx).items() if rows}


@evaluator("dues_back_payment", topics=(Topic.DUES,), snapshot=True)
def dues_back_payment(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """FEE-06: back-payments this year covering more than six months."""
    months = int(rule.threshold.get("months", 6))
    payments = Payment.objects.filter(
        kind=Payment.Kind.BACK,
        paid_on__year=ctx.today.year,
        reversed_by__isnull=True,
        member__restricted_at__isnull=True,
    )
    if ctx.organization_ids is not None:
        payments = payments.filter(organization_id__in=ctx.organization_ids)
    found = defaultdict(list)
    for org, pk, name, month, paid_on in payments.values_list(
        "organization_id", "member_id", "member__name", "month", "paid_on"
    ):
        late = (paid_on.year - month.year) * 12 + paid_on.month - month.month
        if late > months:
            found[org].append((pk, name, f"{paid_on.month}月补交{month.year}年{month.month}月"))
    yield from snapshot(
        rule,
        ctx,
        _judge(found, _present(ctx), f"本年补交均未超过{months}个月", f"补交超过{months}个月", "本支部尚未核定党费"),
    )


@evaluator("dues_arrears", topics=(Topic.DUES, Topic.MEMBERS), snapshot=True)
def dues_arrears(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """FEE-07: nobody six months behind; those three to five months behind are named as a warning. Counted back from
    last month across the year boundary, over the members whose assessment stands."""
    warn, alert = int(rule.threshold["warn"]), int(rule.threshold["alert"])
    names = {row.member_id: (org, row.name) for org, rows in _standing(ctx).items() for row in rows}
    behind = arrears(names, ctx.today)
    alerts, warnings = defaultdict(list), defaultdict(list)
    for member, months in behind.items():
        org, name = names[member]
        if months >= alert:
            alerts[org].append((member, name, f"{months}个月"))
        elif months >= warn:
            warnings[org].append((member, name, f"{months}个月"))
    present = _present(ctx)

    def judge(org: Org, params: dict[str, Any]) -> Judgement:
        if org.id not in present:
            return NA, "本支部尚未核定党费", []
        late = alerts.get(org.id, [])
        warned = warnings.get(org.id, [])
        note = (
            f"；连续{warn}个月以上未缴（预警）：" + "、".join(f"{n}（{d}）" for _, n, d in warned[:5]) if warned else ""
        )
        if late:
            text = "连续6个月以上未缴党费：" + "、".join(f"{n}（{d}）" for _, n, d in late[:5])
            return MISSED, text + note, [_people_link(pk, n) for pk, n, _ in (late + warned)[:5]]
        return MET, f"没有连续{alert}个月未缴党费的党员{note}", [_people_link(pk, n) for pk, n, _ in warned[:5]]

    yield from snapshot(rule, ctx, judge)


@evaluator("dues_reduction", topics=(Topic.DUES,), snapshot=True)
def dues_reduction(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """FEE-10: each standing reduction or exemption records the branch decision and the higher approval."""
    found, present = defaultdict(list), set()
    for org, rows in _standing(ctx).items():
        for row in rows:
            if row.category != Category.HARDSHIP:
                continue
            present.add(org)
            if not row.branch_decision or not row.higher_approval:
                found[org].append((row.member_id, row.name, "缺支部决定或上级批准" + row.of_year(ctx.today)))
    yield from snapshot(
        rule, ctx, _judge(found, present, "减免均经支部研究并报上级批准", "减免手续不全", "本支部没有减免党费的党员")
    )


@evaluator("dues_remittance", topics=(Topic.DUES,), snapshot=True)
def dues_remittance(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """FEE-08: each one-off voluntary payment of 1000 yuan or more is recorded as remitted to the Centre. One not yet
    remitted stays outstanding whatever year it was paid in; those remitted count for the year they were paid."""
    threshold = Decimal(str(rule.threshold.get("at_least", 1000)))
    payments = Payment.objects.filter(kind=Payment.Kind.VOLUNTARY, amount__gte=threshold).filter(
        Q(paid_on__year=ctx.today.year) | Q(remitted_on__isnull=True)
    )
    if ctx.organization_ids is not None:
        payments = payments.filter(organization_id__in=ctx.organization_ids)
    found, present = defaultdict(list), set()
    for org, pk, name, amount, paid_on, remitted_on in payments.values_list(
        "organization_id", "member_id", "member__name", "amount", "paid_on", "remitted_on"
    ):
        present.add(org)
        if remitted_on is None:
            found[org].append((pk, name, f"{cn_date(paid_on)}交纳{amount}元"))
    yield from snapshot(
        rule,
        ctx,
        _judge(
            found,
            present,
            "自愿多交1000元以上的党费均已上缴中央",
            "尚未登记上缴中央",
            "本年没有一次性自愿多交1000元以上的党费",
        ),
    )


@evaluator("dues_publication", topics=(Topic.DUES,))
def dues_publication(rule: Rule, ctx: Context) -> Iterator[Outcome]:
    """FEE-09: the branch published its year's dues collection to its members — recorded on the dues totals page
    (a ``Publication``) or as a published 党费收缴情况公开 notice of that year (the notices app), withdrawn ones not;
    ``zhibu/dues/publications.py`` finds both, for the totals page too."""
    from zhibu.dues.publications import published
    from zhibu.standards.engine import judge_count

    orgs = ctx.organizations(rule)
    found = published([org.id for org in orgs], ctx.year)
    totals = url_for("dues:totals")
    for org in orgs:
        params = ctx.params(rule, org)
        for period in ctx.periods("year"):
            publication = found.get(org.id)
            day = publication.day if publication is not None and publication.year == period.start.year else None
            evidence = [{"label": "党费统计", "url": f"{totals}?organization={org.id}&year={period.start.year}"}]
            yield judge_count(
                ctx,
                rule,
                org,
                period,
                count=1 if day else 0,
                needed=1,
                noun="党费收缴情况公示",
                verb="进行",
                evidence=evidence,
                applied=params,
            )
