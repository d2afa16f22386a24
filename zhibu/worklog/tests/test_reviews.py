"""季度点评: the issuer comments on a task once per quarter (a second is refused in Chinese, editing is fine), with an
optional score 0–100; the comment shows in the task's history; the owner may not review its own task."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.core.services import Conflict
from zhibu.worklog import reviews, services
from zhibu.worklog.models import Review
from zhibu.worklog.tests.ledger import CLOCK, D, accepted_task

pytestmark = pytest.mark.clock(CLOCK)  # 2026-05-10: the second quarter has begun


def test_one_comment_per_quarter_and_it_can_be_edited(tree, personas):
    plan, task = accepted_task(tree.a, tree.a1)
    admin = personas["党委管理员A"]
    first = reviews.write_review(actor=admin, task=task, year=2026, quarter=1, comment="开局良好", score=85)
    assert (first.period, first.score, first.written_on, first.written_by) == (
        "2026年第一季度",
        85,
        D(2026, 5, 10),
        admin,
    )
    with pytest.raises(Conflict) as error:
        reviews.write_review(actor=admin, task=task, year=2026, quarter=1, comment="再评一次")
    assert "2026年第一季度已点评（2026年5月10日），如需调整请修改原点评" in " ".join(error.value.messages)
    second = reviews.write_review(actor=admin, task=task, year=2026, quarter=2, comment="进度偏慢")
    assert second.score is None and Review.objects.filter(task=task).count() == 2
    edited = reviews.edit_review(actor=admin, review=first, comment="开局良好，学习计划已印发", score=90)
    assert (edited.comment, edited.score, edited.quarter) == ("开局良好，学习计划已印发", 90, 1)
    assert AuditEvent.objects.filter(event=Event.WORKLOG_REVIEW_WRITTEN).count() == 2
    assert AuditEvent.objects.filter(event=Event.WORKLOG_REVIEW_EDITED, object_id=str(first.pk)).count() == 1


@pytest.mark.parametrize(
    ("year", "quarter", "comment", "score", "message"),
    [
        (2026, 3, "提前点评", None, "2026年第三季度尚未开始，不能点评"),
        (2025, 4, "印发前", None, "工作要点印发于2026年第一季度，不能点评此前的季度"),
        (2026, 5, "第五季度", None, "请选择所点评的季度"),
        (2026, 1, "   ", None, "请填写点评意见"),
        (2026, 1, "评分过高", 101, "评分应为0至100之间的整数"),
    ],
)
def test_bad_comments_are_refused_in_chinese(tree, personas, year, quarter, comment, score, message):
    plan, task = accepted_task(tree.a, tree.a1)
    with pytest.raises(ValidationError) as error:
        reviews.write_review(
            actor=personas["党委管理员A"], task=task, year=year, quarter=quarter, comment=comment, score=score
        )
    assert message in " ".join(error.value.messages)
    assert not Review.objects.exists()


def test_the_owner_may_not_review_its_own_task(tree, personas):
    plan, task = accepted_task(tree.a, tree.a1)
    with pytest.raises(PermissionDenied):
        reviews.write_review(actor=personas["支部书记A1"], task=task, year=2026, quarter=1, comment="自评很好")
    review = reviews.write_review(actor=personas["党委管理员A"], task=task, year=2026, quarter=1, comment="良好")
    with pytest.raises(PermissionDenied):
        reviews.edit_review(actor=personas["支部书记A1"], review=review, comment="优秀", score=100)


def test_the_comment_shows_in_the_progress_history_and_is_written_on_the_page(tree, personas, client_as):
    plan, task = accepted_task(tree.a, tree.a1)
    services.report_progress(actor=personas["支部书记A1"], task=task, month=D(2026, 3, 1), percent=20, narrative="三月")
    services.report_progress(actor=personas["支部书记A1"], task=task, month=D(2026, 4, 1), percent=40, narrative="四月")
    admin = client_as(personas["党委管理员A"])
    form = {"period": "2026-1", "comment": "一季度开局良好", "score": "88", "submission_key": "review-q1-task"}
    response = admin.post(f"/worklog/tasks/{task.pk}/reviews/new/", form)
    assert response.status_code == 302
    page = client_as(personas["支部书记A1"]).get(task.get_absolute_url()).content.decode()
    # Newest first: April's report, then the first quarter's comment above March's report.
    assert page.index("2026年4月") < page.index("2026年第一季度点评") < page.index("2026年3月")
    assert "评分88" in page and "一季度开局良好" in page
    again = admin.post(f"/worklog/tasks/{task.pk}/reviews/new/", {**form, "submission_key": "review-q1-again"})
    assert again.status_code == 200 and "2026年第一季度已点评" in again.content.decode()
    review = Review.objects.get()
    edit = admin.post(f"/worklog/reviews/{review.pk}/edit/", {"comment": "一季度开局良好，继续保持", "score": ""})
    assert edit.status_code == 302
    review.refresh_from_db()
    assert (review.comment, review.score) == ("一季度开局良好，继续保持", None)
    owner = client_as(personas["支部书记A1"])
    assert owner.get(f"/worklog/tasks/{task.pk}/reviews/new/").status_code == 403
    assert owner.post(f"/worklog/reviews/{review.pk}/edit/", {"comment": "改掉"}).status_code == 403


def test_the_api_writes_a_comment_once_per_key_and_once_per_quarter(tree, personas):
    plan, task = accepted_task(tree.a, tree.a1)
    client = APIClient()
    client.force_authenticate(personas["党委管理员A"])
    body = {"year": 2026, "quarter": 1, "comment": "开局良好", "score": 80}
    client.credentials(HTTP_IDEMPOTENCY_KEY="review-2026-q1-a1")
    first = client.post(f"/api/v1/worklog-tasks/{task.pk}/review/", body, format="json")
    again = client.post(f"/api/v1/worklog-tasks/{task.pk}/review/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    client.credentials(HTTP_IDEMPOTENCY_KEY="review-2026-q1-again")
    duplicate = client.post(f"/api/v1/worklog-tasks/{task.pk}/review/", body, format="json")
    assert duplicate.status_code == 409 and "2026年第一季度已点评" in duplicate.json()["detail"]
    client.credentials()
    bad = client.post(f"/api/v1/worklog-tasks/{task.pk}/review/", {**body, "quarter": 3}, format="json")
    assert bad.status_code == 400 and "尚未开始" in str(bad.json())
    read = client.get(f"/api/v1/worklog-tasks/{task.pk}/").json()["reviews"]
    assert [(row["year"], row["quarter"], row["score"]) for row in read] == [(2026, 1, 80)]
    owner = APIClient()
    owner.force_authenticate(personas["支部书记A1"])
    assert owner.post(f"/api/v1/worklog-tasks/{task.pk}/review/", body, format="json").status_code == 403
    assert [row["comment"] for row in owner.get("/api/v1/worklog-reviews/").json()["results"]] == ["开局良好"]
    stranger = APIClient()
    stranger.force_authenticate(personas["支部书记B1"])
    assert stranger.get("/api/v1/worklog-reviews/").json()["count"] == 0
