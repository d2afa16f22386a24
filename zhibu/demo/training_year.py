"""The demo's 学习培训: each 机关党委 runs a 书记和支委培训班 (concentrated, four sessions) for the committee members of its
branches, and every member of the agencies' first branches has an external training imported (a 网络学院 course),
so 学时统计, a person's page, 我的学时, the 学时台账 and EDU-01/02 have hours from meetings, classes and imports. In
the last agency one committee member on the roster attends no session, so EDU-02 names someone without a
concentrated training. Dates are relative to the demo's
today and stay inside the demo's year (in January, last year: the whole of it has happened)."""

import datetime
from decimal import Decimal

from django.db.models import Q

from zhibu.committees.models import Position
from zhibu.core.actors import CommandActor
from zhibu.members.models import Member
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.training import services
from zhibu.training.reference import ensure_kind_hours

# Invented examples for the 第一议题库 (the library is the 工委's to fill in with the real ones).
FIRST_TOPICS = (
    ("学习党章关于党员义务的规定", "《中国共产党章程》", 40),
    ("学习支部工作条例关于组织生活的规定", "《中国共产党支部工作条例（试行）》", 25),
    ("学习机关基层组织工作条例关于党员教育的规定", "《中国共产党党和国家机关基层组织工作条例》", 10),
)
TOPICS = ("学习贯彻党章党规", "支部工作条例解读", "组织生活规范化", "党费收缴与发展党员工作")


class TrainingYear:
    def __init__(self, builder):
        self.today: datetime.date = builder.today
        # The last day the demo's training may fall on: today, or the end of the demo's year once it is over.
        self.until = min(builder.today, datetime.date(builder.year, 12, 31))
        self.year = builder.year
        self.rng = builder.rng
        self.actor = CommandActor("demo")

    def _start(self) -> datetime.date:
        year_start = datetime.date(self.year, 1, 6)
        return max(year_start, self.until - datetime.timedelta(days=120))

    def build(self) -> int:
        ensure_kind_hours()  # a reset flushes what the migration added
        gongwei = Organization.objects.get(kind=OrganizationKind.GONGWEI, parent=None, name__contains="演示")
        committees = list(gongwei.children.filter(kind=OrganizationKind.DANGWEI).order_by("path"))
        start = self._start()
        made = 0
        for title, source, days in FIRST_TOPICS:
            services.save_first_topic(
                actor=self.actor,
                topic=None,
                title=title,
                source=source,
                published_on=self.today - datetime.timedelta(days=days),
            )
        for index, committee in enumerate(committees):
            holders = list(
                Member.objects.filter(
                    pk__in=Position.objects.filter(
                        Q(ended_on__isnull=True) | Q(ended_on__gte=start),
                        term__organization__path__startswith=committee.path,
                        term__organization__kind__in=("branch", "joint_branch"),
                        holder__isnull=False,
                    ).values("holder_id")
                )
                .current()
                .order_by("pk")
            )
            if not holders or start > self.until:
                continue
            training_class = services.create_class(
                actor=self.actor,
                organization=committee,
                name=f"{committee.short_name or committee.name}支部书记和委员培训班",
                category="secretary",
                starts_on=start,
                ends_on=start + datetime.timedelta(days=10),
                concentrated=True,
            )
            services.enroll(actor=self.actor, training_class=training_class, members=holders)
            for day, topic in enumerate(TOPICS):
                held_on = start + datetime.timedelta(days=day)
                if held_on > self.until:
                    break
                session = services.add_session(
                    actor=self.actor, training_class=training_class, held_on=held_on, topic=topic, hours=Decimal(8)
                )
                absent = holders[:1] if index == len(committees) - 1 else []
                present = [member for member in holders if member not in absent]
                services.record_session_attendance(actor=self.actor, session=session, present=present)
            made += 1
            made += self._external(committee)
        return made

    def _external(self, committee: Organization) -> int:
        branch = committee.children.filter(kind="branch").order_by("path").first()
        ended = self.until - datetime.timedelta(days=10)
        if branch is None or ended.year != self.year:
            return 0
        members = list(Member.objects.current().filter(organization=branch).order_by("pk"))
        rows = [
            (
                number,
                member,
                "网络学院专题学习",
                "干部网络学院",
                ended - datetime.timedelta(days=20),
                ended,
                Decimal(self.rng.choice((8, 12, 16, 20, 24))),
                False,
            )
            for number, member in enumerate(members, start=2)
        ]
        if rows:
            services.import_external(actor=self.actor, organization=branch, rows=rows)
        return len(rows)
