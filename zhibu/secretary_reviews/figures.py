"""The year's figures of the reporting organisation, read from the records (never retyped) and kept with the report as
a snapshot: meetings held by kind, the attendance rate, the standards verdicts met and missed, the dues paid against
due, the recruitment steps recorded. Later changes do not rewrite what the raters read."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from zhibu.activities.models import Activity, Attendance
from zhibu.awards.records import HELD
from zhibu.dues.models import Assessment, Payment
from zhibu.organizations.models import Organization
from zhibu.recruitment.models import RecruitStep
from zhibu.standards.models import Verdict, VerdictStatus


def _percent(part: int | Decimal, whole: int | Decimal) -> str:
    return f"{Decimal(part) * 100 / Decimal(whole):.1f}" if whole else ""


def organization_figures(organization: Organization, year: int, today: datetime.date) -> dict[str, Any]:
    subtree = organization.path
    by_kind = (
        Activity.objects.filter(organization__path__startswith=subtree, status__in=HELD, held_at__year=year)
        .values("kind__name")
        .annotate(n=Count("id"))
        .order_by("kind__name")
    )
    attendance = Attendance.objects.filter(
        activity__organization__path__startswith=subtree, activity__status__in=HELD, activity__held_at__year=year
    ).aggregate(expected=Count("id"), present=Count("id", filter=Q(status=Attendance.Status.PRESENT)))
    verdicts = Verdict.objects.filter(organization__path__startswith=subtree, period_start__year=year).aggregate(
        met=Count("id", filter=Q(status=VerdictStatus.MET)),
        missed=Count("id", filter=Q(status=VerdictStatus.MISSED)),
        explained=Count("id", filter=Q(status=VerdictStatus.EXPLAINED)),
    )
    months = today.month if today.year == year else 12
    due = Assessment.objects.filter(member__organization__path__startswith=subtree, year=year).aggregate(
        total=Sum("monthly_amount")
    )["total"] or Decimal("0")
    due *= months
    paid = Payment.objects.filter(member__organization__path__startswith=subtree, month__year=year).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0")
    steps = RecruitStep.objects.filter(recruit__organization__path__startswith=subtree, happened_on__year=year).count()
    return {
        "taken_on": today.isoformat(),
        "year": year,
        "meetings": {row["kind__name"]: row["n"] for row in by_kind},
        "attendance": {**attendance, "rate": _percent(attendance["present"], attendance["expected"])},
        "verdicts": verdicts,
        "dues": {"paid": f"{paid:.2f}", "due": f"{due:.2f}", "months": months, "rate": _percent(paid, due)},
        "recruitment_steps": steps,
    }


def describe(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """The snapshot as labelled lines for the pages and the export."""
    if not figures:
        return []
    meetings = figures["meetings"]
    held = "，".join(f"{kind}{n}次" for kind, n in meetings.items()) or "无"
    attendance = figures["attendance"]
    rate = f"，出席率{attendance['rate']}%" if attendance["rate"] else ""
    verdicts = figures["verdicts"]
    dues = figures["dues"]
    dues_rate = f"，缴纳率{dues['rate']}%" if dues["rate"] else "（未核定缴费基数）"
    return [
        ("数据日期", figures["taken_on"]),
        ("召开会议", held),
        ("组织生活出勤", f"应到{attendance['expected']}人次，出席{attendance['present']}人次{rate}"),
        ("标准体系检查", f"达标{verdicts['met']}项，未达标{verdicts['missed']}项，已说明{verdicts['explained']}项"),
        ("党费", f"截至{dues['months']}月已缴{dues['paid']}元，应缴{dues['due']}元{dues_rate}"),
        ("发展党员", f"登记发展步骤{figures['recruitment_steps']}个"),
    ]


def summary(figures: dict[str, Any]) -> str:
    return "；".join(f"{label}：{value}" for label, value in describe(figures)[1:])
