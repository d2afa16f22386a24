"""Writes for 党费: the yearly assessment and the payments. Each takes the acting user, runs in one transaction and
writes its audit event. A payment is recorded once whatever happens to the request (double click, retry, two tabs):
the client sends an idempotency key, and the same key returns the payment already recorded."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.formatting import yuan
from zhibu.core.notify import task_done
from zhibu.core.scoping import CHANGE, require
from zhibu.core.services import Conflict
from zhibu.dues import amounts
from zhibu.dues.models import Assessment, Category, Payment, Publication
from zhibu.members.models import Member
from zhibu.members.validation import add_months
from zhibu.organizations.models import BRANCH_KINDS

BACK_PAYMENT_MONTHS = 6  # FEE-06: back-payment normally covers at most six months
PREPAY_MONTHS = 6
PLAUSIBLE_MONTHS = 12  # a single payment above twelve months' dues is refused as implausible
CENTRE_THRESHOLD = Decimal(1000)  # FEE-08
MONEY_MAX = Decimal("9999999.99")  # a monthly base or a payment; the columns hold up to 99,999,999.99


def parse_money(value, field: str, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{label}“{value}”不是数字，请填写如 5400 或 5400.50"}) from None
    if not number.is_finite():
        raise ValidationError({field: f"{label}不是有效的数字"})
    if number < 0:
        raise ValidationError({field: f"{label}不能为负数"})
    # Before quantize, which fails on numbers beyond the context's precision (1e30); the bound also keeps the amount
    # that follows (2% of the base) inside its column.
    if number > MONEY_MAX:
        raise ValidationError({field: f"{label}超过上限{MONEY_MAX}元，请核对是否多输了位数"})
    if number != number.quantize(amounts.FEN):
        raise ValidationError({field: f"{label}最多保留两位小数（到分）"})
    # 1E+5 and -0 are numbers too; store them as the yuan-and-fen a reader expects.
    return abs(number).quantize(amounts.FEN)


def _starts_on(member: Member, year: int) -> datetime.date:
    """Dues are owed from the day the general meeting admitted the member (FEE-04), or from the start of the year."""
    return max(datetime.date(year, 1, 1), member.joined_on)


@transaction.atomic
def set_assessment(
    *,
    actor,
    member: Member,
    year: int,
    category: str,
    base=None,
    fixed=None,
    branch_decision: str = "",
    higher_approval: str = "",
    create_only: bool = False,
) -> Assessment:
    """Sets the year's assessment, replacing the one there is; ``create_only`` refuses to replace it (Conflict)."""
    require(actor, CHANGE, member)
    this_year = timezone.localdate().year
    if not this_year - 5 <= year <= this_year + 1:
        raise ValidationError({"year": f"年度应在{this_year - 5}至{this_year + 1}之间"})
    if category not in Category.values:
        raise ValidationError({"category": "请选择缴费类别"})
    if member.joined_on.year > year:
        raise ValidationError({"year": f"{member.name}于{member.joined_on:%Y年%m月%d日}入党，{year}年不需缴纳党费"})
    base_value = fixed_value = None
    if category in (Category.SALARIED, Category.RETIRED, Category.ANNUAL_SALARY):
        if base in (None, ""):
            raise ValidationError({"base": "请填写计算基数（每月税后固定收入或离退休费，单位元）"})
        base_value = parse_money(base, "base", "计算基数")
    if category == Category.FARMER:
        fixed_value = parse_money(fixed if fixed not in (None, "") else "0.2", "fixed", "月缴金额")
        if not Decimal("0.2") <= fixed_value <= Decimal(1):
            raise ValidationError({"fixed": "农民党员每月缴纳0.2元至1元"})
    if category == Category.HARDSHIP:
        fixed_value = parse_money(fixed if fixed not in (None, "") else "0", "fixed", "减免后月缴金额")
        if len((branch_decision or "").strip()) < 4 or len((higher_approval or "").strip()) < 4:
            raise ValidationError({"branch_decision": "困难减免须写明支部研究决定和上级党委批准"})
    monthly = amounts.monthly_dues(category, base_value, fixed=fixed_value)
    existing = Assessment.objects.select_for_update().filter(member=member, year=year).first()
    if existing is not None and create_only:
        raise Conflict(f"{member.name}{year}年的党费已核定，如需调整请修改该记录", existing=existing)
    before = audit.snapshot(existing) if existing else None
    assessment = existing or Assessment(member=member, year=year)
    assessment.organization = member.organization
    assessment.category, assessment.base, assessment.monthly_amount = category, base_value, monthly
    assessment.starts_on = _starts_on(member, year)
    assessment.branch_decision = (branch_decision or "").strip()[:200]
    assessment.higher_approval = (higher_approval or "").strip()[:200]
    assessment.set_by = audit.actor_user(actor)
    assessment.save()
    audit.record(
        actor=actor, event=Event.DUES_ASSESSED, obj=assessment, before=before, after=audit.snapshot(assessment)
    )
    records_changed(organization=assessment.organization, topic=Topic.DUES)
    return assessment


