"""The demo's 发展党员: people at every stage of the path in the first agency's branches, recorded step by step through
the recruitment services (so every rule is checked), with dates relative to the demo's today. One activist is blocked
— named eight months ago, the candidate step is not allowed before a year (DEV-07) — and one was named activist five
months after applying, with the 情况说明 the soft rule (DEV-03) asks for. The votes are held 党员大会 of the branch."""

import datetime

from django.utils import timezone

from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind, Attendance
from zhibu.activities.reference import ensure_activity_kinds
from zhibu.core.actors import CommandActor
from zhibu.members.choices import Category, Education, Gender, JobPosition
from zhibu.members.models import Member
from zhibu.members.validation import add_months
from zhibu.organizations.models import BRANCH_KINDS, Organization
from zhibu.recruitment import services
from zhibu.recruitment.catalogue import catalogue
from zhibu.recruitment.rules import nearest_committee

SOFT_RULE_NOTE = "该同志系共青团组织推荐的优秀团员，群团组织推优材料齐全，经支委会研究同意提前确定为入党积极分子"

# (name, gender, birth year, months ago applied, the last step walked, {step: months ago} overriding the plan)
PEOPLE: tuple[tuple[str, str, int, int, str, dict[str, int]], ...] = (
    ("陈思远", Gender.MALE, 1999, 2, "application_talk", {}),
    ("林晓雨", Gender.FEMALE, 2000, 15, "mentors", {"activist": 8}),  # blocked: activist 8 months, DEV-07
    ("黄嘉怡", Gender.FEMALE, 1998, 20, "mentors", {"activist": 15}),  # activist at 5 months: DEV-03, explained
    ("吴浩然", Gender.MALE, 1997, 27, "training", {}),
    ("郑雅琪", Gender.FEMALE, 1996, 30, "oath", {}),
    ("周子轩", Gender.MALE, 1995, 42, "full_approval", {}),
    ("孙明杰", Gender.MALE, 1999, 11, "stopped", {}),
)
# The path after the application, in months after it (the probation steps after the admission vote).
PLAN = (
    ("application_talk", 0.5),
    ("activist", 7),
    ("activist_filed", 7.2),
    ("mentors", 7.2),
    ("candidate", 20),
    ("candidate_filed", 20.2),
    ("sponsors", 20.2),
    ("vetting", 21),
    ("training", 21.5),
    ("committee_review", 22),
    ("pre_review", 22.2),
    ("form_filled", 22.4),
    ("publicity", 22.6),
    ("admission_vote", 23.2),
    ("higher_talk", 23.5),
    ("admission_approval", 24.5),
    ("admission_filed", 24.8),
    ("oath", 25),
    ("full_application", 34.5),
    ("full_vote", 35.5),
    ("full_approval", 36.5),
)


# Repeated steps from the activist on: (step, every how many months, the step that ends them) — DEV-06.
REPEATED = (("thought_report", 3, "admission_approval"), ("activist_assessment", 6, "candidate"))


def _agency(branch: Organization) -> str:
    """The agency a branch serves, from its 机关党委's short name (数字政务局机关党委 → 数字政务局)."""
    committee = branch.parent or branch
    return (committee.short_name or committee.name).removesuffix("机关党委")


def _months_ago(today: datetime.date, months: float) -> datetime.date:
    whole = int(months)
    return add_months(today, -whole) - datetime.timedelta(days=round((months - whole) * 30))


