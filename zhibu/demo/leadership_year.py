"""The demo's leaders' duties: in every 机关党委 the first two members of its first branch (the agency's own 机关
branch) keep a contact point each in another branch, visited twice in the demo's year — except the first agency's
second leader, who visited once (AGY-04 names that gap: 进行中 while the year runs, 未达标 after); each leader's research
of the year (30 days and a report, AGY-05 met); and a 书记项目 in the first branch."""

import datetime

from zhibu.core.actors import CommandActor
from zhibu.demo.builder import demo_year
from zhibu.leadership import services
from zhibu.members.models import Member
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind

KINDS = ("life", "lecture")


def build_leadership(today: datetime.date) -> int:
    """Returns the number of contact-point visits recorded."""
    actor = CommandActor("demo")
    year = demo_year(today)
    start = datetime.date(year, 1, 1)
    last = min(today - datetime.timedelta(days=1), datetime.date(year, 12, 31))
    spread = max((last - start).days, 2)
    days = [start + datetime.timedelta(days=spread // 4), start + datetime.timedelta(days=spread * 3 // 4)]
    visits = 0
    agencies = Organization.objects.filter(kind=OrganizationKind.DANGWEI).order_by("path")
    for number, agency in enumerate(agencies):
        branches = list(
            Organization.objects.filter(kind__in=BRANCH_KINDS, path__startswith=agency.path).order_by("path")
        )
        if len(branches) < 3:
            continue
        leaders = list(Member.objects.current().filter(organization=branches[0]).order_by("id")[:2])
        for place, leader in enumerate(leaders):
            contact = services.create_contact_point(
                actor=actor,
                organization=agency,
                leader=leader,
                branch=branches[place + 1],
                since=start,
                post="党委书记" if place == 0 else "党委委员",
            )
            once = number == 0 and place == 1
            for day, kind in list(zip(days, KINDS, strict=True))[: 1 if once else 2]:
                services.record_visit(
                    actor=actor, contactpoint=contact, visited_on=day, kind=kind, notes="参加支部组织生活，听取工作汇报"
                )
                visits += 1
            services.record_research(
                actor=actor,
                organization=agency,
                leader=leader,
                started_on=days[0],
                days=18,
                topic="机关党建与业务工作深度融合",
                report_title="关于推动机关党建与业务深度融合的调研报告",
            )
            services.record_research(
                actor=actor, organization=agency, leader=leader, started_on=days[1], days=12, topic="基层支部标准化建设"
            )
        if number == 0 and leaders:
            services.create_project(
                actor=actor,
                organization=branches[0],
                secretary=leaders[0],
                year=year,
                title="党建引领优化营商环境",
                goals="梳理办事堵点10个，推出便民举措5项",
                status="ongoing",
            )
    return visits
