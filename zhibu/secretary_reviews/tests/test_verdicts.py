"""AGY-02 (the 党委's yearly 书记述职评议): judged from the rounds through the live refresh — met once the secretary of
every organisation directly below has reported, in progress while some have not."""

import pytest
from django.utils import timezone

from zhibu.secretary_reviews.tests.helpers import report, review_round
from zhibu.standards.models import Verdict, VerdictStatus

pytestmark = pytest.mark.usefixtures("live_verdicts")


def verdict(org):
    return Verdict.objects.get(organization=org, rule_id="AGY-02", period_key=str(timezone.localdate().year))


def test_agy_02_names_the_secretaries_still_to_report_and_is_met_when_all_have(tree):
    made = review_round(tree.a)
    report(made, tree.a1)
    found = verdict(tree.a)
    assert found.status == VerdictStatus.IN_PROGRESS
    assert "3个党组织中2个书记尚未述职" in found.explanation and "支部A2" in found.explanation
    report(made, tree.a2)
    report(made, tree.a3)
    found = verdict(tree.a)
    assert found.status == VerdictStatus.MET
    assert "3个党组织书记均已述职" in found.explanation
