"""A realistic, synthetic agency system for demonstrations and tests. Every name, number and address is invented;
the same seed (and the same day) gives the same data. Everything is written through the services, so the demo is
audited like any other data entry."""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zhibu.accounts import services as account_services
from zhibu.accounts.roles import Role
from zhibu.committees import services as committee_services
from zhibu.committees.models import PositionKind
from zhibu.committees.reference import ensure_position_kinds
from zhibu.core.actors import CommandActor
from zhibu.demo.activities_year import YearOfActivities, planned_gaps
from zhibu.demo.awards_year import AwardsYear
from zhibu.demo.complaints_year import ComplaintsYear
from zhibu.demo.quizzes_year import QuizzesYear
from zhibu.demo.recruitment_year import RecruitmentYear
from zhibu.demo.study_year import StudyYear
from zhibu.demo.training_year import TrainingYear
from zhibu.demo.worklog_year import WorklogYear
from zhibu.members import services as member_services
from zhibu.members.choices import Category, Education, Gender, JobPosition
from zhibu.members.models import Member
from zhibu.members.validation import add_months, add_years, id_check_char
from zhibu.organizations import services as organization_services
from zhibu.organizations.models import BRANCH_KINDS, OrganizationKind

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国玉兰志红俊峰宇浩凯鹏晨欣怡佳琳雪梅海波丹宁冬松柏云飞文博思远晓东立新振春秋颖慧琦"
AREA_CODES = ("220102", "220103", "220104", "220105", "220106", "220112", "220202", "220203", "220302", "220402")
STREETS = (
    "人民大街",
    "自由大路",
    "解放大路",
    "东风路",
    "南湖路",
    "前进大街",
    "工农大路",
    "建设街",
    "春城大街",
    "光明路",
)
DISTRICTS = ("南关区", "宽城区", "朝阳区", "二道区", "绿园区")
DEMO_PASSWORD = "Demo@2026zb"

# (agency full name, short name, [(branch, size, special)], general branch with its branches, joint branch units)
AGENCIES = (
    (
        "省数字政务局",
        "数字政务局",
        [
            ("办公室党支部", 32, "groups"),
            ("政策法规处党支部", 18, ""),
            ("人事处党支部", 15, ""),
            ("离退休干部党支部", 28, "retired"),
        ],
        ("业务处室党总支", [("数据管理处党支部", 16, ""), ("平台建设处党支部", 17, "")]),
        (),
    ),
    (
        "省统计调查局",
        "统计调查局",
        [
            ("办公室党支部", 22, ""),
            ("综合统计处党支部", 54, "groups"),
            ("调查一处党支部", 20, ""),
            ("调查二处党支部", 12, "overdue"),
            ("离退休干部党支部", 20, "retired"),
        ],
        None,
        (),
    ),
    (
        "省营商环境服务中心",
        "营商服务中心",
        [
            ("办公室党支部", 17, ""),
            ("服务一部党支部", 19, "due_soon"),
            ("服务二部党支部", 5, "tiny"),
            ("监督评估部党支部", 18, "due_6"),
            ("信息中心党支部", 12, "no_publicity"),
        ],
        None,
        (),
    ),
    (
        "省机关事务保障中心",
        "事务保障中心",
        [("办公室党支部", 20, ""), ("资产管理处党支部", 13, "new_secretary"), ("后勤服务处党支部", 25, "")],
        None,
        ("省公共资源交易服务站", "省政务接待保障站", "省机关印务站"),
    ),
)


def demo_year(today: datetime.date) -> int:
    """The year the demo's records fill: the year of last month (in January, the whole of last year)."""
    return add_months(today.replace(day=1), -1).year


@dataclass
class DemoResult:
    organizations: int = 0
    members: int = 0
    activities: int = 0
    recruits: int = 0
    theory_sessions: int = 0
    contest_sheets: int = 0
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role, where)


