import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from zhibu.core.models import Notification
from zhibu.dues import services
from zhibu.members.validation import add_months
from zhibu.testing import make_member


def test_paying_up_reads_the_reminders_to_pay(tree, personas):
    today = timezone.localdate()
    secretary = personas["支部书记A1"]
    member = make_member(tree.a1, name="欠缴党员", joined_on=datetime.date(2010, 7, 1))
    for year in {today.year, add_months(today, -7).year}:
        services.set_assessment(actor=secretary, member=member, year=year, category="salaried", base="4000")
    call_command("send_dues_alerts", stdout=io.StringIO())
    reminder = Notification.objects.get(user=secretary, text__contains="欠缴党员已连续")
    assert reminder.read_at is None
    last_month = add_months(today.replace(day=1), -1)
    services.record_payment(actor=secretary, member=member, month=last_month, method="cash", key="a" * 16)
    assert Notification.objects.get(pk=reminder.pk).read_at is not None