def _month(value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    try:
        return datetime.date.fromisoformat(f"{str(value).strip()[:7]}-01")
    except ValueError:
        raise ValidationError({"month": f"月份“{value}”格式不对，请写成如 2026-03"}) from None


def record_payment(
    *,
    actor,
    member: Member,
    month,
    method: str,
    key: str,
    amount=None,
    voluntary: bool = False,
    paid_on: datetime.date | None = None,
    note: str = "",
) -> tuple[Payment, bool]:
    """Record one month's dues (or a voluntary extra payment). Returns (payment, created); the same ``key`` again
    returns the payment already recorded, created=False, and writes nothing."""
    require(actor, CHANGE, member)  # before anything, even a replay, is answered
    key = (key or "").strip()
    if not 8 <= len(key) <= 64:
        raise ValidationError({"key": "提交标识缺失或格式不对，请刷新页面后重新提交"})
    done = Payment.objects.filter(idempotency_key=key).first()
    if done is not None:
        return _same_payment(done, member), False
    try:
        with transaction.atomic():
            return _record(actor, member, _month(month), method, key, amount, voluntary, paid_on, note)
    except IntegrityError:
        # Two submissions of the same key raced: the other one won. Return what it recorded.
        done = Payment.objects.filter(idempotency_key=key).first()
        if done is None:
            raise
        return _same_payment(done, member), False


def _same_payment(payment: Payment, member: Member) -> Payment:
    if payment.member_id != member.pk:
        raise ValidationError({"key": "该提交标识已用于另一名党员的缴费，请刷新页面后重新提交"})
    return payment


def _record(actor, member, month, method, key, amount, voluntary, paid_on, note) -> tuple[Payment, bool]:
    member = Member.objects.select_for_update().get(pk=member.pk)  # one payment of a member at a time
    require(actor, CHANGE, member)
    done = Payment.objects.filter(idempotency_key=key).first()  # the same submission finished while we waited
    if done is not None:
        return _same_payment(done, member), False
    if method not in Payment.Method.values:
        raise ValidationError({"method": "请选择缴纳方式：现金、转账或委托代交"})
    today = timezone.localdate()
    paid_on = paid_on or today
    if paid_on > today:
        raise ValidationError({"paid_on": "缴纳日期不能晚于今天"})
    # Back-payment and prepayment are judged against the day the money was paid, which may be before today when a
    # branch enters its collection sheet later.
    this_month = paid_on.replace(day=1)
    if month > add_months(this_month, PREPAY_MONTHS):
        raise ValidationError({"month": f"预交最多{PREPAY_MONTHS}个月，{month:%Y年%m月}太远"})
    assessment = Assessment.objects.filter(member=member, year=month.year).first()
    if assessment is None:
        raise ValidationError({"month": f"尚未核定{member.name}{month.year}年的党费，请先核定缴费类别和基数"})
    if month < assessment.starts_on.replace(day=1):
        raise ValidationError(
            {"month": f"{member.name}自{assessment.starts_on:%Y年%m月%d日}起缴纳党费，{month:%Y年%m月}不需缴纳"}
        )
    due = assessment.monthly_amount
    flagged = ""
    if voluntary:
        kind = Payment.Kind.VOLUNTARY
        value = parse_money(amount, "amount", "金额") if amount not in (None, "") else Decimal(0)
        if value <= 0:
            raise ValidationError({"amount": "请填写自愿多交的金额"})
        if value >= CENTRE_THRESHOLD:
            flagged = "一次性自愿多交1000元以上，应全额上缴中央"
    else:
        kind = _monthly_kind(month, this_month)
        value = parse_money(amount, "amount", "金额") if amount not in (None, "") else due
        if due > 0 and value > due * PLAUSIBLE_MONTHS:
            raise ValidationError({"amount": f"金额{value}元超过12个月应缴（{due * PLAUSIBLE_MONTHS}元），请核对"})
        if value != due:
            raise ValidationError(
                {"amount": f"{month:%Y年%m月}应缴{due}元，登记金额为{value}元，请核对（自愿多交请另行登记）"}
            )
        paid = Payment.objects.filter(member=member, month=month).exclude(kind=Payment.Kind.VOLUNTARY)
        done = paid.filter(reversed_by__isnull=True).exclude(kind=Payment.Kind.REVERSAL).first()
        if done is not None:
            raise Conflict({"month": f"{member.name}{month:%Y年%m月}的党费已登记缴纳"}, existing=done)
        flagged = _late_flag(kind, month, this_month)
    payment = Payment.objects.create(
        member=member,
        organization=member.organization,
        month=month,
        amount=value,
        kind=kind,
        method=method,
        paid_on=paid_on,
        idempotency_key=key,
        note=(note or "").strip()[:200],
        flagged=flagged,
        recorded_by=audit.actor_user(actor),
    )
    audit.record(actor=actor, event=Event.DUES_PAYMENT_RECORDED, obj=payment, after=audit.snapshot(payment))
    if months_in_arrears(member) == 0:
        task_done(f"dues.arrears:{member.pk}")  # the reminders to pay have been answered
    records_changed(organization=payment.organization, topic=Topic.DUES)
    return payment, True


def _monthly_kind(month: datetime.date, this_month: datetime.date) -> Payment.Kind:
    """Back-payment or prepayment, judged against the month the money was paid in."""
    if month < this_month:
        return Payment.Kind.BACK
    return Payment.Kind.PREPAY if month > this_month else Payment.Kind.REGULAR


def _late_flag(kind: str, month: datetime.date, this_month: datetime.date) -> str:
    if kind == Payment.Kind.BACK and month < add_months(this_month, -BACK_PAYMENT_MONTHS):
        return f"补交超过{BACK_PAYMENT_MONTHS}个月"
    return ""


BATCH_KEY_LENGTH = (8, 48)  # room for ":<member id>" inside a payment's 64-character key


@dataclass
class MonthRecorded:
    """What one batch did: the payments it recorded, those an earlier submission of the same batch already recorded,
    and the members it passed over with the reason, by name."""

    month: datetime.date | None = None  # the month of a batch for one month; a file may hold several
    recorded: list[Payment] = field(default_factory=list)
    already: list[Payment] = field(default_factory=list)
    skipped: list[tuple[Member, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = []
        if self.recorded:
            total = sum((payment.amount for payment in self.recorded), Decimal(0))
            which = f"{self.month:%Y年%m月}" if self.month else ""
            parts.append(f"已登记{len(self.recorded)}人{which}党费，共{yuan(total)}")
        if self.already:
            parts.append(f"{len(self.already)}人此前已由本次提交登记，未重复记录")
        if self.skipped:
            parts.append("未登记：" + "；".join(reason for _, reason in self.skipped))
        return "。".join(parts) or "没有需要登记的党员"


@transaction.atomic
def record_month(
    *, actor, branch, month, members=None, method: str, paid_on: datetime.date | None = None, key: str
) -> MonthRecorded:
    """Record one month's dues for many members of a branch in one submission, each at the assessed amount, through
    the checks of ``record_payment`` one member at a time. A member whose own record refuses the payment (no
    assessment, already paid, not yet owing, reduced to nothing) is skipped and named with the reason: the secretary
    expects the others recorded. Anything that is wrong for the whole batch (the method, the date, the month, a
    member outside the branch or the actor's scope) refuses the batch, and nothing is written. Each member's payment
    gets the key ``<key>:<member id>``, so the same submission sent again records nobody twice. ``members=None`` is
    every current member of the branch who owes the month and has not paid it."""
    require(actor, CHANGE, branch)
    key = (key or "").strip()
    if not BATCH_KEY_LENGTH[0] <= len(key) <= BATCH_KEY_LENGTH[1]:
        raise ValidationError({"key": "提交标识缺失或格式不对，请刷新页面后重新提交"})
    if method not in Payment.Method.values:
        raise ValidationError({"method": "请选择缴纳方式：现金、转账或委托代交"})
    month = _month(month)
    today = timezone.localdate()
    if paid_on is not None and paid_on > today:
        raise ValidationError({"paid_on": "缴纳日期不能晚于今天"})
    if branch.kind not in BRANCH_KINDS:
        raise ValidationError({"organization": f"{branch}不是党支部，请在党支部的收缴表上登记"})
    if month > add_months((paid_on or today).replace(day=1), PREPAY_MONTHS):
        raise ValidationError({"month": f"预交最多{PREPAY_MONTHS}个月，{month:%Y年%m月}太远"})
    if members is None:
        members = _unpaid_members(actor, branch, month, key)
        if not members:
            raise ValidationError({"members": f"{branch}{month:%Y年%m月}没有需要登记的未缴党员"})
    members = list(dict.fromkeys(members))
    if not members:
        raise ValidationError({"members": "请至少选择一名党员"})
    strangers = [member.name for member in members if member.organization_id != branch.pk]
    if strangers:
        raise ValidationError({"members": f"{'、'.join(strangers)}不是{branch}的党员，本次没有登记任何缴费"})
    exempt = set(
        Assessment.objects.filter(member__in=members, year=month.year, monthly_amount=0).values_list(
            "member_id", flat=True
        )
    )
    outcome = MonthRecorded(month=month)
    for member in sorted(members, key=lambda member: member.name):
        if member.pk in exempt:
            outcome.skipped.append((member, f"{member.name}{month.year}年的党费已减免为0元，不需登记缴纳"))
            continue
        try:
            payment, created = record_payment(
                actor=actor, member=member, month=month, method=method, key=f"{key}:{member.pk}", paid_on=paid_on
            )
        except Conflict as refusal:
            outcome.skipped.append((member, _reason(refusal)))
            continue
        except ValidationError as refusal:
            if set(refusal.message_dict) != {"month"}:
                raise  # not about this member's month: wrong for the whole batch
            outcome.skipped.append((member, _reason(refusal)))
            continue
        (outcome.recorded if created else outcome.already).append(payment)
    return outcome


def _unpaid_members(actor, branch, month: datetime.date, key: str) -> list[Member]:
    """ "All unpaid": the branch's current members who owe the month and have not paid it, except that the members this
    batch itself recorded stay in, so the same submission sent again answers "already recorded" for them."""
    paid_elsewhere = (
        Payment.objects.filter(member__organization=branch, month=month, reversed_by__isnull=True)
        .exclude(kind__in=[Payment.Kind.VOLUNTARY, Payment.Kind.REVERSAL])
        .exclude(idempotency_key__startswith=f"{key}:")
        .values("member_id")
    )
    owing = Assessment.objects.filter(year=month.year, monthly_amount__gt=0, starts_on__lt=add_months(month, 1))
    return list(
        Member.objects.visible_to(actor, CHANGE)
        .current()
        .filter(organization=branch, id__in=owing.values("member_id"))
        .exclude(id__in=paid_elsewhere)
    )


def _reason(refusal: ValidationError) -> str:
    return "；".join(refusal.messages)


class ImportRefused(ValidationError):
    """An imported file refused as a whole: ``problems`` maps each refused row's number to its reasons."""

    def __init__(self, problems: dict[int, list[str]]):
        self.problems = problems
        rows = "；".join(f"第{number}行：{'，'.join(reasons)}" for number, reasons in sorted(problems.items()))
        super().__init__(f"{len(problems)}行有问题，没有登记任何缴费。{rows}")


@transaction.atomic
def record_import(
    *, actor, branch, rows: list[tuple[int, Member, datetime.date, Decimal]], method: str, paid_on, key: str
) -> MonthRecorded:
    """The rows of a payroll-deduction or bank file, (row number, member, month, amount), each through the checks of
    ``record_payment``: all recorded, or none if any row is refused (ImportRefused names every refused row). The
    payment of row n gets the key ``<key>:<n>``, so confirming the same preview twice records it once."""
    require(actor, CHANGE, branch)
    key = (key or "").strip()
    if not BATCH_KEY_LENGTH[0] <= len(key) <= BATCH_KEY_LENGTH[1]:
        raise ValidationError({"key": "提交标识缺失或格式不对，请重新上传文件"})
    if not rows:
        raise ValidationError("文件中没有可登记的行")
    outcome = MonthRecorded()
    problems: dict[int, list[str]] = {}
    for number, member, month, amount in rows:
        if member.organization_id != branch.pk:
            problems[number] = [f"{member.name}不是{branch}的党员"]
            continue
        try:
            payment, created = record_payment(
                actor=actor,
                member=member,
                month=month,
                method=method,
                key=f"{key}:{number}",
                amount=amount,
                paid_on=paid_on,
                note="导入代扣/银行文件",
            )
        except ValidationError as refusal:
            problems[number] = refusal.messages
            continue
        (outcome.recorded if created else outcome.already).append(payment)
    if problems:
        raise ImportRefused(problems)  # the transaction rolls back the rows already written
    return outcome


@transaction.atomic
def load_payments(*, actor, rows: list[tuple[Member, datetime.date, str, str, datetime.date]]) -> int:
    """A bulk load of regular monthly dues: rows of (member, month, method, key, paid_on), each the month's assessed
    amount. The checks of ``record_payment`` for each row, made with a few queries for all of them, and one audit row
    per payment appended in one go; a single refused row refuses the whole load. For loading a collection sheet's
    history (the demo's year), where one service call per payment would cost a dozen queries each."""
    if not rows:
        return 0
    today = timezone.localdate()
    member_ids = {member.pk for member, *_ in rows}
    allowed = set(Member.objects.visible_to(actor, CHANGE).filter(pk__in=member_ids).values_list("pk", flat=True))
    if allowed != member_ids:
        raise ValidationError("部分党员不在您的权限范围内，本次没有登记任何缴费")
    assessments = {(a.member_id, a.year): a for a in Assessment.objects.filter(member_id__in=member_ids)}
    paid = set(
        Payment.objects.filter(member_id__in=member_ids, reversed_by__isnull=True)
        .exclude(kind__in=[Payment.Kind.VOLUNTARY, Payment.Kind.REVERSAL])
        .values_list("member_id", "month")
    )
    keys = [key for _, _, _, key, _ in rows]
    if len(set(keys)) != len(keys) or Payment.objects.filter(idempotency_key__in=keys).exists():
        raise ValidationError({"key": "提交标识重复，本次没有登记任何缴费"})
    payments = []
    for member, month, method, key, paid_on in rows:
        month, paid_on = _month(month), paid_on or today
        if method not in Payment.Method.values:
            raise ValidationError({"method": "请选择缴纳方式：现金、转账或委托代交"})
        if paid_on > today:
            raise ValidationError({"paid_on": "缴纳日期不能晚于今天"})
        this_month = paid_on.replace(day=1)
        if month > add_months(this_month, PREPAY_MONTHS):
            raise ValidationError({"month": f"预交最多{PREPAY_MONTHS}个月，{month:%Y年%m月}太远"})
        assessment = assessments.get((member.pk, month.year))
        if assessment is None:
            raise ValidationError({"month": f"尚未核定{member.name}{month.year}年的党费，请先核定缴费类别和基数"})
        if month < assessment.starts_on.replace(day=1):
            raise ValidationError({"month": f"{member.name}自{assessment.starts_on:%Y年%m月%d日}起缴纳党费"})
        if assessment.monthly_amount <= 0:
            raise ValidationError({"month": f"{member.name}{month.year}年的党费已减免为0元，不需登记缴纳"})
        if (member.pk, month) in paid:
            raise ValidationError({"month": f"{member.name}{month:%Y年%m月}的党费已登记缴纳"})
        paid.add((member.pk, month))
        kind = _monthly_kind(month, this_month)
        payments.append(
            Payment(
                member=member,
                organization=member.organization,
                month=month,
                amount=assessment.monthly_amount,
                kind=kind,
                method=method,
                paid_on=paid_on,
                idempotency_key=key,
                flagged=_late_flag(kind, month, this_month),
                recorded_by=audit.actor_user(actor),
            )
        )
    Payment.objects.bulk_create(payments, batch_size=500)
    audit.record_many(
        [
            audit.build(actor=actor, event=Event.DUES_PAYMENT_RECORDED, obj=payment, after=audit.snapshot(payment))
            for payment in payments
        ]
    )
    behind = arrears(member_ids, today)
    for member_id in sorted(member_ids - set(behind)):
        task_done(f"dues.arrears:{member_id}")
    organizations = {member.organization_id: member.organization for member, *_ in rows}
    records_changed(organizations=list(organizations.values()), topic=Topic.DUES)
    return len(payments)


@transaction.atomic
def reverse_payment(*, actor, payment: Payment, reason: str) -> Payment:
    """A correction: a reversing entry of the opposite amount; the original stays as it was."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    require(actor, CHANGE, payment)
    if payment.kind == Payment.Kind.REVERSAL:
        raise ValidationError("冲正记录不能再冲正")
    if Payment.objects.filter(reverses=payment).exists():
        raise ValidationError("该笔缴费已冲正")
    if len((reason or "").strip()) < 4:
        raise ValidationError({"reason": "请写明冲正原因（不少于4个字）"})
    reversal = Payment.objects.create(
        member=payment.member,
        organization=payment.organization,
        month=payment.month,
        amount=-payment.amount,
        kind=Payment.Kind.REVERSAL,
        method=payment.method,
        paid_on=timezone.localdate(),
        idempotency_key=f"reversal-{payment.pk}",
        reverses=payment,
        note=reason.strip()[:200],
        recorded_by=audit.actor_user(actor),
    )
    audit.record(actor=actor, event=Event.DUES_PAYMENT_REVERSED, obj=reversal, after=audit.snapshot(reversal))
    records_changed(organization=reversal.organization, topic=Topic.DUES)
    return reversal


def months_in_arrears(member: Member, today: datetime.date | None = None) -> int:
    """Consecutive months unpaid, counting back from last month (the current month is not yet late)."""
    return arrears([member.pk], today).get(member.pk, 0)


def arrears(member_ids, today: datetime.date | None = None) -> dict[int, int]:
    """Months unpaid in a row for many members at once (two queries): member id → months, for those behind."""
    today = today or timezone.localdate()
    member_ids = list(member_ids)
    paid = defaultdict(set)
    for member_id, month in (
        Payment.objects.filter(member_id__in=member_ids, reversed_by__isnull=True)
        .exclude(kind__in=[Payment.Kind.VOLUNTARY, Payment.Kind.REVERSAL])
        .values_list("member_id", "month")
    ):
        paid[member_id].add(month)
    assessed: defaultdict[Any, dict[Any, Any]] = defaultdict(dict)
    for member_id, year, starts_on, amount in Assessment.objects.filter(member_id__in=member_ids).values_list(
        "member_id", "year", "starts_on", "monthly_amount"
    ):
        assessed[member_id][year] = (starts_on.replace(day=1), amount)
    found = {}
    last_month = add_months(today.replace(day=1), -1)
    for member_id, years in assessed.items():
        count, month = 0, last_month
        while True:
            owed = years.get(month.year)
            if owed is None or month < owed[0] or owed[1] == 0 or month in paid[member_id]:
                break
            count += 1
            month = add_months(month, -1)
        if count:
            found[member_id] = count
    return found


@transaction.atomic
def mark_remitted(*, actor, payment: Payment, remitted_on: datetime.date | None = None) -> Payment:
    """A voluntary payment of 1000 yuan or more was remitted in full to the Centre (FEE-08)."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    require(actor, CHANGE, payment)
    if payment.kind != Payment.Kind.VOLUNTARY or payment.amount < CENTRE_THRESHOLD:
        raise ValidationError("只有一次性自愿多交1000元以上的党费需要登记上缴中央")
    if payment.remitted_on is not None:
        raise ValidationError(f"该笔党费已于{payment.remitted_on:%Y年%m月%d日}登记上缴")
    remitted_on = remitted_on or timezone.localdate()
    if remitted_on > timezone.localdate() or remitted_on < payment.paid_on:
        raise ValidationError({"remitted_on": "上缴日期应在缴纳日期之后、今天或以前"})
    before = audit.snapshot(payment)
    payment.remitted_on = remitted_on
    payment.save(update_fields=["remitted_on", "updated_at"])
    audit.record(actor=actor, event=Event.DUES_REMITTED, obj=payment, before=before, after=audit.snapshot(payment))
    records_changed(organization=payment.organization, topic=Topic.DUES)
    return payment


@transaction.atomic
def publish(*, actor, organization, year: int, totals: dict) -> Publication:
    """Record that the branch published the year's dues collection to its members (FEE-09), with what it published."""
    require(actor, CHANGE, organization)
    this_year = timezone.localdate().year
    if not this_year - 5 <= year <= this_year:
        raise ValidationError({"year": f"公示的年度应在{this_year - 5}至{this_year}之间"})
    existing = Publication.objects.select_for_update().filter(organization=organization, year=year).first()
    if existing is not None:
        raise ValidationError(f"{year}年度党费收缴情况已于{existing.published_on:%Y年%m月%d日}公示")
    publication = Publication.objects.create(
        organization=organization, year=year, published_on=timezone.localdate(), totals=totals, published_by=actor
    )
    audit.record(actor=actor, event=Event.DUES_PUBLISHED, obj=publication, after=audit.snapshot(publication))
    records_changed(organization=organization, topic=Topic.DUES)
    return publication
