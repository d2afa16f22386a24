"""The API's writes of the 党务工作者考核 through the same services as the pages: a round created (its people listed),
raters invited, the round scored; scoping, bad input and refusals answer 4xx with the services' Chinese messages."""

from django.utils import timezone

from zhibu.staff_reviews.models import Ballot, Rater, StaffReviewRound, Status, Subject
from zhibu.staff_reviews.tests.helpers import rated_round, staff
from zhibu.staff_reviews.tests.test_api import api

ROUNDS = "/api/v1/staff-reviews/"
BALLOTS = "/api/v1/staff-ballots/"


def post(client, url, data):
    return client.post(url, data, format="json")


def test_a_round_is_created_rated_and_scored_through_the_api(tree, personas):
    staff(tree.a1, "api_sec_a1", name="李书记")
    officer = api(personas["党委管理员A"])
    year = timezone.localdate().year
    made = post(officer, ROUNDS, {"organization": tree.a.pk, "year": year, "title": "党务工作者考核"})
    assert made.status_code == 201, made.json()
    assert made.json()["status"] == Status.RATING and made.json()["weight_indicators"] == 40
    pk = made.json()["id"]
    again = post(officer, ROUNDS, {"organization": tree.a.pk, "year": year, "title": "党务工作者考核"})
    assert again.status_code == 400 and "已经建立" in str(again.json())
    people = officer.get(f"/api/v1/staff-review-people/?round={pk}").json()["results"]
    assert [row["member_name"] for row in people] == ["李书记"]
    early = post(officer, f"{ROUNDS}{pk}/score/", {})
    assert early.status_code == 400 and "尚无评议票，不能评定" in str(early.json())
    invited = post(officer, f"{ROUNDS}{pk}/raters/", {"user": personas["党员A1"].pk, "group": "subordinate"})
    assert invited.status_code == 201 and invited.json()["group"] == "subordinate"
    twice = post(officer, f"{ROUNDS}{pk}/raters/", {"user": personas["党员A1"].pk, "group": "peer"})
    assert twice.status_code == 400 and "已是本次考核的评议人" in str(twice.json())
    rater = api(personas["党员A1"])
    assert [line["group"] for line in rater.get(BALLOTS).json()] == ["subordinate"]  # a member of the branch: 下级
    assert post(rater, BALLOTS, {"subject": people[0]["id"], "choice": "excellent"}).status_code == 201
    scored = post(officer, f"{ROUNDS}{pk}/score/", {})
    assert scored.status_code == 200 and scored.json()["status"] == Status.SCORED
    person = officer.get(f"/api/v1/staff-review-people/{people[0]['id']}/").json()
    assert person["grade"] and "formula" in person["arithmetic"]
    late = post(officer, f"{ROUNDS}{pk}/raters/", {"user": personas["工委管理员"].pk, "group": "superior"})
    assert late.status_code == 400 and "已评定" in str(late.json())
    assert post(officer, f"{ROUNDS}{pk}/score/", {}).status_code == 400
    body = str(officer.get(f"/api/v1/staff-review-people/{people[0]['id']}/").json())
    assert "member_a1" not in body and "rater" not in body


def test_writes_are_scoped(tree, personas):
    review, secretary, worker = rated_round(tree, personas)
    outsider = api(personas["支部书记B1"])
    assert post(outsider, f"{ROUNDS}{review.pk}/score/", {}).status_code == 404
    invite = {"user": personas["支部书记B1"].pk, "group": "peer"}
    assert post(outsider, f"{ROUNDS}{review.pk}/raters/", invite).status_code == 404
    branch = api(personas["支部书记A1"])
    assert post(branch, f"{ROUNDS}{review.pk}/score/", {}).status_code in (403, 404)
    assert post(branch, f"{ROUNDS}{review.pk}/raters/", invite).status_code in (403, 404)
    elsewhere = post(branch, ROUNDS, {"organization": tree.b.pk, "year": review.year, "title": "越权"})
    assert elsewhere.status_code == 400
    at_a_branch = post(
        api(personas["党委管理员A"]), ROUNDS, {"organization": tree.a1.pk, "year": review.year, "title": "x"}
    )
    assert at_a_branch.status_code == 400 and "工委或党委" in str(at_a_branch.json())
    assert StaffReviewRound.objects.count() == 1 and Rater.objects.count() == 3
    assert StaffReviewRound.objects.get().status == Status.RATING


def test_bad_input_answers_400_without_a_write(tree, personas):
    review, secretary, worker = rated_round(tree, personas)
    officer = api(personas["党委管理员A"])
    year = timezone.localdate().year
    for body in (
        {},
        {"organization": tree.a.pk, "year": 99999999999999999999, "title": "x"},
        {"organization": tree.a.pk, "year": year, "title": "x", "weight_peer": 10**20},
        {"organization": tree.a.pk, "year": year + 1, "title": "x", "weight_indicators": 50},
        {"organization": tree.a.pk, "year": year + 1, "title": "x", "band_excellent": 50},
        {"organization": "99999999999999999999", "year": year, "title": "x"},
    ):
        answer = post(officer, ROUNDS, body)
        assert answer.status_code == 400, (body, answer.status_code)
    sums = post(officer, ROUNDS, {"organization": tree.a.pk, "year": year + 1, "title": "x", "weight_ratings": 50})
    assert "权重之和应为100%" in str(sums.json())
    for body in (
        {"user": "99999999999999999999", "group": "peer"},
        {"user": "abc", "group": "peer"},
        {"user": personas["支部书记B1"].pk, "group": "x"},
        {"user": personas["支部书记B1"].pk, "group": "peer"},
        {},
    ):
        assert post(officer, f"{ROUNDS}{review.pk}/raters/", body).status_code == 400, body
    assert post(officer, f"{ROUNDS}99999999999999999999/score/", {}).status_code == 404
    assert StaffReviewRound.objects.count() == 1 and Rater.objects.count() == 3
    assert Subject.objects.count() == 2 and Ballot.objects.count() == 0
