"""Planning a meeting happens once per submission: the form carries a hidden one-time key, the API an
``Idempotency-Key`` header; a repeat returns the first meeting and never creates a second."""

import datetime
import re

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.activities.models import Activity, ActivityKind
from zhibu.activities.reference import ensure_activity_kinds
from zhibu.testing import run_concurrently

KEY_FIELD = re.compile(r'name="submission_key" value="([^"]+)"')


def _form(tree, key):
    when = timezone.localtime() + datetime.timedelta(days=3)
    return {
        "organization": tree.a1.pk,
        "kind": ActivityKind.objects.get(code="party_lecture").pk,
        "title": "专题党课",
        "planned_at": when.strftime("%Y-%m-%dT%H:%M"),
        "place": "会议室",
        "agenda": "",
        "submission_key": key,
    }


def _api_body(tree):
    return {
        "organization": tree.a1.pk,
        "kind": "party_lecture",
        "title": "接口党课",
        "planned_at": (timezone.now() + datetime.timedelta(days=3)).isoformat(),
    }


def test_twenty_identical_form_posts_plan_one_meeting(tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    page = client.get("/activities/new/").content.decode()
    key = KEY_FIELD.search(page).group(1)
    assert KEY_FIELD.search(client.get("/activities/new/").content.decode()).group(1) != key  # one per rendering
    answers = [client.post("/activities/new/", _form(tree, key)) for _ in range(20)]
    assert Activity.objects.filter(title="专题党课").count() == 1
    meeting = Activity.objects.get(title="专题党课")
    assert {answer.status_code for answer in answers} == {302}
    assert {answer["Location"] for answer in answers} == {meeting.get_absolute_url()}
    repeat = client.get(answers[-1]["Location"]).content.decode()
    assert "该表单已经提交过，没有重复创建" in repeat
    # A fresh form is a new submission.
    fresh = KEY_FIELD.search(client.get("/activities/new/").content.decode()).group(1)
    assert client.post("/activities/new/", _form(tree, fresh)).status_code == 302
    assert Activity.objects.filter(title="专题党课").count() == 2


def test_a_form_without_a_valid_key_is_refused_with_a_reason(tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    for bad in ("", "short", "x" * 65, "含中文的提交标识abc"):
        answer = client.post("/activities/new/", _form(tree, bad))
        assert answer.status_code == 200 and "提交标识" in answer.content.decode()
    assert not Activity.objects.filter(title="专题党课").exists()


def test_twenty_identical_api_posts_plan_one_meeting(tree, personas):
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    answers = [
        api.post("/api/v1/activities/", _api_body(tree), format="json", headers={"Idempotency-Key": "plan-0001"})
        for _ in range(20)
    ]
    assert [answer.status_code for answer in answers] == [201] + [200] * 19
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert Activity.objects.filter(title="接口党课").count() == 1
    # Another key is another meeting; no key at all keeps the old behaviour (each post creates).
    other = api.post("/api/v1/activities/", _api_body(tree), format="json", headers={"Idempotency-Key": "plan-0002"})
    assert other.status_code == 201 and Activity.objects.filter(title="接口党课").count() == 2


def test_an_api_key_is_checked_and_is_nobody_elses(tree, personas):
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    bad = api.post("/api/v1/activities/", _api_body(tree), format="json", headers={"Idempotency-Key": "短"})
    assert bad.status_code == 400 and "Idempotency-Key" in bad.json()
    assert (
        api.post(
            "/api/v1/activities/", _api_body(tree), format="json", headers={"Idempotency-Key": "shared-key-1"}
        ).status_code
        == 201
    )
    # The same key from someone else, or for another kind of record, is refused rather than answered with the meeting.
    worker = APIClient()
    worker.force_authenticate(personas["党务干部A1"])
    stolen = worker.post(
        "/api/v1/activities/", _api_body(tree), format="json", headers={"Idempotency-Key": "shared-key-1"}
    )
    assert stolen.status_code == 400 and "接口党课" not in stolen.content.decode()
    assert Activity.objects.filter(title="接口党课").count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_identical_api_posts_plan_one_meeting(tree, personas, flushable_audit):
    ensure_activity_kinds()  # an earlier transactional test's flush may have emptied the reference table
    user, body = personas["支部书记A1"], _api_body(tree)

    def submit():
        api = APIClient()
        api.force_authenticate(user)
        return api.post("/api/v1/activities/", body, format="json", headers={"Idempotency-Key": "concurrent-plan-1"})

    answers, errors = run_concurrently(20, submit)
    assert errors == []
    assert sorted(answer.status_code for answer in answers) == [200] * 19 + [201]
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert Activity.objects.filter(title="接口党课").count() == 1
