"""Arrears alerts (FEE-07): once a month, the branch's staff and the member hear of dues three or more months behind;
at six months the message says the procedure that follows."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhibu.accounts.models import RoleGrant
from zhibu.accounts.roles import Role
from zhibu.core import audit
from zhibu.core.actors import CommandActor
from zhibu.core.audit_catalogue import Event
from zhibu.core.models import Notification
from zhibu.core.notify import notify
from zhibu.dues import services
from zhibu.members.models import Member

WARNING_MONTHS, ALERT_MONTHS = 3, 6


@transaction.atomic
def send(today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    month_start = timezone.make_aware(datetime.datetime.combine(today.replace(day=1), datetime.time.min))
    members = Member.objects.current().select_related("organization", "user")
    behind = services.arrears(members.values_list("pk", flat=True), today)
    late = members.filter(pk__in=[pk for pk, months in behind.items() if months >= WARNING_MONTHS])
    staff = {}
    sent = {"warning": 0, "alert": 0}
    actor = CommandActor("send_dues_alerts")
    for member in late:
        months = behind[member.pk]
        url, task = reverse("dues:assess", args=[member.pk]), f"dues.arrears:{member.pk}"
        if Notification.objects.filter(url=url, created_at__gte=month_start).exists():
            continue  # already told this month
        if member.organization_id not in staff:
            staff[member.organization_id] = [
                grant.user
                for grant in RoleGrant.objects.filter(
                    organization_id=member.organization_id, role__in=[Role.SECRETARY, Role.PARTY_WORKER]
                ).select_related("user")
            ]
        if months >= ALERT_MONTHS:
            text = f"{member.name}已连续{months}个月未缴党费，无正当理由的应按自行脱党程序处理"
            sent["alert"] += notify(staff[member.organization_id], text, url, actor=actor, task=task)
        else:
            text = f"{member.name}已连续{months}个月未缴党费，请提醒按月缴纳"
            sent["warning"] += notify(staff[member.organization_id], text, url, actor=actor, task=task)
        if member.user_id:
            notify([member.user], f"您已连续{months}个月未缴党费，请及时缴纳", url, actor=actor, task=task)
    audit.record(actor=actor, event=Event.DUES_ALERTS_SENT, extra=sent)
    return sent
