"""The member's phone side: the page and the fulfil form are the phone layout (viewport, the mine stylesheet, a file
input that takes photos), and a second tap on 认领 changes nothing."""

import pytest

from zhibu.service import services
from zhibu.service.models import Wish
from zhibu.service.tests.helpers import wish

pytestmark = pytest.mark.clock("2025-06-10 10:00")


def test_phone_pages_and_a_double_tap_on_claim(tree, personas, client_as):
    made = wish(tree.a1)
    member = client_as(personas["党员A1"])
    page = member.get("/service/mine/").content.decode()
    assert 'name="viewport"' in page and "mine/mine.css" in page and "我来认领" in page
    member.post(f"/service/wishes/{made.pk}/claim/", {"next": "mine"})
    second = member.post(f"/service/wishes/{made.pk}/claim/", {"next": "mine"}, follow=True)
    assert "您已认领该心愿" in second.content.decode()
    made.refresh_from_db()
    assert made.status == Wish.Status.CLAIMED
    form = member.get(f"/service/wishes/{made.pk}/fulfil/").content.decode()
    assert 'enctype="multipart/form-data"' in form and 'type="file"' in form
    assert services.own_member(personas["党员A1"]) == made.claimed_by_member


def test_a_user_without_a_member_record_is_told_so(personas, client_as):
    page = client_as(personas["无角色"]).get("/service/mine/")
    assert page.status_code == 200 and "未关联党员信息" in page.content.decode()
