"""The star rating feeds back to the organisation's page once the sheet is 定稿: a branch sees its own stars, a 党委 those
of its branches, each linked to where the points came from; another branch's keeper sees none of them."""

import pytest
from django.utils import timezone

from zhibu.ratings import services

pytestmark = pytest.mark.django_db
LAST_YEAR = timezone.localdate().year - 1


def _sheet(personas, tree):
    sheet = services.create_sheet(
        actor=personas["工委管理员"], organization=tree.gongwei, year=LAST_YEAR, with_default_items=False
    )
    services.add_item(
        actor=personas["工委管理员"],
        sheet=sheet,
        dimension="committee",
        title="三会一课",
        kind="auto",
        points="20",
        rule_ids=["MTG-04"],
    )
    return sheet


def test_the_stars_show_only_once_the_sheet_is_final(tree, personas, client_as):
    sheet = _sheet(personas, tree)
    keeper = client_as(personas["支部书记A1"])
    assert "星级评定结果" not in keeper.get(f"/organizations/{tree.a1.pk}/").content.decode()
    services.lock_sheet(actor=personas["工委管理员"], sheet=sheet)
    page = keeper.get(f"/organizations/{tree.a1.pk}/").content.decode()
    assert "星级评定结果" in page and f"{LAST_YEAR}年度 支部A1：" in page
    assert f"/ratings/{sheet.pk}/branches/{tree.a1.pk}/" in page
    committee = client_as(personas["党委管理员A"]).get(f"/organizations/{tree.a.pk}/").content.decode()
    assert "支部A1：" in committee and "支部A2：" in committee and "支部B1：" not in committee
    other = client_as(personas["支部书记B1"]).get(f"/organizations/{tree.b1.pk}/").content.decode()
    assert "支部B1：" in other and "支部A1：" not in other
