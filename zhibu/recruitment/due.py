"""What a recruit owes next and by when: the one computation the pipeline board and the 待办 inbox both read.

A step falls due from the data of ``steps.yaml``: a time rule's maximum after an earlier step (the talk within a month of
the application, the 党委's approval within 3 and at most 6 months of the branch resolution), a reminder's interval
(an activist assessed every half year, a thought report every quarter) or the end of probation. The dates come from
``rules.shift`` and ``rules.probation_end``, the arithmetic the rules themselves apply when a step is recorded."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from zhibu.core.formatting import cn_date
from zhibu.recruitment import rules
from zhibu.recruitment.catalogue import Reminder, Step, catalogue
from zhibu.recruitment.models import OPEN_STAGES, Recruit
from zhibu.workdays.calendar import CalendarNotCovered


@dataclass(frozen=True)
class Due:
    step: Step  # the step owed
    on: datetime.date  # the last day it may be recorded on
    rule: str
    severity: str
    text: str  # the rule as a secretary reads it
    since: str  # what the date counts from: 2025年3月1日递交入党申请书

    def is_overdue(self, today: datetime.date) -> bool:
        return self.on < today

    @property
    def title(self) -> str:
        return f"{self.step.name}：{self.text}（{self.rule}）"


def past_steps(recruit: Recruit) -> list[rules.PastStep]:
    """The recorded steps as the rules read them (``recruit.steps`` may be prefetched)."""
    return [
        rules.PastStep(step.code, step.happened_on, step.extension_months, step.vetting_passed)
        for step in recruit.steps.all()
    ]


def _since(past: rules.PastStep) -> str:
    return f"{cn_date(past.happened_on)}{catalogue().step(past.code).done}"


def _limits(step: Step, steps: Sequence[rules.PastStep]) -> list[Due]:
    """The maxima of the step's time rules, counted from the earlier step when it is recorded."""
    found = []
    for rule in step.time:
        earlier = rules.latest(steps, rule.after)
        if rule.max is None or earlier is None:
            continue
        try:
            on = rules.shift(earlier.happened_on, rule.max)
        except CalendarNotCovered:
            continue  # the holidays of that year are not known yet: no date rather than a wrong one
        found.append(Due(step, on, rule.rule, rule.severity, rule.text, _since(earlier)))
    return found


def _reminder(step: Step, reminder: Reminder, steps: Sequence[rules.PastStep]) -> Due | None:
    if reminder.at == "probation_end":
        end = rules.probation_end(steps)
        vote = rules.latest(steps, "admission_vote")
        if end is None or vote is None:
            return None
        return Due(step, end, reminder.rule, reminder.severity, reminder.text, _since(vote))
    start = rules.latest(steps, reminder.after)
    if start is None or reminder.every is None or any(rules.latest(steps, code) for code in reminder.until):
        return None
    own = rules.latest(steps, step.code)
    base = own if own is not None and own.happened_on >= start.happened_on else start
    return Due(
        step,
        rules.shift(base.happened_on, reminder.every),
        reminder.rule,
        reminder.severity,
        reminder.text,
        _since(base),
    )


def dues(stage: str, steps: Sequence[rules.PastStep]) -> list[Due]:
    """Everything the recruit owes, soonest first; nothing once the path has ended (full member, stopped)."""
    if stage not in OPEN_STAGES:
        return []
    recorded = {past.code for past in steps}
    found: list[Due] = []
    for step in catalogue().steps:
        if step.is_outcome or (step.code in recorded and not step.repeats):
            continue
        if not step.repeats:
            found.extend(_limits(step, steps))
        for reminder in step.reminders:
            due = _reminder(step, reminder, steps)
            if due is not None:
                found.append(due)
    return sorted(found, key=lambda due: (due.on, due.step.position))


def current_step(steps: Sequence[rules.PastStep]) -> Step | None:
    """The last step of the path recorded (a repeated thought report or assessment does not move the path)."""
    path = [past for past in steps if not catalogue().step(past.code).repeats]
    if not path:
        return None
    last = max(path, key=lambda past: (past.happened_on, catalogue().step(past.code).position))
    return catalogue().step(last.code)


def next_step(steps: Sequence[rules.PastStep]) -> Step | None:
    """The first step of the path not yet recorded (extension and outcomes only when chosen)."""
    done = {past.code for past in steps}
    for step in catalogue().steps:
        if not (step.is_outcome or step.repeats or step.code in done or step.code.startswith("extension")):
            return step
    return None


def earliest(step: Step, steps: Sequence[rules.PastStep]) -> datetime.date | None:
    """The first day the step's minimum gaps allow (1 year of training before 确定发展对象), if it has any."""
    days = []
    for rule in step.time:
        earlier = rules.latest(steps, rule.after)
        if rule.min is not None and earlier is not None:
            try:
                days.append(rules.shift(earlier.happened_on, rule.min))
            except CalendarNotCovered:
                continue
    return max(days) if days else None
