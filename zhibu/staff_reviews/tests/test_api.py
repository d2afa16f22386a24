"""The API: rounds and people read through the scoping method, a person's indicators with their sources, and an
invited rater's anonymous ballot (the answer never repeats the choice)."""

from rest_framework.test import APIClient

from zhibu.staff_reviews import services
from zhibu.staff_reviews.models import Ballot, Subject
from zhibu.staff_reviews.tests.helpers import rated_round
from zhibu.testing import SETUP, api_token


def api(user):
    made = APIClient()
    if user.may_use_api:
        made.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    else:
        made.force_login(user)
    return made


def test_rounds_and_people_are_read_in_scope(tree, personas):
    review, secretary, worker = rated_round(tree, personas)
    officer = api(personas["党委管理员A"])
    rounds = officer.get("/api/v1/staff-reviews/").json()
    assert [row["id"] for row in rounds["results"]] == [review.pk]
    people = officer.get("/api/v1/staff-review-people/").json()["results"]
    assert {row["member_name"] for row in people} == {"李书记", "王干事"}
    assert {row["key"] for row in people[0]["indicators"]} == {"meetings", "tasks", "verdicts", "hours"}
    assert api(personas["支部书记B1"]).get("/api/v1/staff-review-people/").json()["results"] == []
    assert officer.post("/api/v1/staff-reviews/", {}).status_code == 400
    refused = officer.get("/api/v1/staff-review-people/?year=99999999999999999")
    assert refused.status_code == 400


def test_a_rater_votes_through_the_api(tree, personas):
    review, secretary, worker = rated_round(tree, personas)
    rater = api(personas["支部书记A1"])
    sheet = rater.get("/api/v1/staff-ballots/").json()
    assert {line["member_name"] for line in sheet} == {"李书记", "王干事"}
    subject = Subject.objects.get(round=review, member=worker.member)
    answer = rater.post("/api/v1/staff-ballots/", {"subject": subject.pk, "choice": "competent"}, format="json")
    assert answer.status_code == 201 and answer.json() == {"subject": subject.pk, "voted": True}
    again = rater.post("/api/v1/staff-ballots/", {"subject": subject.pk, "choice": "basic"}, format="json")
    assert again.status_code == 400 and "不能重复投票" in str(again.json())
    stranger = api(personas["党委管理员A"]).post(
        "/api/v1/staff-ballots/", {"subject": subject.pk, "choice": "basic"}, format="json"
    )
    assert stranger.status_code == 400 and "不是其评议人" in str(stranger.json())
    huge = rater.post("/api/v1/staff-ballots/", {"subject": 10**20, "choice": "basic"}, format="json")
    assert huge.status_code == 400
    assert Ballot.objects.count() == 1
    for subject in Subject.objects.filter(round=review):
        for name in ("工委管理员", "党员A1"):
            services.cast_ballot(actor=personas[name], subject=subject, choice="excellent")
    services.cast_ballot(
        actor=personas["支部书记A1"], subject=Subject.objects.get(round=review, member=secretary.member), choice="basic"
    )
    services.score_round(actor=SETUP, round=review)
    person = api(personas["党委管理员A"]).get(f"/api/v1/staff-review-people/{subject.pk}/").json()
    assert person["grade"] and "formula" in person["arithmetic"]
