"""季度点评: the issuer's comment on a task for a quarter, with an optional score 0–100. One per task and quarter: a
second is refused (the first can be edited). A quarter may be reviewed once it has begun and if it is not before the
quarter the plan was issued in. Only the issuing organisation's keepers write or edit (CHANGE on the plan)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.formatting import cn_date
from zhibu.core.scoping import CHANGE, require
from zhibu.core.services import Conflict
from zhibu.worklog.models import QUARTER_NAMES, Review, Task

MAX_COMMENT = 2000


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}年{QUARTER_NAMES[quarter]}"


def reviewable_quarters(task: Task, today: datetime.date) -> list[tuple[int, int]]:
    """The quarters a comment may be for, newest first: from the plan's issue to the current quarter."""
    first, quarter = quarter_of(task.plan.issued_on), quarter_of(today)
    found = []
    while quarter >= first:
        found.append(quarter)
        year, number = quarter
        quarter = (year, number - 1) if number > 1 else (year - 1, 4)
    return found


def _comment(comment: str | None) -> str:
    text = (comment or "").strip()
    if not text:
        raise ValidationError({"comment": "请填写点评意见"})
    if len(text) > MAX_COMMENT:
        raise ValidationError({"comment": f"点评意见不能超过{MAX_COMMENT}个字"})
    return text


def _score(score: int | None) -> int | None:
    if score is not None and not 0 <= score <= 100:
        raise ValidationError({"score": "评分应为0至100之间的整数，或不填"})
    return score


@transaction.atomic
def write_review(*, actor: Any, task: Task, year: int, quarter: int, comment: str, score: int | None = None) -> Review:
    task = Task.objects.select_for_update().select_related("point__section__plan__issuer", "owner").get(pk=task.pk)
    require(actor, CHANGE, task.plan)
    if year is None or quarter not in QUARTER_NAMES:
        raise ValidationError({"quarter": "请选择所点评的季度（第一至第四季度）"})
    today = timezone.localdate()
    if (year, quarter) > quarter_of(today):
        raise ValidationError({"quarter": f"{quarter_label(year, quarter)}尚未开始，不能点评"})
    if (year, quarter) < quarter_of(task.plan.issued_on):
        raise ValidationError(
            {"quarter": f"工作要点印发于{quarter_label(*quarter_of(task.plan.issued_on))}，不能点评此前的季度"}
        )
    comment, score = _comment(comment), _score(score)
    existing = task.reviews.filter(year=year, quarter=quarter).first()
    if existing is not None:
        raise Conflict(
            {
                "quarter": f"{quarter_label(year, quarter)}已点评（{cn_date(existing.written_on)}），如需调整请修改原点评"
            },
            existing=existing,
        )
    review = Review.objects.create(
        task=task,
        year=year,
        quarter=quarter,
        comment=comment,
        score=score,
        written_on=today,
        written_by=actor if hasattr(actor, "_meta") else None,
    )
    audit.record(actor=actor, event=Event.WORKLOG_REVIEW_WRITTEN, obj=review, after=audit.snapshot(review))
    return review


@transaction.atomic
def edit_review(*, actor: Any, review: Review, comment: str, score: int | None = None) -> Review:
    """The issuer corrects the comment or the score; the quarter stays."""
    review = Review.objects.select_for_update().select_related("task__point__section__plan__issuer").get(pk=review.pk)
    require(actor, CHANGE, review.task.plan)
    comment, score = _comment(comment), _score(score)
    before = audit.snapshot(review)
    review.comment, review.score = comment, score
    review.save(update_fields=["comment", "score", "updated_at"])
    audit.record(
        actor=actor, event=Event.WORKLOG_REVIEW_EDITED, obj=review, before=before, after=audit.snapshot(review)
    )
    return review
