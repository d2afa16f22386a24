"""Garbage posted to the new writes of leaders' duties and of wishes (the research report upload on the page and
over the API; a wish's claim, fulfil and confirm over the API): never a server error, nothing half-written."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from zhibu.core.models import Attachment
from zhibu.leadership.tests.helpers import research
from zhibu.service import services as service
from zhibu.service.models import Wish
from zhibu.service.tests.helpers import community, wish
from zhibu.testing import SETUP, make_member

pytestmark = pytest.mark.clock("2026-06-10 10:00")

NASTY = ["", " ", "0", "-1", "99999999999999999999", "1.5", "abc", "２０２６-１１-０１", "2026-02-30", "2099-12-31",
         "<script>alert(1)</script>", "\x00", "😀" * 50, "x" * 5000, "[]", "null"]  # fmt: skip
JSON_NASTY: list[object] = [None, True, -1, 0, 10**20, 1.5, "", "x" * 5000, [], {}, "2024-13-01", "北京"]


def test_garbage_to_the_report_upload_is_refused_without_a_write(tree, personas):
    import datetime

    record = research(tree.a, make_member(tree.a1), datetime.date(2026, 6, 1), report="")
    page, api = Client(), APIClient()
    page.force_login(personas["党委管理员A"])
    api.force_authenticate(personas["党委管理员A"])
    for value in NASTY:
        answer = page.post(f"/leadership/research/{record.pk}/reports/new/", {"upload": value, "report_title": value})
        assert answer.status_code == 200, (value, answer.status_code)
        answer = api.post(f"/api/v1/research-records/{record.pk}/reports/", {"upload": value, "report_title": value})
        assert answer.status_code == 400, (value, answer.status_code)
    assert not record.reports.exists() and not Attachment.objects.exists()
    record.refresh_from_db()
    assert record.report_title == ""


def test_garbage_to_the_wish_actions_is_a_400_or_404(tree, personas):
    place = community(tree.a1)
    open_wish, claimed, claimable = (wish(tree.a1, title, place) for title in ("甲", "乙", "丙"))
    service.claim_wish(actor=SETUP, wish=claimed, organization=tree.a1)
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    for value in JSON_NASTY:
        body = {"organization": value}
        assert api.post(f"/api/v1/service-wishes/{claimable.pk}/claim/", body, format="json").status_code in (200, 400)
        body = {"confirmed_on": value, "confirmation": value}
        assert api.post(f"/api/v1/service-wishes/{open_wish.pk}/confirm/", body, format="json").status_code == 400
    for value in NASTY:
        body = {"fulfilled_on": value, "fulfilment": value, "hours": value, "evidence": value}
        assert api.post(f"/api/v1/service-wishes/{claimed.pk}/fulfil/", body).status_code == 400
        assert api.post(f"/api/v1/service-wishes/{value or 0}/claim/", {}, format="json").status_code in (404, 405)
    assert Wish.objects.get(pk=open_wish.pk).status == Wish.Status.OPEN
    assert Wish.objects.get(pk=claimed.pk).status == Wish.Status.CLAIMED
