"""A recognised 党建品牌 feeds back to the organisation's page (its own and those below it), with each year's 认定;
a brand still waiting for its evaluation does not show, nor does another branch's."""

import pytest

from zhibu.branding.tests.brand_helpers import brand, recognised

pytestmark = pytest.mark.django_db


def test_a_recognised_brand_shows_on_the_pages_above_it(tree, personas, client_as):
    waiting = brand(tree.a2, name="待评品牌")
    made = recognised(tree.a1)
    keeper = client_as(personas["支部书记A1"])
    page = keeper.get(f"/organizations/{tree.a1.pk}/").content.decode()
    assert "<h2>党建品牌</h2>" in page and made.get_absolute_url() in page and f"“{made.name}”" in page
    committee = client_as(personas["党委管理员A"]).get(f"/organizations/{tree.a.pk}/").content.decode()
    assert f"“{made.name}”" in committee and waiting.name not in committee
    other = client_as(personas["支部书记B1"]).get(f"/organizations/{tree.b1.pk}/").content.decode()
    assert "<h2>党建品牌</h2>" not in other
