"""What an ordinary member reads about themself: their meetings, their dues, their branch's notices and their own
record. Everything starts from the user's own Member record (``own_member``), found through
``Member.objects.visible_to`` and narrowed to ``request.user``; nothing here takes a record id from the address, so
another member's data cannot be asked for. Read-only: these pages write nothing and so audit nothing."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from zhibu.activities import rules
from zhibu.activities.models import Activity, Attendance, MakeUp
from zhibu.core.masking import mask
from zhibu.core.notify import unread_count
from zhibu.dues.models import Assessment, Payment, Publication
from zhibu.dues.services import months_in_arrears
from zhibu.members.models import Member

NO_MEMBER = "您的账号没有关联党员档案，无法查看本人的会议、党费和档案信息；如需关联，请联系所在支部的党务干部"
ZERO = Decimal("0.00")
Reader = AbstractBaseUser | AnonymousUser
FEN = Decimal("0.01")


def own_member(user: Reader | None) -> Member | None:
    """The user's own, unrestricted Member record, or None (no record linked, or restricted: PIPL)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    member: Member | None = (
        Member.objects.visible_to(user)
        .filter(user=user)
        .select_related("organization", "party_group", "dual_life_organization")
        .first()
    )
    return member


# 我的会议 -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PastMeeting:
    """A meeting the member was on the expected list of, with what was recorded for them alone."""

    activity: Activity
    status: str
    status_label: str
    leave_kind_label: str
    reason: str
    checked_in_by_qr: bool
    makeup: MakeUp | None

    @property
    def missed(self) -> bool:
        return self.status in (Attendance.Status.LEAVE, Attendance.Status.ABSENT)


def _branches_of(member: Member) -> list[int]:
    return [pk for pk in (member.organization_id, member.party_group_id, member.dual_life_organization_id) if pk]


def upcoming_meetings(user: Reader, member: Member, now: datetime.datetime | None = None) -> list[Activity]:
    """Planned meetings from now on whose expected list, as it stands today, holds the member."""
    now = now or timezone.now()
    # Only the meetings a member attends (their branch, group, 双重组织生活, committees), even for a reader whose grants
    # show them a whole subtree: the expected-list check below costs a query per meeting.
    planned = (
        Activity.objects.visible_to(user)
        .filter(Activity.member_scope_q(user, [member.organization.path]))
        .filter(status=Activity.Status.PLANNED, planned_at__gte=now)
        .select_related("kind", "organization")
        .order_by("planned_at", "id")
    )
    # The expected list is fixed only when a meeting is held; until then it follows from the kind and the membership.
    return [
        activity
        for activity in planned
        if any(
            row.member.pk == member.pk
            for row in rules.expected_attendees(
                activity.kind, activity.organization, timezone.localtime(activity.planned_at).date()
            )
        )
    ]


def past_meetings(member: Member) -> list[PastMeeting]:
    """Held meetings the member was expected at, newest first; only the member's own row is read."""
    rows = (
        Attendance.objects.filter(member=member)
        .exclude(activity__status__in=[Activity.Status.PLANNED, Activity.Status.CANCELLED])
        .select_related("activity__kind", "activity__organization")
        .order_by("-activity__held_at", "-activity_id")
    )
    makeups = {makeup.attendance_id: makeup for makeup in MakeUp.objects.filter(attendance__in=rows)}
    return [
        PastMeeting(
            activity=row.activity,
            status=row.status,
            status_label=row.get_status_display(),
            leave_kind_label=row.get_leave_kind_display() if row.leave_kind else "",
            reason=row.reason,
            checked_in_by_qr=row.checked_in_by_qr,
            makeup=makeups.get(row.pk),
        )
        for row in rows
    ]


# 我的党费 -------------------------------------------------------------------------------------------------------


class MonthState:
    PAID = "已缴"
    OWED = "欠缴"
    DUE_NOW = "本月待缴"
    NOT_YET = "未到期"
    NOT_ASSESSED = "未核定"
    NOT_STARTED = "未起缴"
    EXEMPT = "免缴"


@dataclass(frozen=True)
class DuesMonth:
    month: datetime.date
    due: Decimal | None
    paid: Decimal
    voluntary: Decimal
    state: str


@dataclass(frozen=True)
class DuesYear:
    year: int
    assessment: Assessment | None
    months: list[DuesMonth]
    due_total: Decimal
    paid_total: Decimal
    owed_total: Decimal
    owed_months: int  # months unpaid in a row up to last month, as the branch's collection sheet counts them
    years: list[int]


def dues_years(member: Member, today: datetime.date | None = None) -> list[int]:
    """The years with an assessment or a payment, and this year, newest first."""
    today = today or timezone.localdate()
    years = set(Assessment.objects.filter(member=member).values_list("year", flat=True))
    years |= {month.year for month in Payment.objects.filter(member=member).values_list("month", flat=True)}
    return sorted(years | {today.year}, reverse=True)


