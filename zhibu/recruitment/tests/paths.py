"""A recruit's path for tests: one person in a branch, walked step by step with dates that keep every rule, so a test
changes only the step it is about. Dates are in the past of the test clock (2026-06-15)."""

import datetime

from django.utils import timezone

from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind, Attendance
from zhibu.members.choices import Education, Gender, JobPosition
from zhibu.recruitment import services
from zhibu.recruitment.models import Recruit
from zhibu.testing import SETUP, make_member, valid_id_number

CLOCK = "2026-06-15T10:00"
D = datetime.date

# (step, date, who acts: "branch" or "committee" (the 党委 above) or "top" (the 工委))
PLAN = [
    ("application_talk", D(2023, 3, 20), "branch"),
    ("activist", D(2023, 9, 1), "branch"),
    ("activist_filed", D(2023, 9, 5), "committee"),
    ("mentors", D(2023, 9, 5), "branch"),
    ("candidate", D(2024, 9, 1), "branch"),
    ("candidate_filed", D(2024, 9, 5), "committee"),
    ("sponsors", D(2024, 9, 5), "branch"),
    ("vetting", D(2024, 9, 10), "branch"),
    ("training", D(2024, 9, 20), "committee"),
    ("committee_review", D(2024, 10, 8), "branch"),
    ("pre_review", D(2024, 10, 10), "committee"),
    ("form_filled", D(2024, 10, 12), "branch"),
    ("publicity", D(2024, 10, 14), "branch"),
    ("admission_vote", D(2024, 10, 25), "branch"),
    ("higher_talk", D(2024, 11, 1), "committee"),
    ("admission_approval", D(2024, 12, 20), "committee"),
    ("admission_filed", D(2024, 12, 25), "top"),
    ("oath", D(2025, 1, 5), "branch"),
    ("full_application", D(2025, 10, 10), "branch"),
    ("full_vote", D(2025, 10, 25), "branch"),
    ("full_approval", D(2025, 12, 1), "committee"),
]
APPLIED_ON = D(2023, 3, 1)
BORN = D(1995, 5, 20)


def new_recruit(branch, applied_on=APPLIED_ON, birth=BORN, actor=SETUP, **overrides) -> Recruit:
    fields = {
        "name": "张晓明",
        "gender": Gender.MALE,
        "id_number": valid_id_number(birth, Gender.MALE),
        "mobile": "13912345678",
        "birth_date": birth,
        "education": Education.BACHELOR,
        "job_position": JobPosition.CIVIL_SERVANT,
        "employer": "测试单位",
    }
    fields.update(overrides)
    return services.create_recruit(actor=actor, organization=branch, applied_on=applied_on, **fields)


def full_members(branch, count):
    return [make_member(branch, joined_on=D(2010, 7, 1)) for _ in range(count)]


def general_meeting_vote(branch, day, yes, no=0, abstain=0, present=None):
    """A held 党员大会 of the branch on the day, everyone with voting rights present unless ``present`` says how many,
    and one vote with this tally."""
    when = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 9, 0))
    meeting = activity_services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="党员大会",
        planned_at=when,
    )
    meeting = activity_services.record_held(actor=SETUP, activity=meeting, held_at=when)
    rows = list(Attendance.objects.filter(activity=meeting).order_by("id"))
    count = len(rows) if present is None else present
    entries = {row.member_id: ("present" if index < count else "absent", "", "") for index, row in enumerate(rows)}
    activity_services.record_attendance(actor=SETUP, activity=meeting, entries=entries)
    return activity_services.record_vote(
        actor=SETUP, activity=meeting, subject="讨论接收预备党员", yes=yes, no=no, abstain=abstain
    )


def step_arguments(tree, branch, code, day, voters):
    acting = {"branch": branch, "committee": tree.a, "top": tree.gongwei}[
        next((who for c, _, who in PLAN if c == code), "branch")
    ]
    extra = {"acting_organization": acting}
    if code in ("application_talk", "higher_talk"):
        extra["people"] = {"talker": voters[:1]}
    elif code == "mentors":
        extra["people"] = {"mentor": voters[:1]}
    elif code == "sponsors":
        extra["people"] = {"sponsor": voters[:2]}
    elif code == "vetting":
        extra.update(vetting_conclusion="政治历史清白，现实表现良好，合格", vetting_passed=True)
    elif code == "training":
        extra.update(training_days=3)
    elif code in ("admission_vote", "full_vote"):
        extra["vote"] = general_meeting_vote(branch, day, yes=len(voters))
    return extra


def walk(tree, recruit, until, voters=None, actor=SETUP, **overrides):
    """Record the plan's steps in order up to and including ``until``; ``overrides`` change that last step."""
    voters = voters or full_members(recruit.organization, 5)
    step = None
    for code, day, _ in PLAN:
        if code == until:
            day = overrides.pop("happened_on", day)
        arguments = step_arguments(tree, recruit.organization, code, day, voters)
        if code == until:
            arguments.update(overrides)
        step = services.record_step(actor=actor, recruit=recruit, code=code, happened_on=day, **arguments)
        recruit.refresh_from_db()
        if code == until:
            return step
    raise AssertionError(f"{until} is not in the plan")


def walk_before(tree, recruit, code, voters=None):
    """Record every planned step before ``code``; returns the voters used."""
    voters = voters or full_members(recruit.organization, 5)
    previous = [c for c, _, _ in PLAN][: [c for c, _, _ in PLAN].index(code)]
    if previous:
        walk(tree, recruit, previous[-1], voters=voters)
    return voters
