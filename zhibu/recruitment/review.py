"""The recorded path reviewed rule by rule: dated findings (DEV-…) that the standards engine turns into verdicts.

A step was checked when it was recorded, but the review reads it again as it stands: the vote's tally after a corrected
attendance, a sponsor's standing, a soft rule passed with a 情况说明. Each recorded step yields a finding for every rule
it is subject to, in the month it was recorded. A deadline (the talk within a month, the approval within three
months, a thought report every quarter, the discussion when probation ends) yields its finding in the month it fell
due: met when the step came in time (in the step's month), missed when it came late or not at all, pending while the
deadline is still ahead."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from zhibu.core.formatting import cn_date
from zhibu.members.validation import add_months, add_years
from zhibu.recruitment import rules
from zhibu.recruitment.catalogue import Reminder, Step, TimeRule, catalogue
from zhibu.recruitment.models import OPEN_STAGES, Recruit, RecruitStep
from zhibu.workdays.calendar import CalendarNotCovered

MET, MISSED, EXPLAINED, PENDING = "met", "missed", "explained", "pending"
PROBATION_RULE = "DEV-20"
DISCUSSIONS = ("full_vote", "full_not_passed", "extension_vote", "probation_cancelled")


@dataclass(frozen=True)
class Finding:
    rule: str
    recruit_id: int
    name: str
    organization_id: int
    day: datetime.date  # the month it is judged in
    status: str  # MET, MISSED, EXPLAINED or PENDING
    text: str


def _past(step: RecruitStep) -> rules.PastStep:
    return rules.PastStep(step.code, step.happened_on, step.extension_months, step.vetting_passed)


def _proposal(step: RecruitStep) -> rules.Proposal:
    people: dict[str, list] = {}
    for person in step.people.all():
        people.setdefault(person.role, []).append(person.member)
    return rules.Proposal(
        code=step.code,
        happened_on=step.happened_on,
        acting_organization=step.acting_organization,
        people=people,
        vote=step.vote,
        written_yes=step.written_yes,
        training_days=step.training_days,
        training_hours=step.training_hours,
        vetting_conclusion=step.vetting_conclusion,
        vetting_passed=step.vetting_passed,
        extension_months=step.extension_months,
    )


def _rules_of(step: Step) -> set[str]:
    """The rules a recorded step is judged by when recorded (its deadlines and reminders are judged apart)."""
    found = {requirement.rule for requirement in step.requires}
    found |= {role.rule for role in step.roles}
    found |= {rule.rule for rule in step.time if rule.min is not None}
    found |= {check.rule for check in step.checks}
    found |= {step.acts_rule, step.vote.rule if step.vote else ""}
    return found - {""}


def _late(day: datetime.date | None, stop: datetime.date | None) -> str:
    if day is not None:
        return f"{cn_date(day)}才办理"
    return "至今未办理" if stop is None else "未办理"


class _Review:
    """One recruit's path: every step recorded, the findings built up as the path is read."""

    def __init__(self, recruit: Recruit, today: datetime.date, discussion_months: int) -> None:
        self.recruit = recruit
        self.today = today
        self.discussion_months = discussion_months
        self.steps = sorted(recruit.steps.all(), key=lambda step: (step.happened_on, step.pk))
        self.past = [_past(step) for step in self.steps]
        self.closed_on = self.steps[-1].happened_on if recruit.stage not in OPEN_STAGES and self.steps else None
        self.found: list[Finding] = []

    def add(self, rule: str, day: datetime.date, status: str, text: str) -> None:
        self.found.append(
            Finding(
                rule,
                self.recruit.pk,
                self.recruit.name,
                self.recruit.organization_id,
                day,
                status,
                f"{self.recruit.name}：{text}",
            )
        )

    def first(self, code: str, after: datetime.date) -> RecruitStep | None:
        return next((step for step in self.steps if step.code == code and step.happened_on >= after), None)

    # ---- each recorded step ----------------------------------------------------------------------------------------
    def recorded(self) -> None:
        for index, step in enumerate(self.steps):
            definition = catalogue().step(step.code) if step.code in catalogue().by_code else None
            if definition is None or step.happened_on > self.today:
                continue
            found = rules.breaches(self.recruit, self.past[:index], _proposal(step), maxima=False)
            for rule in sorted(_rules_of(definition)):
                broken = [breach for breach in found if breach.rule == rule]
                if not broken:
                    self.add(rule, step.happened_on, MET, f"{cn_date(step.happened_on)}{definition.done}，符合规定")
                    continue
                text = "；".join(breach.message for breach in broken)
                explained = (
                    all(breach.severity == rules.WARNING for breach in broken)
                    and rule in step.explained_rules
                    and step.explanation
                )
                if explained:
                    self.add(rule, step.happened_on, EXPLAINED, f"{text}；情况说明：{step.explanation[:80]}")
                else:
                    self.add(rule, step.happened_on, MISSED, text)

    # ---- deadlines after an earlier step ---------------------------------------------------------------------------
    def deadlines(self) -> None:
        for definition in catalogue().steps:
            for rule in definition.time:
                if rule.max is not None:
                    self._deadline(definition, rule)

    def _deadline(self, definition: Step, rule: TimeRule) -> None:
        earlier = rules.latest(self.past, rule.after)
        if earlier is None or rule.max is None:
            return
        try:
            last_day = rules.shift(earlier.happened_on, rule.max)
        except CalendarNotCovered:
            return
        since = f"{cn_date(earlier.happened_on)}{catalogue().step(rule.after).done}"
        done = self.first(definition.code, earlier.happened_on)
        if done is not None and done.happened_on <= last_day:
            self.add(
                rule.rule,
                done.happened_on,
                MET,
                f"{since}，{cn_date(done.happened_on)}{definition.done}，未超过{rule.max.label}",
            )
        elif done is not None:
            gap = rules.elapsed(earlier.happened_on, done.happened_on, rule.max.unit)
            explained = rule.severity == rules.WARNING and rule.rule in done.explained_rules and done.explanation
            status, note = (EXPLAINED, f"；情况说明：{done.explanation[:80]}") if explained else (MISSED, "")
            self.add(
                rule.rule,
                last_day,
                status,
                f"{rule.text}：{since}，{cn_date(done.happened_on)}才{definition.done}，已{gap}{note}",
            )
        elif self.closed_on is not None and self.closed_on <= last_day:
            return
        elif last_day < self.today:
            self.add(
                rule.rule,
                last_day,
                MISSED,
                f"{rule.text}：{since}，应于{cn_date(last_day)}前{definition.done}，至今未办理",
            )
        else:
            self.add(rule.rule, last_day, PENDING, f"{since}，应于{cn_date(last_day)}前{definition.done}")

    # ---- steps owed again and again (assessments, thought reports) -------------------------------------------------
    def series(self) -> None:
        for definition in catalogue().steps:
            for reminder in definition.reminders:
                if reminder.every is not None:
                    self._series(definition, reminder)

    def _series(self, definition: Step, reminder: Reminder) -> None:
        start = rules.latest(self.past, reminder.after)
        if start is None or reminder.every is None:
            return
        ends = [
            step.happened_on
            for step in self.steps
            if step.code in reminder.until and step.happened_on >= start.happened_on
        ]
        stop = min([*ends, *([self.closed_on] if self.closed_on else [])], default=None)
        limit = min(stop, self.today) if stop else self.today
        base = start.happened_on
        own = [step.happened_on for step in self.steps if step.code == definition.code and step.happened_on > base]
        for day in [*own, None]:
            until = limit if day is None else min(day, limit)
            due = rules.shift(base, reminder.every)
            while due < until:  # every period that passed without one
                self.add(
                    reminder.rule,
                    due,
                    MISSED,
                    f"{reminder.text}：应于{cn_date(due)}前{definition.done}，{_late(day, stop)}",
                )
                due = rules.shift(due, reminder.every)
            if day is None or day > limit:
                if stop is None and due >= self.today:
                    self.add(reminder.rule, due, PENDING, f"下次应于{cn_date(due)}前{definition.done}")
                return
            if day <= rules.shift(base, reminder.every):
                self.add(reminder.rule, day, MET, f"{cn_date(day)}{definition.done}，按时")
            base = day

    # ---- the discussion when probation ends ------------------------------------------------------------------------
    def probation(self) -> None:
        vote = rules.latest(self.past, "admission_vote")
        approval = rules.latest(self.past, "admission_approval")
        if vote is None or approval is None:
            return
        end = add_years(vote.happened_on, 1)
        discussion = self._discussed(end, vote.happened_on)
        if discussion is not None and discussion.code == "extension_vote":
            extension = rules.latest(self.past, "extension_approval")
            if extension is not None and extension.extension_months:
                self._discussed(add_months(end, extension.extension_months), discussion.happened_on, extended=True)

    def _discussed(self, end: datetime.date, after: datetime.date, extended: bool = False) -> RecruitStep | None:
        codes = DISCUSSIONS if not extended else ("full_vote", "full_not_passed", "probation_cancelled")
        found = next((s for s in self.steps if s.code in codes and s.happened_on > after), None)
        last_day = add_months(end, self.discussion_months)
        head = f"{'延长的' if extended else ''}预备期于{cn_date(end)}期满"
        if found is not None and found.happened_on <= last_day:
            self.add(
                PROBATION_RULE,
                found.happened_on,
                MET,
                f"{head}，{cn_date(found.happened_on)}{catalogue().step(found.code).done}",
            )
        elif found is not None:
            self.add(
                PROBATION_RULE,
                last_day,
                MISSED,
                f"{head}，{cn_date(found.happened_on)}才讨论，超过{self.discussion_months}个月",
            )
        elif self.closed_on is not None and self.closed_on <= last_day:
            return None
        elif last_day < self.today:
            self.add(
                PROBATION_RULE, last_day, MISSED, f"{head}，应在{self.discussion_months}个月内讨论能否转正，至今未讨论"
            )
        else:
            self.add(PROBATION_RULE, last_day, PENDING, f"{head}，应于{cn_date(last_day)}前讨论能否转正")
        return found


def findings(
    recruits: Iterable[Recruit], *, today: datetime.date, discussion_months: Callable[[int], int]
) -> Iterator[Finding]:
    """Every finding of these recruits' paths (``discussion_months``: organisation id → the months a branch has to
    discuss a probationary member once probation ends)."""
    for recruit in recruits:
        review = _Review(recruit, today, discussion_months(recruit.organization_id))
        review.recorded()
        review.deadlines()
        review.series()
        review.probation()
        yield from review.found


def reviewed(organization_ids: Iterable[int] | None, since: datetime.date) -> QuerySet[Recruit]:
    """The recruits whose paths can yield a finding on or after ``since``, with everything the review reads."""
    recruits = Recruit.objects.filter(Q(stage__in=OPEN_STAGES) | Q(steps__happened_on__gte=since)).distinct()
    if organization_ids is not None:
        recruits = recruits.filter(organization_id__in=organization_ids)
    steps = RecruitStep.objects.select_related("acting_organization", "vote__activity__kind").prefetch_related(
        "people__member"
    )
    return recruits.select_related("organization").prefetch_related(Prefetch("steps", queryset=steps)).order_by("pk")