def dues_year(member: Member, year: int, today: datetime.date | None = None) -> DuesYear:
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    assessment = Assessment.objects.filter(member=member, year=year).first()
    paid: defaultdict[int, Decimal] = defaultdict(lambda: ZERO)
    voluntary: defaultdict[int, Decimal] = defaultdict(lambda: ZERO)
    for month, kind, amount in Payment.objects.filter(member=member, month__year=year).values_list(
        "month", "kind", "amount"
    ):
        # A reversal is a negative entry for the month it corrects, so summing nets it out.
        target = voluntary if kind == Payment.Kind.VOLUNTARY else paid
        target[month.month] += Decimal(str(amount)).quantize(FEN)
    months = []
    for number in range(1, 13):
        month = datetime.date(year, number, 1)
        due, state = _month_due(assessment, month)
        if due is not None and state is None:
            if paid[number] >= due:
                state = MonthState.PAID
            elif month < this_month:
                state = MonthState.OWED
            elif month == this_month:
                state = MonthState.DUE_NOW
            else:
                state = MonthState.NOT_YET
        months.append(DuesMonth(month, due, paid[number], voluntary[number], state or MonthState.NOT_ASSESSED))
    return DuesYear(
        year=year,
        assessment=assessment,
        months=months,
        due_total=sum((m.due or ZERO for m in months), ZERO),
        paid_total=sum((m.paid for m in months), ZERO),
        owed_total=sum(((m.due or ZERO) - m.paid for m in months if m.state == MonthState.OWED), ZERO),
        owed_months=months_in_arrears(member, today),
        years=dues_years(member, today),
    )


def _month_due(assessment: Assessment | None, month: datetime.date) -> tuple[Decimal | None, str | None]:
    """What the month owes and, where that already decides it, its state."""
    if assessment is None:
        return None, MonthState.NOT_ASSESSED
    if month < assessment.starts_on.replace(day=1):
        return None, MonthState.NOT_STARTED
    if assessment.monthly_amount == 0:
        return ZERO, MonthState.EXEMPT
    return assessment.monthly_amount, None


# 支部通知 -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    day: datetime.date
    kind: str
    title: str
    detail: str
    url: str


PUBLICATIONS_SHOWN = 3


def branch_notices(user: Reader, member: Member, now: datetime.datetime | None = None) -> list[Notice]:
    """There is no notice board: what a branch announces to its members is its coming meetings and its dues
    publications (FEE-09), so those are the notices, soonest meeting first, then the latest publications."""
    now = now or timezone.now()
    meetings = (
        Activity.objects.visible_to(user)
        .filter(organization_id__in=_branches_of(member), status=Activity.Status.PLANNED, planned_at__gte=now)
        .select_related("kind", "organization")
        .order_by("planned_at", "id")
    )
    notices = []
    for activity in meetings:
        when = timezone.localtime(activity.planned_at)
        place = f"，地点：{activity.place}" if activity.place else ""
        notices.append(
            Notice(
                day=when.date(),
                kind="会议通知",
                title=f"{activity.kind}：{activity.title}",
                detail=f"{activity.organization}定于{when:%Y年%m月%d日 %H:%M}召开{place}",
                url=activity.get_absolute_url(),
            )
        )
    publications = Publication.objects.filter(organization_id=member.organization_id).order_by("-year")
    for publication in publications[:PUBLICATIONS_SHOWN]:
        totals = publication.totals or {}
        notices.append(
            Notice(
                day=publication.published_on,
                kind="党费公示",
                title=f"{publication.year}年度党费收缴情况公示",
                detail=(
                    f"应缴{totals.get('due', '—')}元，实缴{totals.get('paid', '—')}元，"
                    f"自愿多交{totals.get('voluntary', '—')}元"
                ),
                url="",
            )
        )
    return notices


# 我的档案 -------------------------------------------------------------------------------------------------------


def profile_fields(member: Member) -> list[tuple[str, str]]:
    """The member's own record as label and text; personal numbers and the address masked, as on every other page."""

    def label(name: str) -> str:
        return str(getattr(Member._meta.get_field(name), "verbose_name", name))

    def text(value: Any) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.date):
            return f"{value.year}年{value.month}月{value.day}日"
        return str(value)

    fields = [
        (label("name"), member.name),
        (label("gender"), member.get_gender_display()),
        (label("ethnicity"), member.ethnicity),
        (label("birth_date"), text(member.birth_date)),
        (label("id_number"), mask("id_number", member.id_number)),
        (label("mobile"), mask("phone", member.mobile) or "—"),
        (label("landline"), mask("phone", member.landline) or "—"),
        (label("address"), mask("address", member.address) or "—"),
        (label("education"), member.get_education_display()),
        (label("category"), member.get_category_display()),
        (label("organization"), text(member.organization)),
        (label("party_group"), text(member.party_group)),
        (label("joined_on"), text(member.joined_on)),
        (label("full_member_on"), text(member.full_member_on)),
        (label("party_status"), member.get_party_status_display()),
        (label("job_position"), member.get_job_position_display()),
        (label("employer"), text(member.employer)),
        (label("employer_position"), text(member.employer_position)),
        (label("current_party_post"), text(member.current_party_post)),
    ]
    if member.is_mobile_member:
        fields.append((label("mobile_destination"), text(member.mobile_destination)))
    return fields


# For the home page ------------------------------------------------------------------------------------------------


def member_summary(user: Reader) -> dict[str, Any]:
    """What the home page shows a member at a glance: ``member`` (None without a linked record), ``next_meeting``
    (an Activity or None), ``dues_owed_months`` (months unpaid in a row up to last month) and
    ``unread_notifications``."""
    member = own_member(user)
    unread = unread_count(user) if getattr(user, "is_authenticated", False) else 0
    if member is None:
        return {"member": None, "next_meeting": None, "dues_owed_months": 0, "unread_notifications": unread}
    upcoming = upcoming_meetings(user, member)
    return {
        "member": member,
        "next_meeting": upcoming[0] if upcoming else None,
        "dues_owed_months": months_in_arrears(member),
        "unread_notifications": unread,
    }
