"""``send_recruitment_reminders``: a week before a step's last day and monthly once overdue, each reminder once, to the
branch's keepers and, for a step the 党委 above takes, to that 党委's keepers."""

import datetime
import io

import pytest
from django.core.management import call_command

from zhibu.core.audit_models import AuditEvent
from zhibu.core.models import Notification
from zhibu.recruitment import reminders, services
from zhibu.recruitment.tests.paths import CLOCK, new_recruit, walk
from zhibu.testing import SETUP

pytestmark = pytest.mark.clock(CLOCK)  # 2026-06-15
D = datetime.date


def texts(user):
    return [n.text for n in Notification.objects.filter(user=user).order_by("id")]


def test_the_talk_is_announced_a_week_ahead_then_monthly_once_overdue_and_each_only_once(tree, personas):
    new_recruit(tree.a1, applied_on=D(2026, 5, 20))  # the talk is due by 2026-06-20
    secretary, stranger = personas["支部书记A1"], personas["支部书记B1"]
    assert reminders.send(D(2026, 6, 12)) == 0  # eight days ahead: nothing yet
    assert reminders.send(D(2026, 6, 13)) >= 1
    assert texts(secretary) == ["张晓明：党组织派人谈话即将到期，应于2026年6月20日前办理（DEV-02）"]
    assert reminders.send(D(2026, 6, 14)) == 0  # sent once
    reminders.send(D(2026, 6, 21))
    reminders.send(D(2026, 6, 30))
    reminders.send(D(2026, 7, 1))
    assert texts(secretary)[1:] == ["张晓明：党组织派人谈话已逾期，应于2026年6月20日前办理（DEV-02）"] * 2
    assert texts(stranger) == []
    notice = Notification.objects.filter(user=secretary).first()
    assert notice.url.endswith("?step=application_talk")
    assert AuditEvent.objects.filter(event="recruit.reminders_sent").count() == 6


def test_an_approval_reaches_the_committee_above_and_nothing_is_sent_once_it_is_recorded(tree, personas):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "higher_talk")  # the admission vote of 2024-10-25: approval due within 3 and 6 months
    reminders.send(D(2026, 6, 15))
    approval = Notification.objects.filter(text__contains="上级党委审批已逾期")
    assert approval.filter(user=personas["党委管理员A"]).exists()
    assert approval.filter(user=personas["支部书记A1"]).exists()
    sent = approval.count()
    services.record_step(
        actor=SETUP,
        recruit=recruit,
        code="admission_approval",
        happened_on=D(2024, 12, 20),
        acting_organization=tree.a,
    )
    reminders.send(D(2026, 7, 15))  # a new month: an overdue approval would be told again
    assert approval.count() == sent


def test_the_command_reports_what_it_sent(tree, personas):
    new_recruit(tree.a1, applied_on=D(2026, 5, 20))
    out = io.StringIO()
    call_command("send_recruitment_reminders", stdout=out)
    assert out.getvalue().startswith("已发送发展党员到期提醒")
