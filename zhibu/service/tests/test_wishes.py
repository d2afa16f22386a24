"""A wish's path through the pages: posted for a community, claimed by a member on the phone side, fulfilled with a
photo, confirmed by the keeper; wrong transitions and double claims are refused in Chinese."""

import datetime

import pytest

from zhibu.service import services
from zhibu.service.models import ServiceRecord, Wish
from zhibu.service.tests.helpers import DAY, community, photo, wish
from zhibu.testing import SETUP, run_concurrently

pytestmark = pytest.mark.clock("2025-06-10 10:00")


def test_community_wish_claimed_fulfilled_and_confirmed_through_the_pages(tree, personas, client_as):
    secretary, member = client_as(personas["支部书记A1"]), client_as(personas["党员A1"])
    place = community(tree.a1)
    answer = secretary.post(
        "/service/wishes/new/",
        {
            "organization": tree.a1.pk,
            "community": place.pk,
            "posted_by": "community",
            "resident": "独居老人钱某",
            "title": "帮忙修好门锁",
            "posted_on": "2025-06-01",
            "submission_key": "k" * 32,
        },
    )
    assert answer.status_code == 302
    posted = Wish.objects.get(title="帮忙修好门锁")
    # The member sees it on the phone page and claims it there.
    phone = member.get("/service/mine/")
    assert "帮忙修好门锁" in phone.content.decode()
    member.post(f"/service/wishes/{posted.pk}/claim/", {"next": "mine"})
    posted.refresh_from_db()
    assert posted.status == Wish.Status.CLAIMED and posted.claimed_by_member.user == personas["党员A1"]
    answer = member.post(
        f"/service/wishes/{posted.pk}/fulfil/",
        {"fulfilled_on": "2025-06-10", "fulfilment": "换了新门锁", "hours": "1.5", "evidence": [photo()]},
    )
    assert answer.status_code == 302, answer.content.decode()
    posted.refresh_from_db()
    assert posted.status == Wish.Status.FULFILLED and posted.evidence.count() == 1
    assert ServiceRecord.objects.get(wish=posted).hours == 1.5
    # Only the keeper records the resident's confirmation.
    refused = member.post(f"/service/wishes/{posted.pk}/confirm/", {"confirmed_on": "2025-06-10", "confirmation": "好"})
    assert refused.status_code == 403
    secretary.post(f"/service/wishes/{posted.pk}/confirm/", {"confirmed_on": "2025-06-10", "confirmation": "钱某满意"})
    posted.refresh_from_db()
    assert posted.status == Wish.Status.CONFIRMED


def test_wrong_transitions_are_refused_in_chinese(tree, personas, client_as):
    made = wish(tree.a1)
    secretary = client_as(personas["支部书记A1"])
    answer = secretary.post(f"/service/wishes/{made.pk}/confirm/", {"confirmed_on": "2025-06-10", "confirmation": "好"})
    assert "只有“已兑现”的心愿可以登记群众确认" in answer.content.decode()
    answer = secretary.post(
        f"/service/wishes/{made.pk}/fulfil/", {"fulfilled_on": "2025-06-10", "fulfilment": "x", "evidence": [photo()]}
    )
    assert "只有“已认领”的心愿可以登记兑现" in answer.content.decode()
    services.claim_wish(actor=personas["支部书记A1"], wish=made, organization=tree.a1)
    answer = client_as(personas["党员A1"]).post(f"/service/wishes/{made.pk}/claim/", follow=True)
    assert "不能重复认领" in answer.content.decode()
    # Fulfilled without evidence: refused, nothing half-written.
    answer = secretary.post(f"/service/wishes/{made.pk}/fulfil/", {"fulfilled_on": "2025-06-10", "fulfilment": "x"})
    assert "请上传至少一张照片" in answer.content.decode()
    made.refresh_from_db()
    assert made.status == Wish.Status.CLAIMED and made.fulfilled_on is None


def test_a_member_who_did_not_claim_it_may_not_fulfil(tree, personas, client_as):
    made = wish(tree.a1)
    services.claim_wish(actor=personas["支部书记A1"], wish=made, organization=tree.a1)
    answer = client_as(personas["党员A1"]).post(
        f"/service/wishes/{made.pk}/fulfil/", {"fulfilled_on": "2025-06-10", "fulfilment": "x", "evidence": [photo()]}
    )
    assert services.NOT_YOURS in answer.content.decode()


def test_another_branchs_wish_is_a_404_and_not_on_the_phone_page(tree, personas, client_as):
    stranger = wish(tree.b1, title="外支部的心愿")
    member = client_as(personas["党员A1"])
    assert member.get(f"/service/wishes/{stranger.pk}/").status_code == 404
    assert member.post(f"/service/wishes/{stranger.pk}/claim/").status_code == 404
    assert "外支部的心愿" not in member.get("/service/mine/").content.decode()
    assert client_as(personas["支部书记A1"]).get(f"/service/wishes/{stranger.pk}/").status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == Wish.Status.OPEN


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_leave_one_claimer(tree, personas, flushable_audit):
    made = wish(tree.a1)
    users = [personas["支部书记A1"], personas["党务干部A1"]] * 4

    def claim():
        user = users.pop()
        return services.claim_wish(actor=user, wish=made, organization=tree.a1)

    claims, errors = run_concurrently(8, claim)
    assert len(claims) == 1
    assert len(errors) == 7 and all("不能重复认领" in error for error in errors)


def test_a_future_date_and_an_early_fulfilment_are_refused(tree, personas):
    made = wish(tree.a1)
    services.claim_wish(actor=SETUP, wish=made, organization=tree.a1)
    with pytest.raises(Exception, match="不能晚于今天"):
        services.fulfil_wish(
            actor=SETUP, wish=made, fulfilled_on=datetime.date(2026, 1, 1), fulfilment="x", evidence=[photo()]
        )
    with pytest.raises(Exception, match="不能早于认领日期"):
        services.fulfil_wish(actor=SETUP, wish=made, fulfilled_on=DAY, fulfilment="x", evidence=[photo()])


def test_list_rows_link_to_the_record_page_as_before(tree, personas, client_as):
    """The shared record table keeps the service lists' last column: “办理” for a wish, “查看” for a community (its
    edit page, so only for those who may change), and no link where the record's page is the list itself."""
    made, secretary = wish(tree.a1), client_as(personas["支部书记A1"])
    page = secretary.get("/service/wishes/").content.decode()
    assert f'<a href="/service/wishes/{made.pk}/">办理</a>' in page
    page = secretary.get("/service/communities/").content.decode()
    assert f'<a href="/service/communities/{made.community.pk}/">查看</a>' in page
    reader = client_as(personas["党员A1"]).get("/service/communities/")
    assert reader.status_code == 200 and made.community.name in reader.content.decode()
    assert f"/service/communities/{made.community.pk}/" not in reader.content.decode()
