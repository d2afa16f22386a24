"""Builders for the 述职评议 tests: a round of 党委A (or B) for the year of the test clock, a report, invited raters."""

from django.utils import timezone

from zhibu.secretary_reviews import services
from zhibu.secretary_reviews.models import Status
from zhibu.testing import SETUP

TEXT = "一年来，支部认真落实“三会一课”制度，抓好党员教育管理，推动业务工作与党建工作深度融合。"


def review_round(organiser, **overrides):
    fields = {"year": timezone.localdate().year, "title": f"{organiser.name}书记述职评议"}
    fields.update(overrides)
    return services.create_round(actor=SETUP, organization=organiser, **fields)


def report(appraisal_round, organization, actor=SETUP, **overrides):
    fields = {"secretary": "张书记", "text": TEXT}
    fields.update(overrides)
    return services.submit_report(actor=actor, round=appraisal_round, organization=organization, **fields)


def raters(appraisal_round, personas, groups):
    """``groups``: persona name → rater group."""
    return {
        name: services.invite_rater(actor=SETUP, round=appraisal_round, user=personas[name], group=group)
        for name, group in groups.items()
    }


def advance(appraisal_round, to: Status):
    return services.advance(actor=SETUP, round=appraisal_round, to=to)


def rating(tree, personas, groups=None):
    """党委A's round in 评议中 with A1's report and the raters."""
    made = review_round(tree.a)
    made_report = report(made, tree.a1)
    raters(made, personas, groups or {"工委管理员": "superior", "支部书记A1": "peer", "党员A1": "member"})
    return advance(made, Status.RATING), made_report
