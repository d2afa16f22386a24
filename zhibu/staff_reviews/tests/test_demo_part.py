"""The demo's 党务工作者考核 part on a small tree (the full demo build is a slow test): the first 党委 reviews the
secretary and the 党务干部 of its branch; the invited raters' ballots count by their relation to each person, and the
round is scored with a grade for everyone."""

import pytest
from django.utils import timezone

from zhibu.accounts.roles import Role
from zhibu.demo.builder import demo_year
from zhibu.demo.staff_reviews_year import build_staff_reviews
from zhibu.organizations.models import OrganizationKind
from zhibu.staff_reviews.models import Ballot, StaffReviewRound, Status, Subject
from zhibu.testing import make_member, make_org, persona

pytestmark = pytest.mark.django_db


def test_the_first_committee_reviews_its_staff_and_scores_the_round():
    gongwei = make_org(None, "演示工委", OrganizationKind.GONGWEI)
    first = make_org(gongwei, "演示党委一", OrganizationKind.DANGWEI)
    branch = make_org(first, "演示支部一", OrganizationKind.BRANCH)
    persona("gongwei", gongwei, Role.GONGWEI_ADMIN)
    persona("dangwei", first, Role.DANGWEI_ADMIN)
    persona("jijian", first, Role.DISCIPLINE)
    persona("shuji", branch, Role.SECRETARY, member=make_member(branch, name="演示书记"))
    persona("dangwu", branch, Role.PARTY_WORKER, member=make_member(branch, name="演示干事"))
    persona("dangyuan", branch, Role.MEMBER, member=make_member(branch, name="演示党员"))
    year = demo_year(timezone.localdate())
    summary = build_staff_reviews(year)
    assert summary == "2名考核对象，10张评议票，2人已评定等次"
    review = StaffReviewRound.objects.get()
    assert review.organization == first and review.year == year and review.status == Status.SCORED
    assert all(s.grade and "×" in s.arithmetic["formula"] for s in Subject.objects.filter(round=review))
    # the 工委 and the 党委's officers rate as 上级, the branch's post holders each other as 同级, its member as 下级,
    # whatever group they were invited in
    groups = sorted(Ballot.objects.values_list("group", flat=True))
    assert (groups.count("superior"), groups.count("peer"), groups.count("subordinate")) == (6, 2, 2)
