"""The demo's 书记述职评议 (一述一评) of its year: every 机关党委 holds its round and the secretary of every organisation
directly below it reports (the figures snapshot attached by the service), so AGY-02 is judged from the records. The
first 党委 (the ``dangwei`` account's) runs the whole path: invited raters in the three groups cast anonymous ballots,
the grades are computed from them, every report is critiqued and the round is closed."""

import random

from zhibu.accounts.models import User
from zhibu.activities.models import Activity
from zhibu.awards.records import HELD
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.secretary_reviews import services
from zhibu.secretary_reviews.models import Grade, Group, Status

REPORT_TEXT = (
    "一年来，{name}认真落实全面从严治党主体责任，坚持“第一议题”制度，按期召开“三会一课”，"
    "全年开展组织生活{meetings}次；抓好党员教育管理和发展党员工作，推动党建与业务深度融合。"
    "存在的问题：理论学习与业务结合不够紧，个别党员参加组织生活不够经常。下一步将坚持问题导向，抓好整改落实。"
)
CRITIQUE = (
    "述职实事求是，全年组织生活按期开展，党员教育管理扎实。问题是理论学习与业务结合不够紧，"
    "部分台账记录不够规范。要求：一季度前完成台账规范化整改，书记带头讲党课。"
)
# The demo accounts the first 党委 invites, by rater group (the 工委 above it, its own officers, members of its branch).
RATERS = (
    ("gongwei", Group.SUPERIOR),
    ("dangwei", Group.PEER),
    ("jijian", Group.PEER),
    ("dangan", Group.PEER),
    ("dangwu", Group.MEMBER),
    ("dangyuan", Group.MEMBER),
)
# How raters lean, per group: most choose 好 or 较好, now and then 一般.
CHOICES = (Grade.GOOD, Grade.GOOD, Grade.FAIRLY_GOOD, Grade.FAIRLY_GOOD, Grade.AVERAGE)


def build_secretary_reviews(year: int, seed: int = 2024) -> str:
    """Returns a summary line: the rounds, the reports and the ballots."""
    rng = random.Random(seed)
    organiser_user = User.objects.get(username="gongwei")
    committees = list(
        Organization.objects.filter(kind=OrganizationKind.DANGWEI, status=Organization.Status.ACTIVE).order_by("path")
    )
    full_path = User.objects.get(username="dangwei").role_grants.get().organization
    reports_made = ballots = 0
    for committee in committees:
        appraisal_round = services.create_round(
            actor=organiser_user,
            organization=committee,
            year=year,
            title=f"{year}年度党组织书记抓基层党建述职评议考核",
        )
        reports = []
        for subject in services.subjects(committee).order_by("path"):
            held = Activity.objects.filter(organization=subject, status__in=HELD, held_at__year=year).count()
            reports.append(
                services.submit_report(
                    actor=organiser_user,
                    round=appraisal_round,
                    organization=subject,
                    secretary=_secretary_name(subject),
                    text=REPORT_TEXT.format(name=subject.short_name or subject.name, meetings=max(held, 1)),
                )
            )
        reports_made += len(reports)
        if committee != full_path:
            continue
        for username, group in RATERS:
            services.invite_rater(
                actor=organiser_user, round=appraisal_round, user=User.objects.get(username=username), group=group
            )
        services.advance(actor=organiser_user, round=appraisal_round, to=Status.RATING)
        for username, _group in RATERS:
            rater = User.objects.get(username=username)
            for made in reports:
                services.cast_ballot(actor=rater, report=made, choice=rng.choice(CHOICES))
                ballots += 1
        services.advance(actor=organiser_user, round=appraisal_round, to=Status.GRADED)
        for made in reports:
            services.critique(actor=organiser_user, report=made, text=CRITIQUE)
        services.advance(actor=organiser_user, round=appraisal_round, to=Status.CLOSED)
    return f"{len(committees)}个述职评议，{reports_made}份述职报告，{ballots}张评议票"


def _secretary_name(organization: Organization) -> str:
    """The secretary of the organisation's current committee, as the records have it."""
    from zhibu.committees.models import Position

    held = (
        Position.objects.filter(
            term__organization=organization, kind__code="secretary", ended_on__isnull=True, holder__isnull=False
        )
        .select_related("holder")
        .order_by("-id")
        .first()
    )
    if held is not None and held.holder is not None:
        return held.holder.name
    # A 党总支 whose posts the demo does not fill: one of its members stands as the secretary.
    from zhibu.members.models import Member

    first = Member.objects.filter(organization__path__startswith=organization.path).order_by("pk").first()
    return first.name if first is not None else "书记"
