"""Results for the organiser: a quiz per person and per question; a survey only in aggregate, and only for groups of
at least ``SURVEY_MIN_GROUP`` answers (a smaller group's figures would tell who said what). No ranking is computed:
per person is listed by organisation and name, never by score."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from zhibu.quizzes.models import Attempt, Question, Quiz, Survey, SurveyResponse
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
