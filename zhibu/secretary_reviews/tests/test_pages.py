"""The pages, export and API through the public surface: the path of a round, anonymity, scoping, double votes and bad
input."""

import datetime
import io
import uuid

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from zhibu.core.models import AuditEvent
from zhibu.secretary_reviews import services
from zhibu.secretary_reviews.models import AppraisalRound, Ballot, Report, Status, Vote
from zhibu.secretary_reviews.tests.helpers import TEXT, advance, rating, report, review_round
from zhibu.testing import api_token


def client_for(user):
    made = Client()
    made.force_login(user)
    return made


def test_round_created_and_report_submitted_through_pages(tree, personas):
    officer = client_for(personas["党委管理员A"])
    form = {
        "organization": tree.a.pk,
        "year": timezone.localdate().year,
        "title": "书记述职评议",
        "weight_superior": 40,
        "weight_peer": 30,
        "weight_member": 30,
        "band_good": 90,
        "band_fairly_good": 75,
        "band_average": 60,
        "submission_key": uuid.uuid4().hex,
    }
    assert officer.post("/secretary-reviews/new/", form).status_code == 302
    again = officer.post("/secretary-reviews/new/", form)
    assert again.status_code == 302, again.content.decode()
    appraisal_round = AppraisalRound.objects.get()
    secretary = client_for(personas["支部书记A1"])
    page = secretary.get("/secretary-reviews/reports/new/")
    assert "书记述职评议" in page.content.decode()
    answer = secretary.post(
        "/secretary-reviews/reports/new/",
        {
            "round": appraisal_round.pk,
            "organization": tree.a1.pk,
            "secretary": "张书记",
            "text": TEXT,
            "submission_key": uuid.uuid4().hex,
        },
    )
    assert answer.status_code == 302
    made = Report.objects.get()
    assert made.figures["year"] == appraisal_round.year
    detail = secretary.get(made.get_absolute_url()).content.decode()
    assert "组织生活出勤" in detail and "标准体系检查" in detail


def test_the_group_below_the_organiser_cannot_report_past_its_level(tree):
    from django.core.exceptions import ValidationError

    appraisal_round = review_round(tree.a)
    with pytest.raises(ValidationError, match="不是党委A直接领导的党组织"):
        report(appraisal_round, tree.a3a)


def test_ballots_are_anonymous_and_double_votes_refused(tree, personas):
    appraisal_round, made = rating(tree, personas)
    rater = client_for(personas["党员A1"])
    sheet = rater.get("/secretary-reviews/ballots/").content.decode()
    assert "支部A1书记张书记述职" in sheet
    assert rater.post("/secretary-reviews/ballots/", {"report": made.pk, "choice": "poor"}).status_code == 302
    again = rater.post("/secretary-reviews/ballots/", {"report": made.pk, "choice": "good"}, follow=True)
    assert "不能重复投票" in again.content.decode()
    assert Ballot.objects.count() == 1 and Vote.objects.count() == 1
    # The ballot names no one; the vote says only that the rater voted.
    assert {f.name for f in Ballot._meta.get_fields()} == {"id", "report", "group", "choice"}
    assert {f.name for f in Vote._meta.get_fields()} == {"id", "report", "rater"}
    row = AuditEvent.objects.filter(event="secretary_review.voted").get()
    assert "poor" not in str(row.changes) and "差" not in str(row.changes)
    # The organiser's pages, export and API show results, never who voted what.
    officer = client_for(personas["党委管理员A"])
    round_page = officer.get(appraisal_round.get_absolute_url()).content.decode()
    assert "member_a1" in round_page  # the invited raters are listed …
    detail = officer.get(made.get_absolute_url()).content.decode()
    assert "<td>0/0/0/1</td>" in detail  # … and the ballots only counted per group
    export = officer.get("/secretary-reviews/reports/export/")
    cells = [
        str(c)
        for row in openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for c in row
    ]
    assert not any("member_a1" in c or "党员A1" in c for c in cells)
    body = (
        Client()
        .get("/api/v1/secretary-reports/", HTTP_AUTHORIZATION=f"Token {api_token(personas['党委管理员A'])}")
        .json()
    )
    assert "ballots" not in str(body) and "member_a1" not in str(body)


