"""A person's indicators for the year, read from the records (never typed), each a value out of 100 with the counts
it came from and a link to those records:

- 会议签发: the meetings they hosted or recorded that were held, and how many of them are signed (已签发);
- 按期销号: the work-ledger tasks they are responsible for that fell due by today, and how many were closed (销号) on
  or before the deadline (a task closed late or still open past it counts against);
- 标准达标率: the standards verdicts of their organisation and those below it (达标 + 已说明 over all judged);
- 学时: their training hours against the yearly 32 (capped at 100).

An indicator with nothing to count (no meeting hosted, no task due) has no value and drops out of the weighting."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.urls import reverse

from zhibu.activities.models import Activity
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.training.hours import HELD, MEMBER_HOURS, fmt, hours_for
from zhibu.worklog.models import Task

ONE = Decimal("0.01")


def _value(part: int | Decimal, whole: int | Decimal) -> str:
    if not whole:
        return ""
    return str(min(Decimal(100), Decimal(part) * 100 / Decimal(whole)).quantize(ONE, ROUND_HALF_UP))


def _link(name: str, query: dict[str, Any], args: tuple = ()) -> str:
    return reverse(name, args=args) + ("?" + urlencode(query) if query else "")


def read(member: Member, organization: Organization, year: int, today: datetime.date) -> list[dict[str, Any]]:
    until = min(today, datetime.date(year, 12, 31))
    meetings = Activity.objects.filter(
        Q(host=member) | Q(recorder=member), status__in=HELD, held_at__year=year
    ).aggregate(held=Count("id"), signed=Count("id", filter=Q(status=Activity.Status.SIGNED)))
    tasks = Task.objects.filter(responsible=member, deadline__year=year, deadline__lte=until).aggregate(
        due=Count("id"), on_time=Count("id", filter=Q(closed_on__isnull=False, closed_on__lte=F("deadline")))
    )
    verdicts = Verdict.objects.filter(organization__path__startswith=organization.path, period_start__year=year)
    judged = verdicts.aggregate(
        met=Count("id", filter=Q(status__in=(VerdictStatus.MET, VerdictStatus.EXPLAINED))),
        missed=Count("id", filter=Q(status=VerdictStatus.MISSED)),
    )
    hours = hours_for([member.pk], year, until=until)[member.pk].total
    return [
        {
            "key": "meetings",
            "label": "会议签发",
            "value": _value(meetings["signed"], meetings["held"]),
            "detail": f"主持或记录已召开的会议{meetings['held']}次，其中已签发{meetings['signed']}次",
            "link": _link(
                "activities:list",
                {"within": organization.pk, "from": f"{year}-01-01", "to": until.isoformat()},
            ),
        },
        {
            "key": "tasks",
            "label": "按期销号",
            "value": _value(tasks["on_time"], tasks["due"]),
            "detail": f"负责的工作台账任务到期{tasks['due']}项，按期销号{tasks['on_time']}项，"
            f"逾期或未销号{tasks['due'] - tasks['on_time']}项",
            "link": _link("worklog:task_list", {"owner": organization.pk, "year": year}),
        },
        {
            "key": "verdicts",
            "label": "标准达标率",
            "value": _value(judged["met"], judged["met"] + judged["missed"]),
            "detail": f"{organization.name}（含下级）标准体系检查达标或已说明{judged['met']}项，未达标{judged['missed']}项",
            "link": _link("standards:sheet", {"organization": organization.pk, "year": year}),
        },
        {
            "key": "hours",
            "label": "学时",
            "value": _value(hours, MEMBER_HOURS),
            "detail": f"本年度学时{fmt(hours)}，应达{fmt(MEMBER_HOURS)}学时（满100分封顶）",
            "link": _link("training:person", {"year": year}, args=(member.pk,)),
        },
    ]
