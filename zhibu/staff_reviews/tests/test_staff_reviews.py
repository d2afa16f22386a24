"""The 党务工作者考核 through its services and pages: who is reviewed, the refusals, the indicators read from the
records with their sources, anonymous ballots, and the final score with its arithmetic."""

import datetime
import io
import uuid
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from zhibu.accounts.roles import Role
from zhibu.activities import services as activities
from zhibu.activities.models import ActivityKind
from zhibu.core.models import AuditEvent
from zhibu.staff_reviews import services
from zhibu.staff_reviews.models import Ballot, StaffReviewRound, Status, Subject, Vote
from zhibu.staff_reviews.tests.helpers import rated_round, review_round, staff
from zhibu.testing import SETUP


def client_for(user):
    made = Client()
    made.force_login(user)
    return made


def vote_all(review, personas, choices=("excellent", "competent", "basic")):
    raters = ("工委管理员", "支部书记A1", "党员A1")
    for subject in Subject.objects.filter(round=review):
        for name, choice in zip(raters, choices, strict=True):
            services.cast_ballot(actor=personas[name], subject=subject, choice=choice)


def test_the_round_lists_the_secretaries_and_party_workers_of_its_subtree(tree, personas):
    secretary = staff(tree.a1, "staff_sec_a1")
    worker = staff(tree.a3a, "staff_wkr_a3a", Role.PARTY_WORKER)
    staff(tree.b1, "staff_sec_b1")
    both = staff(tree.a2, "staff_both_a2")
    from zhibu.accounts import services as accounts

    accounts.grant_role(actor=SETUP, user=both, organization=tree.a2, role=Role.PARTY_WORKER)
    review = review_round(tree.a)
    rows = {s.member_id: (s.organization, s.role) for s in Subject.objects.filter(round=review)}
    assert rows == {
        secretary.member.pk: (tree.a1, "支部书记"),
        worker.member.pk: (tree.a3a, "党务干部"),
        both.member.pk: (tree.a2, "支部书记"),
    }
    event = AuditEvent.objects.get(event="staff_review.round_created")
    assert event.changes["after"]["subjects"] == 3


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"weight_indicators": 50, "weight_ratings": 60},
            "weight_ratings",
            "记录指标和评议的权重之和应为100%，现为110%",
        ),
        ({"weight_subordinate": 10}, "weight_subordinate", "三类评议人的权重之和应为100%，现为80%"),
        ({"weight_peer": 101}, "weight_peer", "权重应为0至100之间的整数"),
        ({"band_competent": 95}, "band_competent", "“优秀” > “称职” > “基本称职”"),
        ({"year": 1999}, "year", "年度应为"),
        ({"title": "  "}, "title", "请填写名称"),
    ],
)
def test_a_round_with_bad_settings_is_refused(tree, personas, fields, field, message):
    staff(tree.a1, "staff_sec_a1")
    with pytest.raises(ValidationError) as refused:
        review_round(tree.a, **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert not StaffReviewRound.objects.exists()


def test_a_round_without_staff_or_at_a_branch_or_twice_is_refused(tree, personas):
    with pytest.raises(ValidationError, match="尚无担任支部书记或党务干部"):
        review_round(tree.b)
    with pytest.raises(ValidationError, match="请选择工委或党委"):
        review_round(tree.a1)
    staff(tree.a1, "staff_sec_a1")
    review_round(tree.a)
    with pytest.raises(ValidationError, match="已经建立"):
        review_round(tree.a)


def test_ballots_are_anonymous_one_each_and_never_for_oneself(tree, personas):
    review, secretary, worker = rated_round(tree, personas)
    subject = Subject.objects.get(round=review, member=secretary.member)
    services.cast_ballot(actor=personas["党员A1"], subject=subject, choice="excellent")
    with pytest.raises(ValidationError, match="不能重复投票"):
        services.cast_ballot(actor=personas["党员A1"], subject=subject, choice="basic")
    with pytest.raises(PermissionDenied):
        services.cast_ballot(actor=personas["党委管理员A"], subject=subject, choice="basic")
    with pytest.raises(ValidationError, match="请选择评价"):
        services.cast_ballot(actor=personas["工委管理员"], subject=subject, choice="great")
    services.invite_rater(actor=SETUP, round=review, user=secretary, group="peer")
    with pytest.raises(ValidationError, match="不能评议本人"):
        services.cast_ballot(actor=secretary, subject=subject, choice="excellent")
    assert [f.name for f in Ballot._meta.get_fields()] == ["id", "subject", "group", "choice"]
    assert Ballot.objects.count() == 1 and Vote.objects.count() == 1
    event = AuditEvent.objects.get(event="staff_review.voted")
    assert "excellent" not in str(event.changes) and event.changes.get("extra", {}).get("subject", subject.pk)


def test_indicators_come_from_the_records_with_their_sources(tree, personas):
    review, secretary, worker = rated_round(tree, personas)
    now = timezone.now() - datetime.timedelta(minutes=10)
    planned = activities.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="party_lecture"),
        title="党课",
        planned_at=now,
        host=secretary.member,
    )
    activities.record_held(actor=SETUP, activity=planned, held_at=now)
    subject = Subject.objects.get(round=review, member=secretary.member)
    rows = {row["key"]: row for row in services.result_for(subject).indicators}
    assert rows["meetings"]["detail"] == "主持或记录已召开的会议1次，其中已签发0次"
    assert rows["meetings"]["value"] == "0.00"
    assert rows["meetings"]["link"].startswith(f"/activities/?within={tree.a1.pk}")
    assert rows["tasks"]["value"] == "" and "到期0项" in rows["tasks"]["detail"]
    assert rows["verdicts"]["link"] == f"/standards/sheet/?organization={tree.a1.pk}&year={review.year}"
    assert rows["hours"]["link"] == f"/training/people/{secretary.member.pk}/?year={review.year}"
    page = client_for(personas["党委管理员A"]).get(subject.get_absolute_url()).content.decode()
    assert "主持或记录已召开的会议1次" in page and "查看记录" in page


