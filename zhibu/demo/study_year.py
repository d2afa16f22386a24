"""The demo's 学习清单: the 工委 issues one monthly list (the month of the latest meeting held) with two topics, and
every other branch that held a 党员大会 or 支委会 that month linked the first topic to it, so the coverage shows some
branches done and others not yet. And the first agency's 理论学习中心组: seven seats and up to four sessions in the
demo year (a 主讲 of its own or an invited one, 交流发言, someone on leave, someone sitting in), so its 学习台账 and
the seats' 学时 have something to show."""

import datetime

from django.utils import timezone

from zhibu.accounts.models import User
from zhibu.activities.models import Activity, ActivityKind
from zhibu.core.actors import CommandActor
from zhibu.members.models import Member
from zhibu.members.validation import add_months
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.study import services

SESSIONS = (
    ("学习习近平新时代中国特色社会主义思想专题", "市委党校特邀教授", "《习近平新时代中国特色社会主义思想学习纲要》"),
    ("学习党章党规，推进全面从严治党", "", "《中国共产党章程》\n《中国共产党纪律处分条例》"),
    ("学习机关党建工作的新要求", "", "《中国共产党党和国家机关基层组织工作条例》"),
    ("学习贯彻全会精神专题研讨", "", "全会公报"),
)
KINDS = ("general_meeting", "branch_committee")


class StudyYear:
    def __init__(self, builder):
        self.today: datetime.date = builder.today
        self.year: int = builder.year
        self.actor = CommandActor("demo")

    def build(self) -> int:
        self.build_list()
        return self.build_theory_group()

    def build_theory_group(self) -> int:
        """The 中心组 of the agency the demo's 党委 account keeps; returns the sessions recorded."""
        keeper = User.objects.filter(username="dangwei").first()
        if keeper is None:
            return 0
        committee = keeper.role_grants.get().organization
        people = list(
            Member.objects.current()
            .filter(organization__path__startswith=committee.path)
            .select_related("organization")
            .order_by("organization__path", "pk")
        )
        seats, observers = people[:7], people[-2:]
        if len(people) < 10:
            return 0
        group = services.create_group(actor=self.actor, organization=committee, name=f"{committee.name}理论学习中心组")
        services.seat_members(actor=self.actor, group=group, members=seats, leader=seats[0], secretary=seats[-1])
        # The complete months before this one that lie in the demo year, four of them spread over the year.
        months = [add_months(self.today.replace(day=1), -back) for back in range(12, 0, -1)]
        months = [month for month in months if month.year == self.year]
        chosen = months[:: max(1, len(months) // len(SESSIONS))][: len(SESSIONS)]
        for index, (month, (topic, invited, materials)) in enumerate(zip(chosen, SESSIONS, strict=False)):
            away = seats[1 + index % (len(seats) - 1)]
            present = [person for person in seats if person != away]
            services.record_session(
                actor=self.actor,
                group=group,
                held_on=month.replace(day=18),
                topic=topic,
                hours=3 if invited else 2,
                present=present,
                on_leave=[away],
                observers=observers if index % 2 == 0 else [],
                lecturer=None if invited else seats[0],
                lecturer_name=invited,
                lecture_title=topic.removeprefix("学习"),
                speakers=present[1:3],
                materials=materials,
                summary="中心组成员围绕主题交流了学习体会，结合分管工作提出了贯彻落实的具体措施。",
            )
        return len(chosen)

    def build_list(self) -> None:
        gongwei = Organization.objects.get(kind=OrganizationKind.GONGWEI, parent=None, name__contains="演示")
        held = Activity.objects.filter(
            organization__path__startswith=gongwei.path,
            kind__code__in=KINDS,
            held_at__isnull=False,
            held_at__date__lte=self.today,
        ).order_by("-held_at")
        latest = held.first()
        if latest is None:
            return
        day = timezone.localtime(latest.held_at).date()
        study_list = services.issue_list(
            actor=self.actor, organization=gongwei, period="month", year=day.year, number=day.month
        )
        kinds = list(ActivityKind.objects.filter(code__in=KINDS))
        first = services.add_topic(
            actor=self.actor,
            study_list=study_list,
            title="学习党章关于党员权利和义务的规定",
            suggested_form="collective",
            materials="《中国共产党章程》第一章\n《中国共产党党员权利保障条例》",
            kinds=kinds,
        )
        services.add_topic(
            actor=self.actor,
            study_list=study_list,
            title="学习机关基层组织工作条例关于党员教育管理的规定",
            suggested_form="discussion",
            materials="《中国共产党党和国家机关基层组织工作条例》",
            kinds=kinds,
        )
        in_month = held.filter(held_at__date__gte=study_list.starts_on, held_at__date__lte=study_list.ends_on)
        meetings: dict[int, Activity] = {}
        for activity in in_month.order_by("organization__path", "held_at"):
            meetings.setdefault(activity.organization_id, activity)
        for activity in list(meetings.values())[::2]:
            services.link_topics(actor=self.actor, activity=activity, topics=[first])
