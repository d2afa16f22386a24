"""年终考核: each owner organisation's score on a plan, computed from its tasks' records and the issuer's quarterly
scores, with every step written out so that a reader can check it by hand.

For the owner's tasks in the plan (weights w):
  完成得分 = (Σw 按期销号 × 100% + Σw 逾期销号 × 60% + Σw 尚未销号 × 0%) ÷ Σw 全部任务 × 100
  任务得分 = max(0, 完成得分 − 退回次数 × 2分)
  点评评分 = the mean of the quarterly review scores (季度点评评分) given on those tasks
  年终考核得分 = 任务得分 × 70% + 点评评分 × 30%, or 任务得分 alone when no quarter was scored.
按期 means closed (销号) on or before the deadline; a task waiting for review counts as not yet closed. Every step is
rounded to one decimal (half up) and the next step uses the rounded figure, so the lines add up as shown."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from zhibu.organizations.models import Organization
from zhibu.worklog.models import Status, Task

ON_TIME_RATE, LATE_RATE, OPEN_RATE = Decimal(100), Decimal(60), Decimal(0)  # percent of a task's weight earned
RETURN_PENALTY = Decimal(2)  # points off for each closure request the issuer returned
TASK_SHARE, REVIEW_SHARE = Decimal(70), Decimal(30)  # percent of the final score
HUNDRED, TENTH = Decimal(100), Decimal("0.1")


def _round(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def _pct(rate: Decimal) -> str:
    return f"{rate.normalize():f}%"


@dataclass
class Bucket:
    label: str
    rate: Decimal
    count: int = 0
    weight: int = 0

    @property
    def earned(self) -> Decimal:
        return _round(self.weight * self.rate / HUNDRED)

    def line(self) -> str:
        return f"{self.label} {self.count}项，权重合计{self.weight} × {_pct(self.rate)} = {self.earned}"


@dataclass
class Assessment:
    owner: Organization
    on_time: Bucket = field(default_factory=lambda: Bucket("按期销号", ON_TIME_RATE))
    late: Bucket = field(default_factory=lambda: Bucket("逾期销号", LATE_RATE))
    open: Bucket = field(default_factory=lambda: Bucket("尚未销号", OPEN_RATE))
    returned: int = 0
    review_scores: list[int] = field(default_factory=list)

    @property
    def task_count(self) -> int:
        return self.on_time.count + self.late.count + self.open.count

    @property
    def total_weight(self) -> int:
        return self.on_time.weight + self.late.weight + self.open.weight

    @property
    def completion(self) -> Decimal:
        earned = self.on_time.earned + self.late.earned + self.open.earned
        return _round(earned / self.total_weight * HUNDRED) if self.total_weight else Decimal(0)

    @property
    def penalty(self) -> Decimal:
        return _round(self.returned * RETURN_PENALTY)

    @property
    def task_score(self) -> Decimal:
        return max(Decimal("0.0"), _round(self.completion - self.penalty))

    @property
    def review_score(self) -> Decimal | None:
        if not self.review_scores:
            return None
        return _round(Decimal(sum(self.review_scores)) / len(self.review_scores))

    @property
    def total(self) -> Decimal:
        if self.review_score is None:
            return self.task_score
        return _round(self.task_score * TASK_SHARE / HUNDRED + self.review_score * REVIEW_SHARE / HUNDRED)

    def lines(self) -> list[str]:
        buckets = (self.on_time, self.late, self.open)
        earned = " + ".join(str(bucket.earned) for bucket in buckets)
        found = [bucket.line() for bucket in buckets]
        found.append(f"完成得分 = ({earned}) ÷ 权重合计{self.total_weight} × 100 = {self.completion}")
        found.append(f"退回扣分 = 退回{self.returned}次 × {RETURN_PENALTY}分 = {self.penalty}")
        difference = _round(self.completion - self.penalty)
        floor = "" if difference >= 0 else f"，不低于0分，计{self.task_score}"
        shown = str(difference).replace("-", "−")
        found.append(f"任务得分 = {self.completion} − {self.penalty} = {shown}{floor}")
        if self.review_score is None:
            found.append("点评评分：季度点评未评分")
            found.append(f"年终考核得分 = 任务得分 = {self.total}")
        else:
            scores = "、".join(str(score) for score in self.review_scores)
            found.append(f"点评评分 = 季度点评评分 {scores} 的平均 = {self.review_score}")
            found.append(
                f"年终考核得分 = {self.task_score} × {_pct(TASK_SHARE)} + {self.review_score} × {_pct(REVIEW_SHARE)}"
                f" = {self.total}"
            )
        return found


def _bucket(assessment: Assessment, task: Task) -> Bucket:
    if task.status != Status.CLOSED or task.closed_on is None:
        return assessment.open
    return assessment.on_time if task.closed_on <= task.deadline else assessment.late


def assess(tasks) -> list[Assessment]:
    """One assessment per owner of ``tasks`` (a plan's tasks, as the reader may see them), in tree order."""
    by_owner: dict[int, Assessment] = {}
    scores: dict[int, list[int]] = defaultdict(list)
    for task in tasks.select_related("owner").prefetch_related("reviews").order_by("owner__path", "id"):
        assessment = by_owner.setdefault(task.owner_id, Assessment(owner=task.owner))
        bucket = _bucket(assessment, task)
        bucket.count += 1
        bucket.weight += task.weight
        assessment.returned += task.returned_count
        ordered = sorted(task.reviews.all(), key=lambda review: (review.year, review.quarter))
        scores[task.owner_id] += [review.score for review in ordered if review.score is not None]
    for owner_id, assessment in by_owner.items():
        assessment.review_scores = scores[owner_id]
    return list(by_owner.values())
