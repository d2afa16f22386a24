"""The nominee's record as it stood when nominated, read from the records (never retyped) and kept with the
nomination as a snapshot: later changes to meetings or dues do not rewrite what the 支部 and the 工委 decided on."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from zhibu.activities.models import Activity, Appraisal, Attendance
from zhibu.dues.models import Assessment, Payment
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.ratings.models import ScoringSheet

HELD = (Activity.Status.HELD, Activity.Status.MINUTED, Activity.Status.SIGNED)


def member_record(member: Member, year: int, today: datetime.date) -> dict[str, Any]:
    rows = Attendance.objects.filter(member=member, activity__status__in=HELD, activity__held_at__year=year)
    counts = rows.aggregate(
        expected=Count("id"),
        present=Count("id", filter=Q(status=Attendance.Status.PRESENT)),
        leave=Count("id", filter=Q(status=Attendance.Status.LEAVE)),
        absent=Count("id", filter=Q(status=Attendance.Status.ABSENT)),
    )
    paid = Payment.objects.filter(member=member, month__year=year).aggregate(total=Sum("amount"))["total"]
    assessment = Assessment.objects.filter(member=member, year=year).first()
    months = today.month if today.year == year else 12
    due = assessment.monthly_amount * months if assessment is not None else None
    appraisal = Appraisal.objects.filter(member=member, year__in=(year, year - 1)).order_by("-year").first()
    return {
        "kind": "member",
        "taken_on": today.isoformat(),
        "year": year,
        "name": member.name,
        "organization": member.organization.name,
        "meetings": counts,
        "dues": {
            "paid": str(paid or Decimal("0.00")),
            "due": str(due) if due is not None else "",
            "months": months,
        },
        "appraisal": (
            {"year": appraisal.year, "grade": appraisal.get_grade_display()} if appraisal is not None else None
        ),
    }


def organization_record(organization: Organization, year: int, today: datetime.date) -> dict[str, Any]:
    meetings = Activity.objects.filter(
        organization__path__startswith=organization.path, status__in=HELD, held_at__year=year
    ).count()
    stars = None
    for sheet in ScoringSheet.objects.filter(year=year, locked_at__isnull=False):
        for result in sheet.final_results:
            if result.get("organization_id") == organization.pk:
                stars = result.get("stars")
    return {
        "kind": "organization",
        "taken_on": today.isoformat(),
        "year": year,
        "name": organization.name,
        "members": Member.objects.current().in_subtree(organization).count(),
        "meetings_held": meetings,
        "stars": stars,
    }


def describe(record: dict[str, Any]) -> list[tuple[str, str]]:
    """The snapshot as labelled lines for the pages and the export."""
    if not record:
        return []
    lines = [("记录日期", record.get("taken_on", "")), ("年度", str(record.get("year", "")))]
    if record.get("kind") == "member":
        m = record["meetings"]
        lines.append(
            ("组织生活", f"应参加{m['expected']}次，出席{m['present']}次，请假{m['leave']}次，缺席{m['absent']}次")
        )
        dues = record["dues"]
        due = f"，应缴{dues['due']}元" if dues["due"] else "（未核定缴费基数）"
        lines.append(("党费", f"截至{dues['months']}月已缴{dues['paid']}元{due}"))
        appraisal = record.get("appraisal")
        lines.append(("民主评议", f"{appraisal['year']}年度{appraisal['grade']}" if appraisal else "无评议结果"))
    else:
        lines.append(("党员人数", f"{record['members']}人"))
        lines.append(("召开组织生活会议", f"{record['meetings_held']}次"))
        lines.append(("星级评定", f"{record['stars']}星" if record.get("stars") else "无定稿结果"))
    return lines


def summary(record: dict[str, Any]) -> str:
    return "；".join(f"{label}：{value}" for label, value in describe(record)[2:])
