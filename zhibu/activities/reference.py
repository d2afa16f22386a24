"""The activity kinds every installation starts with (docs/rules.md MTG-01 to MTG-17); a 工委 may add more as data."""

from zhibu.activities.models import ActivityKind

A, Q = ActivityKind.Attendees, ActivityKind.Quorum
# code, name, attendees, quorum, votes allowed, for committees, is study, order
DEFAULT_KINDS = (
    ("general_meeting", "支部党员大会", A.MEMBERS, Q.HALF_OF_VOTERS, True, False, False, 10),
    ("branch_committee", "支部委员会", A.COMMITTEE, Q.HALF_OF_COMMITTEE, True, False, False, 20),
    ("group_meeting", "党小组会", A.GROUP, Q.NONE, False, False, False, 30),
    ("party_lecture", "党课", A.MEMBERS, Q.NONE, False, False, True, 40),
    ("theme_day", "主题党日", A.MEMBERS, Q.NONE, False, False, True, 50),
    ("life_meeting", "组织生活会", A.MEMBERS, Q.NONE, False, False, False, 60),
    ("appraisal", "民主评议党员", A.MEMBERS, Q.NONE, False, False, False, 70),
    ("leading_group", "党组会议", A.COMMITTEE, Q.HALF_OF_COMMITTEE, True, True, False, 80),
    ("central_study", "理论学习中心组学习", A.COMMITTEE, Q.NONE, False, True, True, 90),
    ("democratic_life", "民主生活会", A.COMMITTEE, Q.TWO_THIRDS, False, True, False, 100),
)
# How often each kind is expected (the year plan and the inbox read it); the same values migration 0004 set.
EXPECTED_PERIODS = {
    "general_meeting": "quarter",
    "branch_committee": "month",
    "group_meeting": "month",
    "party_lecture": "quarter",
    "theme_day": "month",
    "life_meeting": "year",
    "appraisal": "year",
    "leading_group": "month",
    "democratic_life": "year",
}


def ensure_activity_kinds() -> None:
    for code, name, attendees, quorum, votes, committees, study, order in DEFAULT_KINDS:
        ActivityKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "attendees": attendees,
                "quorum": quorum,
                "votes_allowed": votes,
                "for_committees": committees,
                "is_study": study,
                "sort_order": order,
                "expected_period": EXPECTED_PERIODS.get(code, ""),
            },
        )