def test_scoring_weighs_indicators_and_ratings_and_shows_the_arithmetic(tree, personas):
    review, secretary, worker = rated_round(tree, personas)
    subject = Subject.objects.get(round=review, member=worker.member)
    services.cast_ballot(actor=personas["工委管理员"], subject=subject, choice="excellent")
    with pytest.raises(ValidationError, match="尚无评议票，不能评定"):
        services.score_round(actor=SETUP, round=review)
    Ballot.objects.all().delete()
    Vote.objects.all().delete()
    vote_all(review, personas)
    services.score_round(actor=SETUP, round=review)
    subject.refresh_from_db()
    # 王干事 holds the post in A2: the 工委 rates as 上级, A1's secretary (a post in a sibling branch) as 同级; A1's
    # member holds no post and sits in no branch under A2, so the group they were invited in (下级) applies
    assert subject.arithmetic["rating_formula"] == "100.00×40% + 80.00×30% + 60.00×30% = 82.00分"
    rating = Decimal("82.00")
    values = [Decimal(row["value"]) for row in subject.indicators if row["value"]]
    # the final score weighs the indicators' mean as shown (to the cent), so the page's arithmetic adds up
    indicator = (sum(values) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP) if values else None
    expected = (indicator * 40 + rating * 60) / 100 if indicator is not None else rating
    assert subject.score == expected.quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert subject.arithmetic["formula"].startswith(f"{indicator}×40% + {rating}×60% = {subject.score}分")
    assert subject.grade and review.__class__.objects.get().status == Status.SCORED
    with pytest.raises(ValidationError, match="已评定，不能再投票"):
        services.cast_ballot(actor=personas["党员A1"], subject=subject, choice="excellent")
    page = client_for(personas["党委管理员A"]).get(subject.get_absolute_url()).content.decode()
    assert "82.00分" in page and subject.get_grade_display() in page