def test_only_invited_raters_vote_and_only_while_rating(tree, personas):
    appraisal_round, made = rating(tree, personas)
    stranger = client_for(personas["支部书记B1"])
    answer = stranger.post("/secretary-reviews/ballots/", {"report": made.pk, "choice": "good"}, follow=True)
    assert "不是其评议人" in answer.content.decode()
    assert Ballot.objects.count() == 0
    services.cast_ballot(actor=personas["工委管理员"], report=made, choice="good")
    advance(appraisal_round, Status.GRADED)
    late = client_for(personas["党员A1"]).post(
        "/secretary-reviews/ballots/", {"report": made.pk, "choice": "good"}, follow=True
    )
    assert "不是其评议人" in late.content.decode()  # the sheet lists only rounds in 评议中
    assert Ballot.objects.count() == 1


def test_scoping(tree, personas):
    appraisal_round = review_round(tree.a)
    made = report(appraisal_round, tree.a1)
    other = review_round(tree.b)
    report(other, tree.b1)
    assert client_for(personas["支部书记B1"]).get(made.get_absolute_url()).status_code == 404
    assert client_for(personas["支部书记B1"]).get(appraisal_round.get_absolute_url()).status_code == 404
    secretary = client_for(personas["支部书记A1"])
    assert secretary.get(made.get_absolute_url()).status_code == 200
    # The branch reads its report but may not critique it: that is the organiser's.
    answer = secretary.post(f"/secretary-reviews/reports/{made.pk}/critique/", {"text": "自己点评自己的述职报告内容"})
    assert answer.status_code in (403, 404) or "权限" in answer.content.decode()
    assert Report.objects.get(pk=made.pk).critique == ""
    listed = secretary.get("/secretary-reviews/reports/").content.decode()
    assert "支部A1" in listed and "支部B1" not in listed


def test_bad_input(tree, personas):
    officer = client_for(personas["党委管理员A"])
    for query in ("year=99999999999999999999", "year=abc", "grade=best", "organization=99999999999999"):
        answer = officer.get(f"/secretary-reviews/reports/?{query}")
        assert answer.status_code in (200, 404), query
        assert officer.get(f"/secretary-reviews/?{query}").status_code in (200, 404), query
    rater = client_for(personas["党员A1"])
    for value in ("99999999999999999999", "abc", ""):
        answer = rater.post("/secretary-reviews/ballots/", {"report": value, "choice": "good"}, follow=True)
        assert answer.status_code == 200
    appraisal_round, made = rating(tree, personas)
    answer = rater.post("/secretary-reviews/ballots/", {"report": made.pk, "choice": "best"}, follow=True)
    assert answer.status_code == 200 and Ballot.objects.count() == 0


def test_critique_and_rectification_enter_the_work_ledger(tree, personas):
    from zhibu.testing import SETUP
    from zhibu.worklog import services as worklog
    from zhibu.worklog.models import Task

    appraisal_round, made = rating(tree, personas)
    officer = client_for(personas["党委管理员A"])
    critique = "抓党建工作思路清晰，但“三会一课”记录不够规范，党员教育形式单一。"
    assert officer.post(f"/secretary-reviews/reports/{made.pk}/critique/", {"text": critique}).status_code == 302
    today = timezone.localdate()
    plan = worklog.issue_plan(
        actor=SETUP, issuer=tree.a, year=appraisal_round.year, title="党建工作要点", issued_on=today
    )
    section = worklog.add_section(actor=SETUP, plan=plan, title="基层组织建设")
    point = worklog.add_point(actor=SETUP, section=section, text="规范组织生活")
    deadline = today + datetime.timedelta(days=30)
    answer = officer.post(
        f"/secretary-reviews/reports/{made.pk}/items/new/",
        {"point": point.pk, "deliverable": "规范“三会一课”记录", "deadline": deadline.isoformat()},
    )
    assert answer.status_code == 302
    task = Task.objects.get()
    assert task.owner == tree.a1 and "述职点评整改" in task.deliverable
    assert "规范“三会一课”记录" in officer.get(made.get_absolute_url()).content.decode()
