"""Garbage posted to every 党务工作者考核 form and to the ballot API, absurd filter values: never a server error,
nothing half-written."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from zhibu.staff_reviews.models import Ballot, Rater, StaffReviewRound, Status, Vote
from zhibu.staff_reviews.tests.helpers import rated_round

NASTY = ["", " ", "0", "-1", "99999999999999999999", "1.5", "abc", "２０２６", "<script>alert(1)</script>", "\x00",
         "😀" * 50, "x" * 5000, "[]", "null"]  # fmt: skip
JSON_NASTY: list[object] = [None, True, -1, 0, 10**20, 1.5, "", "x" * 5000, [], {}, "北京"]


def _counts():
    return (StaffReviewRound.objects.count(), Rater.objects.count(), Vote.objects.count(), Ballot.objects.count())


@pytest.mark.slow  # a walk of every form with garbage: CI runs it (--all); the default run leaves it out
def test_garbage_to_every_form_is_refused_without_a_write(tree, personas):
    review, secretary, worker = rated_round(tree, personas)
    forms = {
        "/staff-reviews/new/": (
            "organization",
            "year",
            "title",
            "weight_indicators",
            "weight_ratings",
            "weight_superior",
            "weight_peer",
            "weight_subordinate",
            "band_excellent",
            "band_competent",
            "band_basic",
            "submission_key",
        ),
        f"/staff-reviews/{review.pk}/raters/new/": ("user", "group"),
        f"/staff-reviews/{review.pk}/score/": ("confirm",),
        "/staff-reviews/ballots/": ("subject", "choice"),
    }
    officer = Client()
    officer.force_login(personas["党委管理员A"])
    rater = Client()
    rater.force_login(personas["党员A1"])
    before = _counts()
    for path, fields in forms.items():
        client = rater if "ballots" in path else officer
        for value in NASTY:
            response = client.post(path, dict.fromkeys(fields, value))
            assert response.status_code in (200, 302, 400, 403, 404), (path, value, response.status_code)
    # "confirm" with any non-empty value is a confirmation: scoring is refused for want of ballots, not written
    assert _counts() == before
    assert StaffReviewRound.objects.get().status == Status.RATING


def test_garbage_to_the_api_and_absurd_filters(tree, personas):
    rated_round(tree, personas)
    client = APIClient()
    client.force_login(personas["党员A1"])
    before = _counts()
    for value in JSON_NASTY:
        got = client.post("/api/v1/staff-ballots/", {"subject": value, "choice": value}, format="json")
        assert got.status_code == 400, (value, got.status_code)
    officer = APIClient()
    officer.force_authenticate(personas["党委管理员A"])
    for path in ("staff-reviews", "staff-review-people"):
        query = {"year": "99999999999999999999", "organization": "-1", "status": "x", "grade": "x"}
        got = officer.get(f"/api/v1/{path}/", query)
        assert got.status_code in (200, 400), (path, got.status_code)
        assert officer.get(f"/api/v1/{path}/99999999999999999999/").status_code == 404
    page = Client()
    page.force_login(personas["党委管理员A"])
    for path in ("/staff-reviews/", "/staff-reviews/people/", "/staff-reviews/people/export/"):
        assert page.get(path, {"year": "99999999999999999999", "organization": "x"}).status_code == 200
    assert _counts() == before
