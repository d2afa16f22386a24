"""The API's writes of the 述职评议 through the same services as the pages: a round created and advanced, raters
invited, a critique, and an invited rater's anonymous ballot (the answer never repeats the choice); scoping, bad input
and refusals answer 4xx with the services' Chinese messages."""

from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.core.models import AuditEvent
from zhibu.secretary_reviews.models import AppraisalRound, Ballot, Rater, Report, Status, Vote
from zhibu.secretary_reviews.tests.helpers import TEXT, rating, report, review_round
from zhibu.testing import api_token


def api(user):
    """A token client for the roles that may hold one; an ordinary member rater calls from their signed-in session."""
    made = APIClient()
    if user.may_use_api:
        made.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    else:
        made.force_login(user)
    made.post_json = lambda url, data: made.post(url, data, format="json")
    return made


ROUNDS = "/api/v1/secretary-reviews/"
REPORTS = "/api/v1/secretary-reports/"
BALLOTS = "/api/v1/secretary-ballots/"


def test_a_round_runs_its_stages_through_the_api(tree, personas):
    officer = api(personas["党委管理员A"])
    year = timezone.localdate().year
    made = officer.post_json(ROUNDS, {"organization": tree.a.pk, "year": year, "title": "书记述职评议"})
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    again = officer.post_json(ROUNDS, {"organization": tree.a.pk, "year": year, "title": "书记述职评议"})
    assert again.status_code == 400 and "已经建立" in str(again.json())
    too_early = officer.post_json(f"{ROUNDS}{pk}/advance/", {"to": "rating"})
    assert too_early.status_code == 400 and "尚无书记提交述职报告" in str(too_early.json())
    secretary = api(personas["支部书记A1"])
    submitted = secretary.post_json(
        REPORTS, {"round": pk, "organization": tree.a1.pk, "secretary": "张书记", "text": TEXT}
    )
    assert submitted.status_code == 201, submitted.json()
    report_pk = submitted.json()["id"]
    invited = officer.post_json(f"{ROUNDS}{pk}/raters/", {"user": personas["党员A1"].pk, "group": "member"})
    assert invited.status_code == 201 and invited.json()["group"] == "member"
    assert officer.post_json(f"{ROUNDS}{pk}/advance/", {"to": "rating"}).json()["status"] == Status.RATING
    rater = api(personas["党员A1"])
    sheet = rater.get(BALLOTS).json()
    assert [(line["report"], line["voted"]) for line in sheet] == [(report_pk, False)]
    voted = rater.post_json(BALLOTS, {"report": report_pk, "choice": "fairly_good"})
    assert voted.status_code == 201 and voted.json() == {"report": report_pk, "voted": True}
    assert rater.get(BALLOTS).json()[0]["voted"] is True
    twice = rater.post_json(BALLOTS, {"report": report_pk, "choice": "good"})
    assert twice.status_code == 400 and "不能重复投票" in str(twice.json())
    assert Ballot.objects.get().choice == "fairly_good" and Vote.objects.count() == 1
    graded = officer.post_json(f"{ROUNDS}{pk}/advance/", {"to": "graded"})
    assert graded.json()["status"] == Status.GRADED
    not_critiqued = officer.post_json(f"{ROUNDS}{pk}/advance/", {"to": "closed"})
    assert not_critiqued.status_code == 400 and "未点评" in str(not_critiqued.json())
    critiqued = officer.post_json(
        f"{REPORTS}{report_pk}/critique/", {"text": "述职实事求是，问题找得准，整改措施要细化。"}
    )
    assert critiqued.status_code == 200 and critiqued.json()["grade"] == "fairly_good"
    assert officer.post_json(f"{ROUNDS}{pk}/advance/", {"to": "closed"}).json()["status"] == Status.CLOSED
    # Nothing the API answers links a rater to a choice.
    for url in (ROUNDS, REPORTS, f"{REPORTS}{report_pk}/"):
        body = str(officer.get(url).json())
        assert "member_a1" not in body and "'choice'" not in body and "rater" not in body
    row = AuditEvent.objects.filter(event="secretary_review.voted").get()
    assert "fairly_good" not in str(row.changes) and "较好" not in str(row.changes)


def test_only_invited_raters_vote_and_only_while_rating(tree, personas):
    appraisal_round, made = rating(tree, personas)
    stranger = api(personas["支部书记B1"])
    assert stranger.get(BALLOTS).json() == []
    refused = stranger.post_json(BALLOTS, {"report": made.pk, "choice": "good"})
    assert refused.status_code == 400 and "不是其评议人" in str(refused.json())
    officer = api(personas["党委管理员A"])
    assert (
        officer.post_json(
            f"{ROUNDS}{appraisal_round.pk}/raters/", {"user": personas["党员A1"].pk, "group": "peer"}
        ).status_code
        == 400
    )
    assert Rater.objects.filter(round=appraisal_round).count() == 3 and Ballot.objects.count() == 0


def test_stage_writes_are_scoped(tree, personas):
    appraisal_round = review_round(tree.a)
    made = report(appraisal_round, tree.a1)
    outsider = api(personas["支部书记B1"])
    assert outsider.post_json(f"{ROUNDS}{appraisal_round.pk}/advance/", {"to": "rating"}).status_code == 404
    assert (
        outsider.post_json(f"{REPORTS}{made.pk}/critique/", {"text": "越权点评的内容，不应写入。"}).status_code == 404
    )
    branch = api(personas["支部书记A1"])
    assert branch.post_json(f"{ROUNDS}{appraisal_round.pk}/advance/", {"to": "rating"}).status_code == 404
    assert branch.post_json(f"{REPORTS}{made.pk}/critique/", {"text": "自己点评自己的述职报告内容"}).status_code in (
        403,
        404,
    )
    made_elsewhere = branch.post_json(
        ROUNDS, {"organization": tree.b.pk, "year": appraisal_round.year, "title": "越权"}
    )
    assert made_elsewhere.status_code == 400
    assert AppraisalRound.objects.get().status == Status.OPEN and Report.objects.get().critique == ""


def test_bad_input_answers_400(tree, personas):
    appraisal_round, made = rating(tree, personas)
    rater = api(personas["党员A1"])
    for body in (
        {"report": "99999999999999999999", "choice": "good"},
        {"report": "abc", "choice": "good"},
        {"report": made.pk, "choice": "best"},
        {},
    ):
        assert rater.post_json(BALLOTS, body).status_code == 400, body
    officer = api(personas["党委管理员A"])
    for body in ({"to": "open"}, {"to": "x"}, {}):
        assert officer.post_json(f"{ROUNDS}{appraisal_round.pk}/advance/", body).status_code == 400, body
    for body in ({"user": "99999999999999999999", "group": "peer"}, {"user": personas["支部书记B1"].pk, "group": "x"}):
        assert officer.post_json(f"{ROUNDS}{appraisal_round.pk}/raters/", body).status_code == 400, body
    huge = {"organization": tree.a.pk, "year": 99999999999999999999, "title": "x", "weight_peer": 10**20}
    assert officer.post_json(ROUNDS, huge).status_code == 400
    assert officer.post_json(f"{REPORTS}{made.pk}/critique/", {"text": "短"}).status_code == 400
    assert Ballot.objects.count() == 0
