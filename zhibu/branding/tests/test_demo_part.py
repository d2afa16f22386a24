"""The demo's 四强 part on a small tree (the full demo build is a slow test): a locked sheet of the year before the
rating year, a named branch with its case, the title on the organisation page."""

import datetime

import pytest

from zhibu.accounts.roles import Role
from zhibu.branding.models import Brand, Case, FourStrongApplication, Stage
from zhibu.demo.four_strong_year import build_brand, build_four_strong
from zhibu.organizations.models import OrganizationKind
from zhibu.ratings.models import ScoringSheet
from zhibu.testing import make_org, persona

pytestmark = pytest.mark.django_db


def _tree():
    gongwei = make_org(None, "演示工委", OrganizationKind.GONGWEI)
    committee = make_org(gongwei, "演示党委", OrganizationKind.DANGWEI)
    first = make_org(committee, "演示支部一", OrganizationKind.BRANCH)
    make_org(committee, "演示支部二", OrganizationKind.BRANCH)
    persona("gongwei", gongwei, Role.GONGWEI_ADMIN)
    persona("dangwei", committee, Role.DANGWEI_ADMIN)
    persona("shuji", first, Role.SECRETARY)
    return first


@pytest.mark.clock("2026-11-16T10:00")
def test_the_demo_names_a_branch_with_a_case():
    first = _tree()
    assert build_four_strong(datetime.date(2026, 11, 16), 2026) == "演示支部一"
    assert ScoringSheet.objects.get(year=2025).locked_at is not None
    application = FourStrongApplication.objects.get()
    assert application.stage == Stage.NAMED and application.organization == first
    assert application.named_on < datetime.date(2026, 11, 16)
    assert Case.objects.get().organization == first
    # The branch's 党建品牌, its case as support, recognised by its 机关党委.
    assert build_brand() == "红色窗口（已认定）"
    brand = Brand.objects.get()
    assert brand.organization == first and list(brand.cases.all()) == [Case.objects.get()]


@pytest.mark.clock("2027-01-01T00:30")
def test_at_new_year_the_demo_still_builds():
    _tree()
    build_four_strong(datetime.date(2027, 1, 1), 2026)
    assert FourStrongApplication.objects.get().stage in (Stage.NAMED, Stage.APPROVED)
