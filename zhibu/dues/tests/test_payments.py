import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.dues import services
from zhibu.dues.models import Payment
from zhibu.members.validation import add_months
from zhibu.testing import make_member, run_concurrently

TODAY = timezone.localdate()
THIS_MONTH = TODAY.replace(day=1)


def key() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def assessed(tree, personas):
    member = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    services.set_assessment(
        actor=personas["支部书记A1"], member=member, year=TODAY.year, category="salaried", base="5400"
    )
    return member


def test_assessment_follows_the_brackets_and_refuses_bad_bases(tree, personas, assessed):
    secretary = personas["支部书记A1"]
    from zhibu.dues.models import Assessment

    assert Assessment.objects.get(member=assessed).monthly_amount == Decimal("81.00")
    cases = [
        ({"category": "salaried", "base": "-100"}, "不能为负数"),
        ({"category": "salaried", "base": "五千"}, "不是数字"),
        ({"category": "salaried", "base": ""}, "请填写计算基数"),
        ({"category": "salaried", "base": "5400.123"}, "最多保留两位小数"),
        ({"category": "farmer", "fixed": "2"}, "0.2元至1元"),
        ({"category": "hardship", "fixed": "0"}, "支部研究决定和上级党委批准"),
        ({"category": "nonsense"}, "请选择缴费类别"),
    ]
    for data, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.set_assessment(actor=secretary, member=assessed, year=TODAY.year, **data)
    assert Assessment.objects.get(member=assessed).monthly_amount == Decimal("81.00")  # nothing half-written
    probationary = make_member(tree.a1, joined_on=THIS_MONTH, category="probationary")
    assessment = services.set_assessment(actor=secretary, member=probationary, year=TODAY.year, category="low_income")
    assert assessment.starts_on == THIS_MONTH and assessment.monthly_amount == Decimal("0.20")
    with pytest.raises(Http404):  # another branch's member is out of scope
        services.set_assessment(
            actor=personas["支部书记B1"], member=assessed, year=TODAY.year, category="salaried", base="3000"
        )


def test_the_same_submission_twice_records_one_payment(personas, assessed):
    secretary = personas["支部书记A1"]
    token = key()
    first, created = services.record_payment(
        actor=secretary, member=assessed, month=THIS_MONTH, method="cash", key=token
    )
    again, created_again = services.record_payment(
        actor=secretary, member=assessed, month=THIS_MONTH, method="cash", key=token
    )
    assert created and not created_again and first.pk == again.pk
    assert Payment.objects.count() == 1 and first.amount == Decimal("81.00") and first.kind == "regular"
    assert AuditEvent.objects.filter(event=Event.DUES_PAYMENT_RECORDED).count() == 1
    with pytest.raises(ValidationError, match="已登记缴纳"):  # a second payment of the same month, new key
        services.record_payment(actor=secretary, member=assessed, month=THIS_MONTH, method="cash", key=key())


def test_bad_payments_are_refused_with_a_reason(tree, personas, assessed):
    secretary = personas["支部书记A1"]
    cases = [
        ({"member": assessed, "month": THIS_MONTH, "amount": "-5"}, "不能为负数"),
        ({"member": assessed, "month": THIS_MONTH, "amount": "abc"}, "不是数字"),
        ({"member": assessed, "month": THIS_MONTH, "amount": "80"}, "应缴81.00元"),
        ({"member": assessed, "month": THIS_MONTH, "amount": "1000"}, "超过12个月应缴"),
        ({"member": assessed, "month": "2026年3月"}, "格式不对"),
        ({"member": assessed, "month": add_months(THIS_MONTH, 7)}, "预交最多6个月"),
        ({"member": assessed, "month": THIS_MONTH.replace(year=TODAY.year - 1)}, "尚未核定"),
    ]
    for data, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.record_payment(actor=secretary, method="cash", key=key(), **data)
    with pytest.raises(Http404):
        services.record_payment(
            actor=personas["支部书记B1"], member=assessed, month=THIS_MONTH, method="cash", key=key()
        )
    assert not Payment.objects.exists()


@pytest.mark.clock("2026-11-16T10:00")
def test_a_payment_for_a_month_before_the_member_owed_is_refused(tree, personas):
    secretary = personas["支部书记A1"]
    late_joiner = make_member(tree.a1, joined_on=datetime.date(2026, 11, 1), category="probationary")
    services.set_assessment(actor=secretary, member=late_joiner, year=2026, category="salaried", base="3000")
    with pytest.raises(ValidationError, match="不需缴纳"):
        services.record_payment(
            actor=secretary, member=late_joiner, month=datetime.date(2026, 10, 1), method="cash", key=key()
        )
    assert not Payment.objects.exists()


