"""/api/v1/me/…: the member's own data on their session, a clear 404 without a Member record, in the schema."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind
from zhibu.dues import services as dues_services
from zhibu.testing import SETUP, make_member

ENDPOINTS = ("/api/v1/me/", "/api/v1/me/meetings/", "/api/v1/me/dues/", "/api/v1/me/notices/", "/api/v1/me/profile/")


def api_as(user):
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", ENDPOINTS)
def test_each_endpoint_answers_the_member(url, personas):
    assert api_as(personas["党员A1"]).get(url).status_code == 200


@pytest.mark.parametrize("url", ENDPOINTS)
def test_without_a_member_record_the_answer_is_a_clear_404(url, personas):
    response = api_as(personas["无角色"]).get(url)
    assert response.status_code == 404 and "没有关联党员档案" in response.json()["detail"]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_is_refused(url, db):
    assert APIClient().get(url).status_code in (401, 403)


def test_the_member_reads_their_own_data_only(tree, personas):
    me = personas["党员A1"].member
    other = make_member(tree.a1, name="别人")
    year = timezone.localdate().year
    dues_services.set_assessment(
        actor=personas["工委管理员"], member=other, year=year, category="salaried", base="9000"
    )
    activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="即将召开的大会",
        planned_at=timezone.now() + datetime.timedelta(days=4),
    )
    client = api_as(personas["党员A1"])
    meetings = client.get("/api/v1/me/meetings/").json()
    assert [m["title"] for m in meetings["upcoming"]] == ["即将召开的大会"]
    dues = client.get(f"/api/v1/me/dues/?year={year}").json()
    assert dues["monthly_amount"] is None and len(dues["months"]) == 12
    profile = {row["name"]: row["value"] for row in client.get("/api/v1/me/profile/").json()}
    assert profile["姓名"] == me.name and profile["手机号码"] == "138****5678"
    assert me.id_number not in str(profile)
    summary = client.get("/api/v1/me/").json()
    assert summary["next_meeting"]["title"] == "即将召开的大会"
    notices = client.get("/api/v1/me/notices/").json()
    assert notices[0]["kind"] == "会议通知"


def test_the_endpoints_are_in_the_schema(personas):
    schema = api_as(personas["支部书记A1"]).get("/api/v1/schema/", {"format": "json"}).json()
    for url in ENDPOINTS:
        assert url in schema["paths"]