class DemoBuilder:
    def __init__(self, seed: int = 2024, today: datetime.date | None = None):
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.year = demo_year(self.today)
        self.actor = CommandActor("demo")
        self.used_ids: set[str] = set()
        self.code_counter = 0
        ensure_position_kinds()  # reference data a flushed database may lack
        self.kinds = {kind.code: kind for kind in PositionKind.objects.all()}
        self.result = DemoResult()
        self.branch_members: dict[str, list] = {}
        self.post_holders: dict[tuple[str, str], Member] = {}  # (branch code, post code) → member
        self.guest_lecturers: dict[str, object] = {}  # branch code → the 机关党委 secretary who lectures there

    # -- helpers -------------------------------------------------------------------------------------------------
    def days_ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def next_code(self, prefix: str) -> str:
        self.code_counter += 1
        return f"{prefix}{self.code_counter:04d}"

    def id_number(self, birth: datetime.date, gender: str) -> str:
        while True:
            sequence = self.rng.randrange(0, 500) * 2 + (1 if gender == Gender.MALE else 0)
            first17 = f"{self.rng.choice(AREA_CODES)}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + id_check_char(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))

    def founding_date(self, parent) -> datetime.date:
        """Some years ago, and never before the parent organisation."""
        earliest = parent.founded_on if parent else datetime.date(1980, 1, 1)
        latest = self.days_ago(1500)
        span = max((latest - earliest).days, 1)
        return earliest + datetime.timedelta(days=self.rng.randrange(span // 3, span))

    def organization(self, *, parent, name, kind, short_name="", founded_on=None, units=()):
        organization = organization_services.create_organization(
            actor=self.actor,
            parent=parent,
            name=name,
            short_name=short_name,
            kind=kind,
            code=self.next_code("ZB"),
            founded_on=founded_on or self.days_ago(self.rng.randrange(3000, 9000)),
            units=units,
        )
        self.result.organizations += 1
        return organization

    # -- members -------------------------------------------------------------------------------------------------
    def member(self, branch, *, employer="", retired=False, probationary=False, leading=False, standing_days=None):
        gender = self.rng.choice((Gender.MALE, Gender.FEMALE))
        age = self.rng.randrange(62, 85) if retired else self.rng.randrange(24, 58)
        birth = self.days_ago(age * 365 + self.rng.randrange(0, 360))
        if probationary:
            joined = self.days_ago(self.rng.randrange(30, 330))
        elif standing_days is not None:
            joined = self.days_ago(365 + standing_days)
        else:
            earliest = add_years(birth, 19)
            span = max((self.days_ago(400) - earliest).days, 1)
            joined = earliest + datetime.timedelta(days=self.rng.randrange(0, span))
        fields = {
            "name": self.name(),
            "gender": gender,
            "id_number": self.id_number(birth, gender),
            "ethnicity": self.rng.choices(("汉族", "满族", "朝鲜族", "回族", "蒙古族"), weights=(90, 4, 3, 2, 1))[0],
            "birth_date": birth,
            "education": self.rng.choices(
                (Education.MASTER, Education.BACHELOR, Education.COLLEGE, Education.DOCTORATE), weights=(30, 55, 10, 5)
            )[0],
            "category": Category.PROBATIONARY if probationary else Category.FULL,
            "joined_on": joined,
            "full_member_on": None if probationary else add_years(joined, 1),
            "job_position": JobPosition.RETIRED
            if retired
            else self.rng.choices(
                (JobPosition.CIVIL_SERVANT, JobPosition.INSTITUTION_MANAGER, JobPosition.PROFESSIONAL),
                weights=(70, 20, 10),
            )[0],
            "mobile": f"1{self.rng.choice('3589')}{self.rng.randrange(0, 10**9):09d}",
            "address": f"长春市{self.rng.choice(DISTRICTS)}{self.rng.choice(STREETS)}{self.rng.randrange(1, 999)}号",
            "employer": employer,
            "is_retired": retired,
            "is_veteran": retired and joined < add_years(self.today, -50),
            "is_leading_cadre": leading,
            "dual_life_organization": branch if leading else None,
        }
        member = member_services.create_member(actor=self.actor, organization=branch, **fields)
        self.result.members += 1
        self.branch_members.setdefault(branch.code, []).append(member)
        return member

    def staff_branch(self, branch, size: int, special: str, agency_unit):
        retired = special == "retired"
        members = []
        if special == "new_secretary":
            members.append(
                self.member(branch, employer=agency_unit.name, standing_days=120)
            )  # secretary appointed with < 1 year standing
        probationary_count = 0 if retired else max(1, size // 12)
        for index in range(size - len(members)):
            if special == "tiny":
                probationary = index >= 2  # only 2 full members: ORG-01
            else:
                probationary = index < probationary_count
            members.append(
                self.member(
                    branch,
                    employer=agency_unit.name,
                    retired=retired,
                    probationary=probationary,
                    leading=(special == "groups" and index == size - 1),
                )
            )
        if self.rng.random() < 0.3 and not retired:
            away = members[-2]
            member_services.update_member(
                actor=self.actor, member=away, is_mobile_member=True, mobile_destination="辽宁省沈阳市和平区"
            )
        self.committee(branch, members, special)
        if special == "groups":
            groups = [
                self.organization(
                    parent=branch,
                    name=f"{branch.name}第{number}党小组",
                    kind=OrganizationKind.GROUP,
                    short_name=f"第{number}党小组",
                    founded_on=branch.founded_on,
                )
                for number in range(1, 4)
            ]
            for index, member in enumerate(members):
                member_services.update_member(actor=self.actor, member=member, party_group=groups[index % len(groups)])
        return members

    # -- terms and committees ------------------------------------------------------------------------------------
    def term_start(self, special: str, years: int) -> datetime.date:
        if special == "overdue":
            return add_months(self.today, -(years * 12 + 2))
        if special == "due_soon":
            return add_months(self.today, -(years * 12 - 2))
        if special == "due_6":
            return add_months(self.today, -(years * 12 - 5))
        # The current term began before the demo's year of meetings, so every 支委会 has its committee.
        return self.days_ago(self.rng.randrange(400, years * 365 - 200))

    def committee(self, organization, members, special: str):
        start = self.term_start(special, 3)
        number = self.rng.randrange(2, 6)
        term = committee_services.create_term(
            actor=self.actor,
            organization=organization,
            number=number,
            elected_on=start,
            started_on=start,
            # The branch whose term ran over also never filed the higher organisation's reply (ELE-05).
            approval_document="" if special == "overdue" else f"{start.year}年第{number}号批复",
        )
        full = [m for m in members if m.category == Category.FULL]
        if len(full) >= 7:
            posts = ["secretary", "organization", "publicity", "discipline"]
            if special == "no_publicity":
                posts.remove("publicity")
            if len(full) > 25:
                posts.insert(1, "deputy_secretary")
        else:
            posts = ["secretary"]
        holders = full[: len(posts)]
        if special == "new_secretary":
            holders = [members[0], *[m for m in full if m is not members[0]][: len(posts) - 1]]
        for post, holder in zip(posts, holders, strict=False):
            started_on = max(start, holder.full_member_on or start)
            if special == "new_secretary" and post == "secretary":
                started_on = max(start, self.days_ago(30))  # a full member, but of less than a year's standing
            committee_services.assign_position(
                actor=self.actor, term=term, kind=self.kinds[post], holder=holder, started_on=started_on
            )
            self.post_holders[(organization.code, post)] = holder
        return term

    def committee_secretary(self, term, branch, members, *, lectures: bool):
        """The 机关党委 secretary belongs to the agency's first branch and, except in one agency, gives that branch's
        summer 党课 (MTG-08)."""
        taken = {holder.pk for (code, _), holder in self.post_holders.items() if code == branch.code}
        holder = next(m for m in members if m.category == Category.FULL and m.pk not in taken)
        committee_services.assign_position(
            actor=self.actor,
            term=term,
            kind=self.kinds["secretary"],
            holder=holder,
            started_on=max(term.started_on, holder.full_member_on or term.started_on),
        )
        self.post_holders[(term.organization.code, "secretary")] = holder
        if lectures:
            self.guest_lecturers[branch.code] = holder

    # -- the whole system ----------------------------------------------------------------------------------------
    def build(self) -> DemoResult:
        gongwei = self.organization(
            parent=None,
            name="省直机关工作委员会（演示）",
            short_name="省直机关工委",
            kind=OrganizationKind.GONGWEI,
            founded_on=datetime.date(1990, 7, 1),
        )
        first_branches = {}
        for index, (agency, short, branches, general, joint_units) in enumerate(AGENCIES, start=1):
            staff = self.rng.randrange(120, 420)
            unit = organization_services.create_unit(
                actor=self.actor,
                owner=gongwei,
                name=agency,
                code=f"DEMO-U{index:02d}",
                staff_headcount=staff,
                # One agency is planted below the 1% of full-time Party workers (AGY-01).
                party_staff=1 if index == len(AGENCIES) else max(2, round(staff * 0.015)),
            )
            committee = self.organization(
                parent=gongwei,
                name=f"中共{agency}机关委员会",
                short_name=f"{short}机关党委",
                kind=OrganizationKind.DANGWEI,
                units=[unit],
            )
            committee_term = committee_services.create_term(
                actor=self.actor,
                organization=committee,
                number=3,
                elected_on=self.days_ago(700),
                started_on=self.days_ago(700),
                approval_document=f"{self.days_ago(700).year}年第3号批复",
            )
            for branch_index, (name, size, special) in enumerate(branches):
                branch = self.organization(
                    parent=committee,
                    name=f"中共{agency}{name}",
                    short_name=f"{short}{name}",
                    kind=OrganizationKind.BRANCH,
                    units=[unit],
                )
                members = self.staff_branch(branch, size, special, unit)
                if branch_index == 0:
                    first_branches[index] = branch
                    self.committee_secretary(committee_term, branch, members, lectures=index != len(AGENCIES))
            if general:
                general_name, general_branches = general
                general_org = self.organization(
                    parent=committee,
                    name=f"中共{agency}{general_name}",
                    short_name=f"{short}{general_name}",
                    kind=OrganizationKind.GENERAL_BRANCH,
                    units=[unit],
                )
                committee_services.create_term(
                    actor=self.actor,
                    organization=general_org,
                    number=2,
                    elected_on=self.days_ago(400),
                    started_on=self.days_ago(400),
                )
                for name, size, special in general_branches:
                    branch = self.organization(
                        parent=general_org,
                        name=f"中共{agency}{name}",
                        short_name=f"{short}{name}",
                        kind=OrganizationKind.BRANCH,
                        units=[unit],
                    )
                    self.staff_branch(branch, size, special, unit)
            if joint_units:
                units = [
                    organization_services.create_unit(
                        actor=self.actor, owner=committee, name=unit_name, staff_headcount=self.rng.randrange(6, 20)
                    )
                    for unit_name in joint_units
                ]
                joint = self.organization(
                    parent=committee,
                    name=f"中共{agency}直属单位联合党支部",
                    short_name=f"{short}联合党支部",
                    kind=OrganizationKind.JOINT_BRANCH,
                    units=units,
                )
                self.staff_branch(joint, 12, "", unit)
        signers = self.accounts(gongwei, first_branches)
        branches = list(gongwei.subtree().filter(kind__in=BRANCH_KINDS).order_by("path"))
        # Before the year's meetings, so those admitted are on the rolls of the meetings after their admission.
        self.result.recruits = RecruitmentYear(self).build()
        year = YearOfActivities(self, signers)
        self.result.activities = year.build(branches, planned_gaps(branches))
        WorklogYear(self).build()
        ComplaintsYear(self).build()
        AwardsYear(self).build()
        TrainingYear(self).build()
        self.result.theory_sessions = StudyYear(self).build()
        self.result.contest_sheets = QuizzesYear(self).build()
        return self.result

    def accounts(self, gongwei, first_branches):
        office = first_branches[1]
        agency_committee = office.parent
        office_members = self.branch_members[office.code]
        secretary = self.post_holders[(office.code, "secretary")]
        organizer = self.post_holders[(office.code, "organization")]
        ordinary = office_members[-3]
        second_secretary = self.post_holders[(first_branches[2].code, "secretary")]
        plan = (
            ("gongwei", "示例工委管理员", gongwei, Role.GONGWEI_ADMIN, None),
            ("dangwei", "示例党委管理员", agency_committee, Role.DANGWEI_ADMIN, None),
            ("shuji", secretary.name, office, Role.SECRETARY, secretary),
            ("dangwu", organizer.name, office, Role.PARTY_WORKER, organizer),
            ("jijian", "示例纪检干部", agency_committee, Role.DISCIPLINE, None),
            ("dangyuan", ordinary.name, office, Role.MEMBER, ordinary),
            ("shuji2", second_secretary.name, first_branches[2], Role.SECRETARY, second_secretary),
            ("xitong", "示例系统管理员", gongwei, Role.SYSTEM_ADMIN, None),
            ("anquan", "示例安全管理员", gongwei, Role.SECURITY_ADMIN, None),
            ("shenji", "示例审计管理员", gongwei, Role.AUDIT_ADMIN, None),
            ("dangan", "示例档案管理员", agency_committee, Role.ARCHIVIST, None),
        )
        for index in (2, 3, 4):
            branch = first_branches[index]
            plan += ((f"dangwei{index}", f"示例党委管理员{index}", branch.parent, Role.DANGWEI_ADMIN, None),)
        revealers = {"dangwei"}  # the agency administrator may reveal full personal data, with a reason
        signers = {}
        password_hash = make_password(DEMO_PASSWORD)  # one Argon2 hash for all the accounts sharing the password
        for username, full_name, organization, role, member in plan:
            user = account_services.create_user(
                actor=self.actor,
                username=username,
                full_name=full_name,
                password=DEMO_PASSWORD,
                password_hash=password_hash,
                organization=organization,
                role=role,
                member=member,
                must_change_password=False,
                may_reveal=username in revealers,
            )
            user.is_demo = True
            user.save(update_fields=["is_demo"])
            self.result.accounts.append((username, Role(role).label, organization.name))
            if role == Role.DANGWEI_ADMIN:
                signers[organization.path] = user
        return signers
