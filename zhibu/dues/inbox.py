"""What dues ask of a branch's keepers: the month's dues still to record, and members three or more months behind."""

import calendar
import datetime
from collections import Counter
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse

from zhibu.core.inbox import Task, TaskSource, Urgency, urgency_of
from zhibu.core.scoping import CHANGE
from zhibu.dues import services
from zhibu.dues.models import Assessment, Payment
from zhibu.members.models import Member
from zhibu.organizations.models import Organization

BEHIND_MONTHS = 3  # FEE-07's warning


def _members(user, scope):
    members = Member.objects.visible_to(user, CHANGE).current()
    return members if scope is None else members.filter(organization__path__startswith=scope.path)


def _sheet_url(organization_id: int, month: datetime.date) -> str:
    return f"{reverse('dues:sheet')}?{urlencode({'organization': organization_id, 'month': f'{month:%Y-%m}'})}"


def month_to_collect(user, scope, today: datetime.date):
    month = today.replace(day=1)
    month_end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    owing = Assessment.objects.filter(
        member=OuterRef("pk"), year=month.year, monthly_amount__gt=0, starts_on__lte=month_end
    )
    paid = Payment.objects.filter(member=OuterRef("pk"), month=month, reversed_by__isnull=True).exclude(
        kind__in=[Payment.Kind.VOLUNTARY, Payment.Kind.REVERSAL]
    )
    counts = dict(
        _members(user, scope)
        .filter(Exists(owing))
        .exclude(Exists(paid))
        .values_list("organization")
        .annotate(unpaid=Count("pk"))
    )
    return [
        Task(
            source="dues.month",
            title=f"{month.year}年{month.month}月党费：尚有{unpaid}人未登记缴纳",
            organization=organization,
            url=_sheet_url(organization.pk, month),
            action="登记党费",
            due=month_end,
            urgency=urgency_of(month_end, today),
        )
        for organization in Organization.objects.filter(pk__in=counts)
        for unpaid in [counts[organization.pk]]
    ]


def members_behind(user, scope, today: datetime.date):
    members = dict(_members(user, scope).values_list("pk", "organization_id"))
    behind = services.arrears(members.keys(), today)
    counts = Counter(members[pk] for pk, months in behind.items() if months >= BEHIND_MONTHS)
    return [
        Task(
            source="dues.behind",
            title=f"{count}名党员连续{BEHIND_MONTHS}个月以上未缴党费，请了解情况、提醒缴纳",
            organization=organization,
            url=_sheet_url(organization.pk, today.replace(day=1)),
            action="查看收缴表",
            due=None,
            urgency=Urgency.OVERDUE,
        )
        for organization in Organization.objects.filter(pk__in=counts)
        for count in [counts[organization.pk]]
    ]


def own_dues(user, scope, today: datetime.date):
    """The person's own dues, when they are behind (the branch records payments; the member pays them)."""
    member = Member.objects.current().filter(user=user).first()
    if member is None:
        return []
    months = services.months_in_arrears(member, today)
    if not months:
        return []
    return [
        Task(
            source="dues.own",
            title=f"我的党费：已连续{months}个月未缴纳，请向支部缴纳",
            organization=member.organization,
            url=reverse("mine:dues"),
            action="查看我的党费",
            due=None,
            urgency=Urgency.OVERDUE if months >= BEHIND_MONTHS else Urgency.DUE_SOON,
            personal=True,
        )
    ]


SOURCES = (
    TaskSource("dues.month", "本月党费收缴", month_to_collect, order=60),
    TaskSource("dues.behind", "党费欠缴", members_behind, order=61),
    TaskSource("dues.own", "我的党费", own_dues, order=62),
)
