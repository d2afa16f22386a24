"""Quota caps: the number of peers times the round's percentage, rounded down. Exactly the percentage is accepted;
one more is refused with the numbers, on the page and over the API."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from zhibu.awards.models import Nomination
from zhibu.awards.tests.helpers import NOMINATED, REASONS, award_round, fill, nominate
from zhibu.core.audit_models import AuditEvent
from zhibu.organizations.models import OrganizationKind
from zhibu.testing import make_org

pytestmark = [pytest.mark.django_db, pytest.mark.clock(NOMINATED)]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _post(client, award, nominee, **extra):
    body = {
        "round": award.pk,
        "category": "outstanding_member",
        "member": nominee.pk,
        "reasons": REASONS,
        "submission_key": uuid.uuid4().hex,
        **extra,
    }
    return client.post("/awards/new/", body)


def test_exactly_fifteen_percent_is_accepted_and_one_more_refused_with_the_numbers(tree, personas):
    members = fill(tree.a1, 20)  # 20 × 15% = 3 exactly
    award = award_round(tree.a)
    client = _client(personas["支部书记A1"])
    for member in members[:3]:
        response = _post(client, award, member)
        assert response.status_code == 302, response.content.decode()[:2000]
    refused = _post(client, award, members[3])
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "支部A1党员20人，优秀共产党员名额上限3人（15%，向下取整），已推荐3人，名额已满" in text
    assert Nomination.objects.filter(round=award).count() == 3
    refusal = AuditEvent.objects.get(event="award.quota_refused")
    assert refusal.outcome == "refused" and "已推荐3人" in str(refusal.changes)


def test_the_cap_is_rounded_down(tree, personas):
    members = fill(tree.a1, 38)  # 38 × 15% = 5.7 → 5
    award = award_round(tree.a)
    for member in members[:5]:
        nominate(award, member=member)
    client = _client(personas["支部书记A1"])
    text = _post(client, award, members[5]).content.decode()
    assert "支部A1党员38人，优秀共产党员名额上限5人（15%，向下取整），已推荐5人" in text


def test_each_category_and_branch_counts_apart_and_a_rejected_nomination_frees_its_place(tree, personas):
    fill(tree.a1, 7)  # 7 × 15% = 1.05 → 1
    fill(tree.a2, 7)
    from zhibu.members.models import Member

    a1 = list(Member.objects.current().in_subtree(tree.a1))
    a2 = list(Member.objects.current().in_subtree(tree.a2))
    award = award_round(tree.a)
    nominate(award, member=a1[0])
    nominate(award, member=a2[0])  # another branch, its own cap
    nominate(award, member=a1[1], category="party_worker")  # another category, its own cap
    with pytest.raises(ValidationError, match="支部A1党员7人，优秀共产党员名额上限1人"):
        nominate(award, member=a1[2])


def test_advanced_organisations_count_the_basic_organisations_below_the_round(tree, personas):
    # Under 党委A: 支部A1, 支部A2, 党总支A3, 支部A3a and one more = 5 basic organisations; 20% = 1.
    extra = make_org(tree.a, "支部A4", OrganizationKind.BRANCH)
    award = award_round(tree.a)
    admin = _client(personas["党委管理员A"])
    body = {"round": award.pk, "category": "advanced_org", "reasons": REASONS}
    first = admin.post("/awards/new/", {**body, "organization": tree.a1.pk, "submission_key": uuid.uuid4().hex})
    assert first.status_code == 302
    second = admin.post("/awards/new/", {**body, "organization": extra.pk, "submission_key": uuid.uuid4().hex})
    assert "党委A所属基层党组织5个，先进基层党组织名额上限1个（20%，向下取整），已推荐1个" in second.content.decode()


def test_the_api_refuses_over_quota_with_the_numbers(tree, personas):
    members = fill(tree.a1, 20)
    award = award_round(tree.a)
    for member in members[:3]:
        nominate(award, member=member)
    client = APIClient()
    client.force_authenticate(personas["支部书记A1"])
    body = {"round": award.pk, "category": "outstanding_member", "member": members[3].pk, "reasons": REASONS}
    response = client.post("/api/v1/award-nominations/", body, format="json")
    assert response.status_code == 400
    assert "优秀共产党员名额上限3人" in str(response.json())
    body["member"] = members[4].pk
    assert Nomination.objects.filter(round=award).count() == 3


def test_a_double_submitted_nomination_is_made_once(tree, personas):
    members = fill(tree.a1, 20)
    award = award_round(tree.a)
    client = _client(personas["支部书记A1"])
    key = uuid.uuid4().hex
    assert _post(client, award, members[0], submission_key=key).status_code == 302
    assert _post(client, award, members[0], submission_key=key).status_code == 302
    assert Nomination.objects.filter(round=award).count() == 1


def test_outside_the_window_and_bad_input_are_told_in_chinese(tree, personas):
    members = fill(tree.a1, 20)
    later = award_round(tree.a, title="尚未开始的评选", opens_on=datetime.date(2026, 11, 10))
    award = award_round(tree.a)
    client = _client(personas["支部书记A1"])
    short = _post(client, award, members[0], reasons="好")
    assert "请写明推荐理由和主要事迹" in short.content.decode()
    missing = _post(client, award, members[0], member="", category="outstanding_member")
    assert "请选择被推荐的党员" in missing.content.decode()
    not_a_round = _post(client, award, members[0], round="99999999999999999999")
    assert not_a_round.status_code == 200
    with pytest.raises(ValidationError, match="推荐时间为2026年11月10日至2026年11月30日，当前不在推荐期内"):
        nominate(later, member=members[0])
    assert Nomination.objects.count() == 0
