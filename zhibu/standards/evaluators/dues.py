"""党费 rules (FEE-*), judged on today's state of the current year's assessments and payments, for every branch in
a few queries; FEE-09 (the yearly publication) per year."""

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from zhibu.dues import amounts
from zhibu.dues.models import Assessment, Category, Payment
from zhibu.dues.services import arrears
from zhibu.members.models import Category as MemberCategory
from zhibu.members.models import Member
from zhibu.standards.engine import Context, link, url_for
from zhibu.standards.evaluators.organization import people_missed, snapshot
from zhibu.standards.models import VerdictStatus

MET, MISSED, NA = VerdictStatus.MET, VerdictStatus.MISSED, VerdictStatus.NOT_APPLICABLE
FAMILIES = {
    "FEE-01": (Category.SALARIED, Category.ANNUAL_SALARY),
    "FEE-02": (Category.RETIRED,),
    "FEE-03": (Category.LOW_INCOME, Category.FARMER),
}


def _assessments(ctx: Context) -> list:
    if "dues" not in ctx.cache:
        rows = Assessment.objects.filter(year=timezone.localdate().year)
        if ctx.organization_ids is not None:
            rows = rows.filter(organization_id__in=ctx.organization_ids)
        ctx.cache["dues"] = list(
            rows.values_list(
                "organization_id",
                "member_id",
                "member__name",
                "member__category",
                "member__joined_on",
                "category",
                "base",
                "monthly_amount",
                "starts_on",
                "branch_decision",
                "higher_approval",
            )
        )
    return ctx.cache["dues"]


def _people_link(pk: int, name: str) -> dict:
    return link("dues:assess", pk, name)


def _judge(found: dict, present: set, ok_text: str, problem: str, none_text: str):
    def judge(org, params):
        if org.id not in present:
            return NA, none_text, []
        people = found.get(org.id, [])
        if not people:
            return MET, ok_text, []
        return people_missed(people, problem, "dues:assess")

    return judge


def dues_amounts(rule, ctx: Context):
    """FEE-01/02/03: every assessment of the rule's categories carries the amount the brackets give."""
    family = FAMILIES[rule.id]
    found, present = defaultdict(list), set()
    for org, pk, name, _, _, category, base, amount, *_ in _assessments(ctx):
        if category not in family:
            continue
        present.add(org)
        if category == Category.FARMER:
            right = Decimal("0.2") <= amount <= Decimal(1)
        else:
            right = amounts.monthly_dues(category, base) == amount
        if not right:
            found[org].append((pk, name, f"核定{amount}元"))
    labels = "、".join(Category(c).label for c in family)
    yield from snapshot(
        rule,
        ctx,
        _judge(
            found,
            present,
            f"{labels}党员的党费均按规定标准核定",
            "核定金额与规定标准不符",
            f"本支部没有{labels}党员的核定",
        ),
    )


def dues_probation_start(rule, ctx: Context):
    """FEE-04: a probationary member owes from the day the general meeting admitted them."""
    found, present = defaultdict(list), set()
    for org, pk, name, member_category, joined_on, _, _, _, starts_on, *_ in _assessments(ctx):
        if member_category != MemberCategory.PROBATIONARY:
            continue
        present.add(org)
        expected = max(starts_on.replace(month=1, day=1), joined_on)
        if starts_on != expected:
            found[org].append((pk, name, f"应自{expected:%Y年%m月%d日}起缴"))
    yield from snapshot(
        rule, ctx, _judge(found, present, "预备党员均自支部大会通过之日起缴纳", "起缴日期不对", "本支部没有预备党员")
    )


def dues_assessed(rule, ctx: Context):
    """FEE-05: every member on the roll has this year's category and base."""
    assessed = {member for _, member, *_ in _assessments(ctx)}
    members = Member.objects.current()
    if ctx.organization_ids is not None:
        members = members.filter(organization_id__in=ctx.organization_ids)
    found, present = defaultdict(list), set()
    for org, pk, name in members.values_list("organization_id", "pk", "name"):
        present.add(org)
        if pk not in assessed:
            found[org].append((pk, name, ""))
    year = timezone.localdate().year
    yield from snapshot(
        rule,
        ctx,
        _judge(found, present, f"全体党员均已核定{year}年党费", f"尚未核定{year}年党费", "本支部没有在册党员"),
    )


