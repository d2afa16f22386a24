"""A year of organisation life for every demo branch, with the gaps a real year has: a quarter without a 党员大会,
a 支委会 without quorum, minutes left unsigned, resolutions past their deadline. Written through the services."""

import datetime
from collections import defaultdict

from django.utils import timezone

from zhibu.activities import services
from zhibu.activities.models import ActivityKind, Attendance
from zhibu.activities.reference import ensure_activity_kinds
from zhibu.core.periods import period_of
from zhibu.members.validation import add_months
from zhibu.organizations.models import Organization, OrganizationKind

TOPICS = {
    "general_meeting": (
        "季度党员大会",
        ["学习习近平总书记最新重要讲话精神", "通报本季度支部工作", "讨论下季度工作安排"],
    ),
    "branch_committee": ("支委会", ["学习习近平总书记最新重要讲话精神", "研究本月支部工作"]),
    "party_lecture": ("专题党课", ["专题党课"]),
    "theme_day": ("主题党日", ["集中学习", "志愿服务"]),
    "life_meeting": ("年度组织生活会", ["学习研讨", "开展批评和自我批评", "形成整改清单"]),
    "group_meeting": ("党小组会", ["学习党章党规", "交流思想和工作情况"]),
}
RESOLUTIONS = ("完善支部学习制度", "落实党员联系群众安排", "整理本季度会议材料", "推进结对共建活动")


class YearOfActivities:
    def __init__(self, builder, signers: dict):
        self.builder = builder
        self.rng = builder.rng
        self.actor = builder.actor
        self.signers = signers  # agency committee path → its administrator, who signs where the host has no account
        ensure_activity_kinds()
        self.kinds = {kind.code: kind for kind in ActivityKind.objects.all()}
        self.today = builder.today

    def moment(self, day: datetime.date, hour: int = 15) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))

    def meeting(
        self, branch, code, day, *, present_share=0.9, quorum_gap=False, sign=True, overdue=False, vote=None, host=None
    ):
        title, agenda = TOPICS[code]
        host = host or self.builder.post_holders.get((branch.code, "secretary"))
        activity = services.plan_activity(
            actor=self.actor,
            organization=branch,
            kind=self.kinds[code],
            title=f"{day.month}月{title}",
            planned_at=self.moment(day),
            place="支部活动室",
            host=host,
            agenda=agenda,
            first_topic=True,
        )
        services.record_held(actor=self.actor, activity=activity, held_at=self.moment(day))
        rows = list(Attendance.objects.filter(activity=activity).values_list("member_id", flat=True))
        entries = {}
        for index, member_id in enumerate(rows):
            if quorum_gap:
                entries[member_id] = ("present", "", "") if index < len(rows) // 2 else ("leave", "official", "出差")
            elif self.rng.random() < present_share:
                entries[member_id] = ("present", "", "")
            else:
                entries[member_id] = ("leave", self.rng.choice(("personal", "sick", "official")), "")
        if entries:
            services.record_attendance(actor=self.actor, activity=activity, entries=entries)
        if vote:
            present = sum(1 for status, _, _ in entries.values() if status == "present")
            services.record_vote(
                actor=self.actor,
                activity=activity,
                subject=vote,
                yes=max(present - 1, 0),
                no=min(present, 1),
                abstain=0,
            )
        if code in ("general_meeting", "branch_committee", "life_meeting") and rows:
            owner = host or activity.attendance.first().member
            deadline = day + datetime.timedelta(days=20 if overdue else 45)
            resolution = services.add_resolution(
                actor=self.actor,
                activity=activity,
                text=self.rng.choice(RESOLUTIONS),
                owner_member=owner,
                deadline=deadline,
            )
            if not overdue and deadline < self.today:
                services.complete_resolution(
                    actor=self.actor,
                    resolution=resolution,
                    done_on=deadline - datetime.timedelta(days=5),
                    evidence="已按期落实，材料已归档",
                )
        services.save_minutes(
            actor=self.actor,
            activity=activity,
            minutes=f"会议由{host or '支部书记'}主持，{'、'.join(agenda)}。与会同志结合工作实际作了发言，会议明确了下一步工作安排。",
        )
        if sign:
            signer = (
                host.user
                if host is not None and host.user_id
                else next((user for path, user in self.signers.items() if branch.path.startswith(path)), None)
            )
            if signer is not None:
                services.sign(actor=signer, activity=activity)
        return activity

    def build(self, branches: list, special: dict[str, str]) -> int:
        """The twelve complete months before today's month; ``special`` maps a branch code to its planted gap.

        The gaps sit in the most recent months, so they fall in the demo's year on any day of the calendar: the last
        complete quarter's 党员大会 skipped, last month's 支委会 without quorum, last month's 主题党日 left unsigned,
        and the last six months' resolutions left past their deadline."""
        count = 0
        this_month = self.today.replace(day=1)
        months = [add_months(this_month, -back) for back in range(12, 0, -1)]
        last_quarter_end = max(month for month in months if month.month in (3, 6, 9, 12))
        groups = defaultdict(list)
        for group in Organization.objects.filter(parent__in=branches, kind=OrganizationKind.GROUP).order_by("path"):
            groups[group.parent_id].append(group)
        for branch in branches:
            gap = special.get(branch.code, "")
            has_committee = (branch.code, "organization") in self.builder.post_holders
            for index, month in enumerate(months):
                last_day = period_of("month", month).end
                is_last_month = index == len(months) - 1
                overdue = gap == "overdue" and index >= len(months) - 6
                if has_committee:
                    quorum_gap = gap == "committee_quorum" and is_last_month
                    self.meeting(
                        branch,
                        "branch_committee",
                        month.replace(day=8),
                        quorum_gap=quorum_gap,
                        vote="研究推荐入党积极分子" if quorum_gap else None,
                        overdue=overdue,
                    )
                    count += 1
                self.meeting(
                    branch,
                    "theme_day",
                    month.replace(day=15),
                    present_share=0.92,
                    sign=not (gap == "unsigned" and is_last_month),
                )
                count += 1
                if month.month in (3, 6, 9, 12):
                    if not (gap == "skip_quarter" and month == last_quarter_end):
                        self.meeting(branch, "general_meeting", last_day, overdue=overdue)
                        lecturer = self.builder.guest_lecturers.get(branch.code) if month.month == 6 else None
                        self.meeting(branch, "party_lecture", month.replace(day=20), host=lecturer)
                        count += 2
                for group in groups.get(branch.pk, ()):
                    self.meeting(group, "group_meeting", month.replace(day=12), present_share=0.95)
                    count += 1
                if month.month == 12:
                    self.meeting(branch, "life_meeting", month.replace(day=26))
                    count += 1
        return count


def planned_gaps(branches: list) -> dict[str, str]:
    """The branches that carry each planted gap (stable for a seed)."""
    names = ("skip_quarter", "committee_quorum", "unsigned", "overdue")
    return {branch.code: name for branch, name in zip(branches[1:], names, strict=False)}
