"""The demo's party-affairs notices (党务公开): in each of the first branches a notice of its committee's division of
work and the year's dues publication generated from the dues records and published (FEE-09 counts it); a 机关党委's
notice of the year's honours to its whole subtree; one draft and one withdrawn notice; the demo member accounts have
read some, so the read counts and the 待办 show both."""

import datetime

from zhibu.core.actors import CommandActor
from zhibu.members.models import Member
from zhibu.notices import services
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind

DIVISION = (
    "经支部委员会研究，现将支部委员分工公开如下：\n\n"
    "书记：主持支部全面工作；组织委员：负责组织发展、党员教育管理和党费收缴；宣传委员：负责理论学习和宣传工作。\n\n"
    "党员对分工如有意见建议，请向支部委员会反映。"
)
HONOURS = (
    "经各支部推荐、机关党委审核，拟表彰优秀共产党员、优秀党务工作者和先进党支部，名单见各支部通知。\n\n"
    "公开期内如有异议，请以书面形式向机关党委反映。"
)


def build_notices(today: datetime.date, year: int) -> int:
    """Returns the number of notices written."""
    actor = CommandActor("demo")
    written = 0
    branches = list(Organization.objects.filter(kind__in=BRANCH_KINDS).order_by("path")[:3])
    for index, branch in enumerate(branches):
        division = services.create_notice(
            actor=actor,
            organization=branch,
            title=f"{branch.name}支部委员分工公开",
            body=DIVISION,
            category="organization",
            publish_from=today - datetime.timedelta(days=20 + index),
            publish_until=today + datetime.timedelta(days=40),
        )
        services.publish_notice(actor=actor, notice=division)
        dues = services.draft_dues_notice(actor=actor, organization=branch, year=year)
        services.publish_notice(actor=actor, notice=dues)
        written += 2
        if index == 0:
            services.create_notice(
                actor=actor,
                organization=branch,
                title=f"{branch.name}发展对象公示（草稿）",
                body="经支部委员会研究，拟确定一名同志为发展对象，公示期5个工作日。",
                category="recruitment",
                publish_from=today,
                publish_until=today + datetime.timedelta(days=7),
            )
            written += 1
        if index == 1:
            wrong = services.create_notice(
                actor=actor,
                organization=branch,
                title=f"{branch.name}主题党日安排",
                body="本月主题党日安排在第三周周五下午。",
                category="other",
                publish_from=today - datetime.timedelta(days=10),
            )
            services.publish_notice(actor=actor, notice=wrong)
            services.withdraw_notice(actor=actor, notice=wrong, reason="时间调整，另行通知")
            written += 1
    committee = Organization.objects.filter(kind=OrganizationKind.DANGWEI).order_by("path").first()
    if committee is not None:
        honours = services.create_notice(
            actor=actor,
            organization=committee,
            title=f"{committee.name}{year}年度评先评优拟表彰名单公开",
            body=HONOURS,
            category="awards",
            publish_from=today - datetime.timedelta(days=3),
            publish_until=today + datetime.timedelta(days=4),
        )
        services.publish_notice(actor=actor, notice=honours)
        written += 1
    # The demo member accounts have opened their branch's division of work, not yet the rest.
    for member in Member.objects.filter(user__is_demo=True).select_related("user", "organization"):
        for notice in services.addressed_to(member.user, today).filter(category="organization"):
            services.mark_read(actor=member.user, notice=notice)
    return written