def dues_back_payment(rule, ctx: Context):
    """FEE-06: back-payments this year covering more than six months."""
    months = int(rule.threshold.get("months", 6))
    payments = Payment.objects.filter(
        kind=Payment.Kind.BACK, paid_on__year=timezone.localdate().year, reversed_by__isnull=True
    )
    if ctx.organization_ids is not None:
        payments = payments.filter(organization_id__in=ctx.organization_ids)
    found = defaultdict(list)
    for org, pk, name, month, paid_on in payments.values_list(
        "organization_id", "member_id", "member__name", "month", "paid_on"
    ):
        late = (paid_on.year - month.year) * 12 + paid_on.month - month.month
        if late > months:
            found[org].append((pk, name, f"{paid_on:%m月}补交{month:%Y年%m月}"))
    present = {org for org, *_ in _assessments(ctx)}
    yield from snapshot(
        rule,
        ctx,
        _judge(found, present, f"本年补交均未超过{months}个月", f"补交超过{months}个月", "本支部尚未核定党费"),
    )


def dues_arrears(rule, ctx: Context):
    """FEE-07: nobody six months behind; those three to five months behind are named as a warning."""
    warn, alert = int(rule.threshold["warn"]), int(rule.threshold["alert"])
    rows = _assessments(ctx)
    behind = arrears({member for _, member, *_ in rows})
    names = {member: (org, name) for org, member, name, *_ in rows}
    alerts, warnings, present = defaultdict(list), defaultdict(list), {org for org, *_ in rows}
    for member, months in behind.items():
        org, name = names[member]
        if months >= alert:
            alerts[org].append((member, name, f"{months}个月"))
        elif months >= warn:
            warnings[org].append((member, name, f"{months}个月"))

    def judge(org, params):
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


def dues_reduction(rule, ctx: Context):
    """FEE-10: each reduction or exemption records the branch decision and the higher approval."""
    found, present = defaultdict(list), set()
    for org, pk, name, _, _, category, _, _, _, decision, approval in _assessments(ctx):
        if category != Category.HARDSHIP:
            continue
        present.add(org)
        if not decision or not approval:
            found[org].append((pk, name, "缺支部决定或上级批准"))
    yield from snapshot(
        rule, ctx, _judge(found, present, "减免均经支部研究并报上级批准", "减免手续不全", "本支部没有减免党费的党员")
    )


def dues_remittance(rule, ctx: Context):
    """FEE-08: each one-off voluntary payment of 1000 yuan or more this year is recorded as remitted to the Centre."""
    threshold = Decimal(str(rule.threshold.get("at_least", 1000)))
    payments = Payment.objects.filter(
        kind=Payment.Kind.VOLUNTARY, amount__gte=threshold, paid_on__year=timezone.localdate().year
    )
    if ctx.organization_ids is not None:
        payments = payments.filter(organization_id__in=ctx.organization_ids)
    found, present = defaultdict(list), set()
    for org, pk, name, amount, remitted_on in payments.values_list(
        "organization_id", "member_id", "member__name", "amount", "remitted_on"
    ):
        present.add(org)
        if remitted_on is None:
            found[org].append((pk, name, f"{amount}元"))
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


def dues_publication(rule, ctx: Context):
    """FEE-09: the branch published its year's dues collection to its members."""
    from zhibu.dues.models import Publication
    from zhibu.standards.engine import judge_count

    orgs = ctx.organizations(rule)
    published = defaultdict(dict)
    rows = Publication.objects.filter(organization_id__in=[org.id for org in orgs], year=ctx.year)
    for org_id, year, day in rows.values_list("organization_id", "year", "published_on"):
        published[org_id][year] = day
    totals = url_for("dues:totals")
    for org in orgs:
        params = ctx.params(rule, org)
        for period in ctx.periods("year"):
            day = published[org.id].get(period.start.year)
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
