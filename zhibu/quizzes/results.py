"""Results for the organiser: a quiz per person and per question; a survey only in aggregate, and only for groups of
at least ``SURVEY_MIN_GROUP`` answers (a smaller group's figures would tell who said what). No ranking is computed:
per person is listed by organisation and name, never by score. A 知识竞赛 is the exception its organiser asks for:
its standings (score, then time) and each branch's participation rate are shown to the organiser only."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.quizzes.models import Attempt, Contest, Question, Quiz, Survey, SurveyResponse
from zhibu.quizzes.services import min_group


def quiz_people(quiz: Quiz, attempts) -> list[Attempt]:
    return sorted(attempts, key=lambda a: (a.member.organization.path, a.member.name, a.started_at))


def quiz_questions(quiz: Quiz, attempts) -> list[dict[str, Any]]:
    asked: Counter[int] = Counter()
    right: Counter[int] = Counter()
    for attempt in attempts:
        for key, ok in (attempt.marks or {}).items():
            asked[int(key)] += 1
            right[int(key)] += bool(ok)
    questions = Question.objects.in_bulk(list(asked))
    rows = [
        {"question": questions[pk], "asked": asked[pk], "right": right[pk], "rate": round(100 * right[pk] / asked[pk])}
        for pk in asked
        if pk in questions
    ]
    return sorted(rows, key=lambda r: (r["rate"], r["question"].pk))


@dataclass
class SurveyResults:
    total: int
    minimum: int
    shown: bool
    questions: list[dict[str, Any]] = field(default_factory=list)
    branches: list[tuple[str, int]] = field(default_factory=list)
    hidden_branches: int = 0


def survey_results(survey: Survey, responses=None) -> SurveyResults:
    """``responses``: the sheets to count (a branch's, when the organiser narrows); default all of the survey."""
    rows = list((responses if responses is not None else SurveyResponse.objects.filter(survey=survey)).order_by("id"))
    minimum = min_group()
    result = SurveyResults(total=len(rows), minimum=minimum, shown=len(rows) >= minimum)
    if not result.shown:
        return result
    per_branch = Counter(row.branch.name for row in rows)
    result.branches = sorted((name, n) for name, n in per_branch.items() if n >= minimum)
    result.hidden_branches = sum(1 for n in per_branch.values() if n < minimum)
    for index, question in enumerate(survey.questions):
        answers = [row.answers.get(str(index)) for row in rows]
        entry: dict[str, Any] = {"index": index, "text": question["text"], "kind": question["kind"]}
        if question["kind"] == "text":
            # Sorted, not in order of arrival; only when the whole survey reaches the minimum.
            entry["texts"] = sorted(a for a in answers if a)
        else:
            counts = Counter(choice for chosen in answers for choice in (chosen or []))
            entry["counts"] = [(option, counts.get(option, 0)) for option in question["options"]]
        result.questions.append(entry)
    return result


# 知识竞赛 ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    rank: int
    attempt: Attempt
    seconds: int  # time taken by the best sheet, from the start of the attempt to handing in

    @property
    def duration(self) -> str:
        minutes, seconds = divmod(self.seconds, 60)
        return f"{minutes}分{seconds:02d}秒"


def contest_standings(attempts: Iterable[Attempt]) -> list[Standing]:
    """Each participant's best handed-in sheet (highest score, then shortest time, then earliest), ranked by score and
    then time; equal score and time share a rank."""
    best: dict[int, tuple[tuple[int, int, Any], Attempt, int]] = {}
    for attempt in attempts:
        if attempt.submitted_at is None or attempt.score is None:
            continue
        seconds = int((attempt.submitted_at - attempt.started_at).total_seconds())
        key = (-attempt.score, seconds, attempt.submitted_at)
        if attempt.member_id not in best or key < best[attempt.member_id][0]:
            best[attempt.member_id] = (key, attempt, seconds)
    ordered = sorted(best.values(), key=lambda row: (row[0], row[1].member.name))
    standings: list[Standing] = []
    for position, (_key, attempt, seconds) in enumerate(ordered, start=1):
        tied = standings and (standings[-1].attempt.score, standings[-1].seconds) == (attempt.score, seconds)
        standings.append(Standing(standings[-1].rank if tied else position, attempt, seconds))
    return standings


@dataclass(frozen=True)
class BranchRate:
    branch: Organization
    members: int
    took_part: int

    @property
    def rate(self) -> int:
        return round(100 * self.took_part / self.members) if self.members else 0


def branch_participation(contest: Contest, attempts: Iterable[Attempt]) -> list[BranchRate]:
    """Per branch of the organisations taking part: current members, how many handed in a sheet, the rate."""
    paths = list(contest.participants.values_list("path", flat=True))
    if not paths:
        return []
    within = Q()
    for path in paths:
        within |= Q(organization__path__startswith=path)
    counts = dict(
        Member.objects.current()
        .filter(within)
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )
    took: Counter[int] = Counter()
    for _member, organization_id in {(a.member_id, a.member.organization_id) for a in attempts if a.submitted_at}:
        took[organization_id] += 1
    branches = Organization.objects.filter(pk__in=set(counts) | set(took)).order_by("path")
    return [BranchRate(branch, counts.get(branch.pk, 0), took.get(branch.pk, 0)) for branch in branches]