def test_corrections_reverse_and_arrears_count_consecutive_unpaid_months(personas, assessed):
    secretary = personas["支部书记A1"]
    assessed.joined_on = datetime.date(2010, 7, 1)
    months = [add_months(THIS_MONTH, -offset) for offset in range(1, 8)]
    for month in months:
        if month.year != TODAY.year:
            services.set_assessment(actor=secretary, member=assessed, year=month.year, category="salaried", base="5400")
    paid, _ = services.record_payment(actor=secretary, member=assessed, month=months[-1], method="cash", key=key())
    assert paid.kind == "back" and paid.flagged.startswith("补交超过6个月")
    assert services.months_in_arrears(assessed) == 6
    reversal = services.reverse_payment(actor=secretary, payment=paid, reason="金额登记错误")
    assert reversal.amount == Decimal("-81.00") and Payment.objects.get(pk=paid.pk).amount == Decimal("81.00")
    assert services.months_in_arrears(assessed) >= 7
    with pytest.raises(ValidationError, match="已冲正"):
        services.reverse_payment(actor=secretary, payment=paid, reason="再次冲正")
    voluntary, _ = services.record_payment(
        actor=secretary, member=assessed, month=THIS_MONTH, method="transfer", key=key(), amount="1000", voluntary=True
    )
    assert voluntary.flagged.startswith("一次性自愿多交1000元以上")


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_identical_posts_record_exactly_one_payment(tree, personas, flushable_audit):
    member = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    secretary = personas["支部书记A1"]
    services.set_assessment(actor=secretary, member=member, year=TODAY.year, category="salaried", base="5400")
    token = key()
    results, errors = run_concurrently(
        20,
        lambda: services.record_payment(actor=secretary, member=member, month=THIS_MONTH, method="cash", key=token),
    )
    assert errors == [] and len(results) == 20
    assert Payment.objects.filter(member=member).count() == 1
    assert sum(1 for _, created in results if created) == 1
    assert len({payment.pk for payment, _ in results}) == 1


def test_a_bulk_load_records_what_the_payment_service_records(tree, personas):
    secretary = personas["支部书记A1"]
    months = [add_months(THIS_MONTH, back) for back in (-8, -2, 0, 1)]  # back beyond six months, back, due, prepaid
    one, other = (make_member(tree.a1, joined_on=datetime.date(2010, 7, 1)) for _ in range(2))
    for member in (one, other):
        for year in sorted({month.year for month in months}):
            services.set_assessment(actor=secretary, member=member, year=year, category="salaried", base="5400")
    for month in months:
        services.record_payment(actor=secretary, member=one, month=month, method="cash", key=key(), paid_on=TODAY)
    loaded = services.load_payments(actor=secretary, rows=[(other, month, "cash", key(), TODAY) for month in months])

    def recorded(member):
        payments = Payment.objects.filter(member=member).order_by("month")
        return [(p.month, p.amount, p.kind, p.flagged, p.method, p.paid_on) for p in payments]

    assert loaded == 4 and recorded(other) == recorded(one)
    assert [kind for _, _, kind, *_ in recorded(other)] == ["back", "back", "regular", "prepay"]
    assert "补交超过6个月" in recorded(other)[0][3]
    events = AuditEvent.objects.filter(event=Event.DUES_PAYMENT_RECORDED, object_repr__startswith=str(other))
    assert events.count() == 4


def test_a_bulk_load_with_one_bad_row_records_nothing(tree, personas, assessed):
    secretary = personas["支部书记A1"]
    services.record_payment(actor=secretary, member=assessed, month=THIS_MONTH, method="cash", key=key())
    stranger = make_member(tree.b1, joined_on=datetime.date(2010, 7, 1))
    excused = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    services.set_assessment(
        actor=secretary,
        member=excused,
        year=TODAY.year,
        category="hardship",
        branch_decision="支部委员会研究同意",
        higher_approval="机关党委批准减免",
    )
    cases = [
        ([(excused, THIS_MONTH, "cash", key(), TODAY)], "已减免为0元"),
        ([(assessed, THIS_MONTH, "cash", key(), TODAY)], "已登记缴纳"),
        ([(assessed, add_months(THIS_MONTH, 12), "cash", key(), TODAY)], "预交最多"),
        ([(assessed, add_months(THIS_MONTH, -1), "cash", key(), TODAY + datetime.timedelta(days=1))], "不能晚于今天"),
        ([(stranger, THIS_MONTH, "cash", key(), TODAY)], "不在您的权限范围内"),
    ]
    for rows, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.load_payments(actor=secretary, rows=rows)
    assert Payment.objects.count() == 1


@pytest.mark.clock("2026-06-15T10:00")
def test_a_command_sets_an_assessment_and_records_a_payment_under_its_own_name(tree, personas, client_as):
    from zhibu.core.actors import CommandActor

    importer = CommandActor("import_dues")
    member = make_member(tree.a1, name="命令缴费人", joined_on=datetime.date(2010, 7, 1))
    assessment = services.set_assessment(actor=importer, member=member, year=2026, category="salaried", base="5400")
    payment, created = services.record_payment(
        actor=importer, member=member, month=datetime.date(2026, 6, 1), method="transfer", key=key()
    )
    assert created and assessment.set_by is None and payment.recorded_by is None
    assert payment.amount == assessment.monthly_amount == Decimal("81.00")
    for event, record in ((Event.DUES_ASSESSED, assessment), (Event.DUES_PAYMENT_RECORDED, payment)):
        row = AuditEvent.objects.get(event=event, object_id=str(record.pk))
        assert row.actor_name == "command:import_dues" and row.actor_id is None
    sheet = client_as(personas["支部书记A1"]).get("/dues/", {"organization": tree.a1.pk, "month": "2026-06"})
    assert "系统任务登记" in sheet.content.decode()
