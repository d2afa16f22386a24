"""Another branch's nominations, objections and honours are 404 (pages) and absent (lists, API); an ordinary member
sees only their own honour; a reader (纪检) may not nominate."""

import uuid

import pytest
from django.test import Client
from rest_framework.test import APIClient

from zhibu.awards.models import Nomination
from zhibu.awards.tests.helpers import NOMINATED, REASONS, award_round, fill, walked

pytestmark = [pytest.mark.django_db, pytest.mark.clock(NOMINATED)]


def _client(user, api=False):
    client = APIClient() if api else Client()
    client.force_login(user)
    return client


def test_another_branch_sees_nothing_of_a_nomination(tree, personas):
    nomination = walked(tree.a1, tree.a)
    stranger = _client(personas["支部书记B1"])
    assert stranger.get(f"/awards/{nomination.pk}/").status_code == 404
    assert stranger.get(f"/awards/rounds/{nomination.round_id}/").status_code == 404
    assert "候选人" not in stranger.get("/awards/").content.decode()
    api = _client(personas["支部书记B1"], api=True)
    assert api.get("/api/v1/award-nominations/").json()["count"] == 0
    assert api.get(f"/api/v1/award-nominations/{nomination.pk}/").status_code == 404
    step = {"step": "evaluate", "happened_on": "2026-11-02", "note": "同意"}
    assert stranger.post(f"/awards/{nomination.pk}/step/", step).status_code == 404


def test_a_stranger_cannot_nominate_another_branchs_member(tree, personas):
    members = fill(tree.a1, 20)
    award = award_round(tree.a)
    api = _client(personas["支部书记B1"], api=True)
    body = {"round": award.pk, "category": "outstanding_member", "member": members[0].pk, "reasons": REASONS}
    response = api.post("/api/v1/award-nominations/", body, format="json")
    assert response.status_code == 400
    assert not Nomination.objects.exists()


def test_a_reader_may_not_nominate_and_a_member_sees_only_their_own_honour(tree, personas):
    members = fill(tree.a1, 20)
    award = award_round(tree.a)
    reader = _client(personas["纪检A"])
    body = {
        "round": award.pk,
        "category": "outstanding_member",
        "member": members[0].pk,
        "reasons": REASONS,
        "submission_key": uuid.uuid4().hex,
    }
    assert reader.post("/awards/new/", body).status_code == 200
    assert not Nomination.objects.exists()
    from zhibu.members.models import Member

    own = Member.objects.get(user=personas["党员A1"])
    walked(tree.a1, tree.a, member=own, through="decide")
    other = walked(tree.a2, tree.a, through="decide")
    member_api = _client(personas["党员A1"], api=True)
    names = [row["member"] for row in member_api.get("/api/v1/honours/").json()["results"]]
    assert names == [own.pk]
    assert member_api.get(f"/api/v1/honours/{other.honour.pk}/").status_code == 404
    assert member_api.get("/api/v1/award-nominations/").json()["count"] == 0


def test_a_member_finds_their_honour_on_their_own_pages(tree, personas):
    from zhibu.members.models import Member

    own = Member.objects.get(user=personas["党员A1"])
    walked(tree.a1, tree.a, member=own, through="decide")
    page = _client(personas["党员A1"]).get("/me/profile/").content.decode()
    assert "荣誉" in page and "2026年度优秀共产党员" in page and "2026年11月12日" in page


def test_the_round_filter_offers_no_other_committees_round(tree, personas):
    walked(tree.b1, tree.b)
    page = _client(personas["支部书记A1"]).get("/awards/").content.decode()
    assert "党委B" not in page


def test_the_inbox_tells_each_their_step(tree, personas, fixed_clock):
    from zhibu.awards.tests.helpers import CLEARED, at

    walked(tree.a1, tree.a)
    fixed_clock.move_to(at(CLEARED))
    discipline = _client(personas["纪检A"], api=True).get("/api/v1/inbox/").json()
    assert any("待纪检意见" in str(task) for task in discipline)
    secretary = _client(personas["支部书记A1"], api=True).get("/api/v1/inbox/").json()
    assert not any("待纪检意见" in str(task) for task in secretary)