class RecruitmentYear:
    def __init__(self, builder):
        self.builder = builder
        self.today: datetime.date = builder.today
        self.actor = CommandActor("demo")

    def build(self) -> int:
        branches = list(Organization.objects.filter(kind__in=BRANCH_KINDS, parent__kind="dangwei").order_by("path")[:3])
        for index, person in enumerate(PEOPLE):
            self.walk(branches[index % len(branches)], *person)
        return len(PEOPLE)

    def full_members(self, branch, day: datetime.date) -> list[Member]:
        found = Member.objects.current().filter(organization=branch, category=Category.FULL, full_member_on__lte=day)
        return list(found.order_by("joined_on", "id")[:4])

    def vote(self, branch, day: datetime.date, subject: str):
        when = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 15, 0))
        ensure_activity_kinds()  # reference data a flushed database may lack
        kind = ActivityKind.objects.get(code="general_meeting")
        meeting = activity_services.plan_activity(
            actor=self.actor,
            organization=branch,
            kind=kind,
            title=f"党员大会（{subject}）",
            planned_at=when,
            agenda=["学习习近平总书记近期重要讲话精神", subject],
            first_topic=True,
        )
        meeting = activity_services.record_held(actor=self.actor, activity=meeting, held_at=when)
        rows = Attendance.objects.filter(activity=meeting)
        activity_services.record_attendance(
            actor=self.actor, activity=meeting, entries={row.member_id: ("present", "", "") for row in rows}
        )
        voters = activity_services.attendance_counts(meeting)["present_eligible"]
        return activity_services.record_vote(
            actor=self.actor, activity=meeting, subject=subject, yes=voters, no=0, abstain=0
        )

    def walk(self, branch, name, gender, born, applied_months, until, overrides) -> None:
        applied = _months_ago(self.today, applied_months)
        birth = datetime.date(born, 3 + len(name), 10 + applied_months % 15)
        recruit = services.create_recruit(
            actor=self.actor,
            organization=branch,
            applied_on=applied,
            name=name,
            gender=gender,
            id_number=self.builder.id_number(birth, gender),
            mobile=f"139{self.builder.rng.randrange(10**7, 10**8)}",
            birth_date=birth,
            education=Education.BACHELOR,
            job_position=JobPosition.CIVIL_SERVANT,
            employer=_agency(branch),
            employer_position="科员",
        )
        if until == "stopped":
            talked = _months_ago(self.today, applied_months - 0.5)
            services.record_step(
                actor=self.actor,
                recruit=recruit,
                code="application_talk",
                happened_on=talked,
                people={"talker": self.full_members(branch, talked)[:1]},
            )
            recruit.refresh_from_db()
            services.stop_recruit(
                actor=self.actor,
                recruit=recruit,
                happened_on=_months_ago(self.today, applied_months - 4),
                reason="本人因工作调动提出暂缓，经支委会研究终止培养",
            )
            return
        committee = nearest_committee(branch)
        assert committee is not None  # the demo's branches sit under a 机关党委
        due: dict[str, datetime.date] = {}
        for code, after in PLAN:
            day = (
                _months_ago(self.today, overrides[code])
                if code in overrides
                else _months_ago(self.today, applied_months - after)
            )
            mentors = self.full_members(branch, day)
            acting = {"higher_committee": committee, "approving_committee": committee}.get(
                catalogue().step(code).acts, branch
            )
            if catalogue().step(code).acts == "department_above":
                acting = committee.parent  # one level above the approving 党委
            extra: dict = {"acting_organization": acting}
            if code in ("application_talk", "higher_talk"):
                extra["people"] = {"talker": mentors[:1]}
            elif code == "mentors":
                extra["people"] = {"mentor": mentors[:2]}
            elif code == "sponsors":
                extra["people"] = {"sponsor": mentors[2:4]}
            elif code == "vetting":
                extra.update(vetting_conclusion="政治历史清白，现实表现良好，政审合格", vetting_passed=True)
            elif code == "training":
                extra.update(training_days=3, training_hours=24)
            elif code == "admission_vote":
                extra["vote"] = self.vote(branch, day, f"讨论接收{name}为预备党员")
            elif code == "full_vote":
                extra["vote"] = self.vote(branch, day, f"讨论{name}预备党员转正")
            if code == "activist" and "activist" in overrides and applied_months - overrides[code] < 6:
                extra["explanation"] = SOFT_RULE_NOTE
            self.repeated_steps(recruit, branch, due, before=day)
            services.record_step(actor=self.actor, recruit=recruit, code=code, happened_on=day, **extra)
            recruit.refresh_from_db()
            if code == "activist":
                due = {step: add_months(day, every) for step, every, _ in REPEATED}
            for step, _, ends in REPEATED:
                if code == ends:
                    due.pop(step, None)
            if code == until:
                break
        self.repeated_steps(recruit, branch, due, before=self.today)

    def repeated_steps(self, recruit, branch, due: dict[str, datetime.date], before: datetime.date) -> None:
        """The thought reports and activist assessments that fell due before the day, each on its date."""
        every = {step: months for step, months, _ in REPEATED}
        for step in list(due):
            while due[step] < before:
                services.record_step(
                    actor=self.actor, recruit=recruit, code=step, happened_on=due[step], acting_organization=branch
                )
                due[step] = add_months(due[step], every[step])
