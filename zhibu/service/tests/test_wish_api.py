"""A wish's path over the API: claimed by a member or a branch, fulfilled with a photo, confirmed by the keeper —
through the same services as the pages, scoped like the list, refused in Chinese."""

import datetime

import pytest
from rest_framework.test import APIClient

from zhibu.core.models import AuditEvent
from zhibu.service import services
from zhibu.service.models import ServiceRecord, Wish
from zhibu.service.tests.helpers import photo, wish
from zhibu.testing import SETUP

pytestmark = pytest.mark.clock("2025-06-10 10:00")
URL = "/api/v1/service-wishes"


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_member_claims_and_fulfils_and_the_keeper_confirms(tree, personas):
    made, member, secretary = wish(tree.a1), as_user(personas["党员A1"]), as_user(personas["支部书记A1"])
    claimed = member.post(f"{URL}/{made.pk}/claim/", {}, format="json")
    assert claimed.status_code == 200 and claimed.json()["status"] == "claimed"
    assert claimed.json()["claimer"] == str(Wish.objects.get(pk=made.pk).claimed_by_member)
    again = member.post(f"{URL}/{made.pk}/claim/", {}, format="json")
    assert again.status_code == 400 and again.json()["non_field_errors"] == ["您已认领该心愿，不必再次认领"]
    fulfilled = member.post(
        f"{URL}/{made.pk}/fulfil/",
        {"fulfilled_on": "2025-06-10", "fulfilment": "送去一台收音机", "hours": "2", "evidence": [photo()]},
        format="multipart",
    )
    assert fulfilled.status_code == 200, fulfilled.json()
    assert fulfilled.json()["status"] == "fulfilled" and made.evidence.count() == 1
    assert ServiceRecord.objects.get(wish=made).hours == 2
    refused = member.post(f"{URL}/{made.pk}/confirm/", {"confirmed_on": "2025-06-10", "confirmation": "好"})
    assert refused.status_code == 403 and "群众确认由登记该心愿的党组织记录" in refused.json()["detail"]
    confirmed = secretary.post(f"{URL}/{made.pk}/confirm/", {"confirmed_on": "2025-06-10", "confirmation": "赵某满意"})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    events = list(AuditEvent.objects.filter(object_id=str(made.pk), event__startswith="service.wish_"))
    assert {event.event for event in events} >= {
        "service.wish_claimed",
        "service.wish_fulfilled",
        "service.wish_confirmed",
    }


def test_a_branch_claims_in_its_own_name_only(tree, personas):
    made, secretary = wish(tree.a1), as_user(personas["支部书记A1"])
    stranger = secretary.post(f"{URL}/{made.pk}/claim/", {"organization": tree.b1.pk}, format="json")
    assert stranger.status_code == 400 and "不在您的权限范围内" in stranger.json()["organization"][0]
    huge = secretary.post(f"{URL}/{made.pk}/claim/", {"organization": 10**30}, format="json")
    assert huge.status_code == 400
    assert Wish.objects.get(pk=made.pk).status == Wish.Status.OPEN
    claimed = secretary.post(f"{URL}/{made.pk}/claim/", {"organization": tree.a1.pk}, format="json")
    assert claimed.status_code == 200 and claimed.json()["claimer"] == str(tree.a1)
    late = as_user(personas["党员A1"]).post(f"{URL}/{made.pk}/claim/", {}, format="json")
    assert late.status_code == 400 and "不能重复认领" in late.json()["non_field_errors"][0]


def test_wrong_steps_and_bad_bodies_are_refused_without_a_half_write(tree, personas):
    made, secretary = wish(tree.a1), as_user(personas["支部书记A1"])
    early = secretary.post(f"{URL}/{made.pk}/confirm/", {"confirmed_on": "2025-06-10", "confirmation": "好"})
    assert early.status_code == 400 and "只有“已兑现”的心愿可以登记群众确认" in early.json()["non_field_errors"][0]
    services.claim_wish(actor=SETUP, wish=made, organization=tree.a1)
    bare = secretary.post(f"{URL}/{made.pk}/fulfil/", {"fulfilled_on": "2025-06-10", "fulfilment": "x"})
    assert bare.status_code == 400 and "evidence" in bare.json()
    future = secretary.post(
        f"{URL}/{made.pk}/fulfil/",
        {"fulfilled_on": "2026-01-01", "fulfilment": "x", "evidence": [photo()]},
        format="multipart",
    )
    assert future.status_code == 400 and "不能晚于今天" in str(future.json()["fulfilled_on"])
    garbage = secretary.post(
        f"{URL}/{made.pk}/fulfil/",
        {"fulfilled_on": "昨天", "fulfilment": "x", "hours": "9" * 40, "evidence": [photo()]},
        format="multipart",
    )
    assert garbage.status_code == 400 and {"fulfilled_on", "hours"} <= set(garbage.json())
    too_long = secretary.post(
        f"{URL}/{made.pk}/fulfil/",
        {"fulfilled_on": "2025-06-10", "fulfilment": "x", "hours": "30", "evidence": [photo()]},
        format="multipart",
    )
    assert too_long.status_code == 200  # a branch's claim: the hours are nobody's, so they are not recorded
    assert not ServiceRecord.objects.filter(wish=made).exists()
    made.refresh_from_db()
    assert made.status == Wish.Status.FULFILLED and made.evidence.count() == 1


def test_out_of_scope_is_a_404_and_a_post_to_the_list_is_not_allowed(tree, personas):
    stranger = wish(tree.b1, title="外支部的心愿")
    for user in ("党员A1", "支部书记A1"):
        api = as_user(personas[user])
        assert api.post(f"{URL}/{stranger.pk}/claim/", {}, format="json").status_code == 404
        assert api.post(f"{URL}/{10**30}/claim/", {}, format="json").status_code == 404
    assert Wish.objects.get(pk=stranger.pk).status == Wish.Status.OPEN
    assert as_user(personas["支部书记A1"]).post(f"{URL}/", {"title": "x"}, format="json").status_code == 405


def test_only_the_claimer_or_their_branch_fulfils(tree, personas):
    made = wish(tree.a1)
    services.claim_wish(actor=personas["党员A1"], wish=made)
    keeper_of_b = as_user(personas["支部书记B1"])
    body = {"fulfilled_on": datetime.date(2025, 6, 10).isoformat(), "fulfilment": "x", "evidence": [photo()]}
    assert keeper_of_b.post(f"{URL}/{made.pk}/fulfil/", body, format="multipart").status_code == 404
    assert Wish.objects.get(pk=made.pk).status == Wish.Status.CLAIMED
