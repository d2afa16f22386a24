"""The demo's 述职评议 part on a small tree (the full demo build is a slow test): every 党委 holds its round with a
report from each organisation directly below it, so AGY-02 is met; the first 党委's round runs to the end with
anonymous ballots, grades computed from them and critiques."""

import pytest
from django.utils import timezone

from zhibu.accounts.roles import Role
from zhibu.demo.builder import demo_year
from zhibu.demo.secretary_reviews_year import RATERS, build_secretary_reviews
from zhibu.organizations.models import OrganizationKind
from zhibu.secretary_reviews.models import AppraisalRound, Ballot, Report, Status
from zhibu.standards.models import Verdict
from zhibu.testing import make_org, persona

pytestmark = pytest.mark.django_db


def _tree():
    gongwei = make_org(None, "演示工委", OrganizationKind.GONGWEI)
    first = make_org(gongwei, "演示党委一", OrganizationKind.DANGWEI)
    make_org(first, "演示支部一", OrganizationKind.BRANCH)
    make_org(first, "演示支部二", OrganizationKind.BRANCH)
    second = make_org(gongwei, "演示党委二", OrganizationKind.DANGWEI)
    make_org(second, "演示支部三", OrganizationKind.BRANCH)
    persona("gongwei", gongwei, Role.GONGWEI_ADMIN)
    persona("dangwei", first, Role.DANGWEI_ADMIN)
    persona("jijian", first, Role.DISCIPLINE)
    persona("dangan", first, Role.ARCHIVIST)
    persona("dangwu", first.children.order_by("path").first(), Role.PARTY_WORKER)
    persona("dangyuan", first.children.order_by("path").first(), Role.MEMBER)
    return first, second


def test_every_committee_reports_and_the_first_round_is_graded_from_ballots():
    first, second = _tree()
    year = demo_year(timezone.localdate())
    summary = build_secretary_reviews(year)
    assert "2个述职评议" in summary and "3份述职报告" in summary
    full = AppraisalRound.objects.get(organization=first)
    assert full.status == Status.CLOSED
    reports = Report.objects.filter(round=full)
    assert reports.count() == 2 and all(r.grade and r.critique and r.figures["year"] == year for r in reports)
    assert Ballot.objects.filter(report__round=full).count() == 2 * len(RATERS)
    assert "×" in reports.first().arithmetic["formula"]
    assert AppraisalRound.objects.get(organization=second).status == Status.OPEN
    verdicts = Verdict.objects.filter(rule_id="AGY-02", period_key=str(year))
    assert {v.organization_id: v.status for v in verdicts} == {first.pk: "met", second.pk: "met"}