def test_the_pages_create_invite_vote_score_and_export(tree, personas):
    staff(tree.a1, "staff_sec_a1", name="李书记")
    officer = client_for(personas["党委管理员A"])
    form = {
        "organization": tree.a.pk,
        "year": timezone.localdate().year,
        "title": "党务工作者考核",
        "weight_indicators": 40,
        "weight_ratings": 60,
        "weight_superior": 40,
        "weight_peer": 30,
        "weight_subordinate": 30,
        "band_excellent": 90,
        "band_competent": 70,
        "band_basic": 60,
        "submission_key": uuid.uuid4().hex,
    }
    assert officer.post("/staff-reviews/new/", form).status_code == 302
    review = StaffReviewRound.objects.get()
    invite = officer.post(f"/staff-reviews/{review.pk}/raters/new/", {"user": personas["党员A1"].pk, "group": "peer"})
    assert invite.status_code == 302
    rater = client_for(personas["党员A1"])
    sheet = rater.get("/staff-reviews/ballots/").content.decode()
    assert "李书记" in sheet
    subject = Subject.objects.get()
    assert rater.post("/staff-reviews/ballots/", {"subject": subject.pk, "choice": "competent"}).status_code == 302
    again = rater.post("/staff-reviews/ballots/", {"subject": subject.pk, "choice": "basic"}, follow=True)
    assert "不能重复投票" in again.content.decode()
    assert "李书记" in officer.get(review.get_absolute_url()).content.decode()
    refused = officer.post(f"/staff-reviews/{review.pk}/score/", {})
    assert refused.status_code == 200 and StaffReviewRound.objects.get().status == Status.RATING
    assert officer.post(f"/staff-reviews/{review.pk}/score/", {"confirm": "on"}).status_code == 302
    assert StaffReviewRound.objects.get().status == Status.SCORED
    for path in ("/staff-reviews/", "/staff-reviews/people/"):
        assert officer.get(path).status_code == 200
    exported = officer.get("/staff-reviews/people/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    headers = [cell.value for cell in sheet[1]]
    assert "计算过程" in headers and "记录指标（评定时）" in headers
    assert officer.get("/staff-reviews/export/").status_code == 200


def test_scoping_and_the_live_tally(tree, personas):
    review, secretary, worker = rated_round(tree, personas)
    subject = Subject.objects.get(round=review, member=secretary.member)
    services.cast_ballot(actor=personas["工委管理员"], subject=subject, choice="excellent")
    assert client_for(personas["支部书记B1"]).get(subject.get_absolute_url()).status_code == 404
    peer_view = client_for(personas["支部书记A1"]).get(subject.get_absolute_url()).content.decode()
    assert "评定后公布" in peer_view and "100.00×40%" not in peer_view
    organiser = client_for(personas["党委管理员A"]).get(subject.get_absolute_url()).content.decode()
    assert "100.00×40%" in organiser


@pytest.mark.parametrize(
    "query", ["year=99999999999999999999", "organization=abc", "grade=best", "organization=99999999999999"]
)
def test_bad_filters_are_refused_in_chinese(tree, personas, query):
    officer = client_for(personas["党委管理员A"])
    for path in ("/staff-reviews/people/", "/staff-reviews/"):
        page = officer.get(f"{path}?{query}")
        assert page.status_code == 200
    assert officer.get(f"/staff-reviews/people/export/?{query}").status_code == 200


def test_bad_ballot_posts_are_answered_not_500(tree, personas):
    review, secretary, worker = rated_round(tree, personas)
    rater = client_for(personas["党员A1"])
    for data in ({"subject": "9" * 30, "choice": "excellent"}, {"subject": "x"}, {}):
        answer = rater.post("/staff-reviews/ballots/", data, follow=True)
        assert answer.status_code == 200 and "不存在或您不是其评议人" in answer.content.decode()
    subject = Subject.objects.filter(round=review).first()
    answer = rater.post("/staff-reviews/ballots/", {"subject": subject.pk, "choice": "x"}, follow=True)
    assert answer.status_code == 200 and not Ballot.objects.exists()
