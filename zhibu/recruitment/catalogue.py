"""The recruitment path (``steps.yaml``) as typed data: stages, steps, who acts, prerequisites, time rules and named
checks, loaded once and checked on load. The rule ids it names are checked against the standards catalogue at start-up
(``zhibu/standards/checks.py``), since the standards app reads this one and not the reverse."""

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ImproperlyConfigured

STEPS_FILE = Path(__file__).with_name("steps.yaml")
UNITS = {"days": "天", "working_days": "个工作日", "months": "个月", "years": "年"}
SEVERITIES = ("error", "warning")
CHECKS = (
    "adult",
    "vetting_conclusion",
    "vetting_passed",
    "training_length",
    "leaving_unit",
    "probation_over",
    "extension_length",
)
STEP_KEYS = {
    "code",
    "name",
    "stage",
    "acts",
    "acts_rule",
    "once_rule",
    "done",
    "enters",
    "materials",
    "repeats",
    "requires",
    "roles",
    "time",
    "checks",
    "vote",
    "kind",
    "reminders",
}
REMINDER_DATES = ("probation_end",)  # the named dates a reminder may fall due at (rules.py computes them)
ENTERED_STAGES = ("applicant", "activist", "candidate", "probationary", "full", "stopped", "cancelled")


@dataclass(frozen=True)
class Stage:
    code: str
    name: str


@dataclass(frozen=True)
class Gap:
    unit: str
    amount: int

    @property
    def label(self) -> str:
        return f"{self.amount}{UNITS[self.unit]}"


@dataclass(frozen=True)
class TimeRule:
    rule: str
    after: str
    severity: str
    text: str
    source: str
    min: Gap | None = None
    max: Gap | None = None


@dataclass(frozen=True)
class Reminder:
    """When a step falls due without a time rule: ``every`` so long after ``after`` (or after its own last record),
    until one of ``until`` is recorded; or ``at`` a named date (the end of probation)."""

    rule: str
    severity: str
    text: str
    after: str = ""
    every: Gap | None = None
    until: tuple[str, ...] = ()
    at: str = ""


@dataclass(frozen=True)
class Check:
    check: str
    rule: str
    severity: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Requirement:
    step: str
    rule: str = ""


@dataclass(frozen=True)
class RoleRule:
    role: str
    min: int
    max: int
    full_members: bool = False
    rule: str = ""


@dataclass(frozen=True)
class VoteRule:
    rule: str
    fails_to: str = ""
    failed: bool = False  # the step records a vote that did not pass


@dataclass(frozen=True)
class Step:
    code: str
    name: str
    stage: str
    acts: str
    done: str
    position: int
    materials: tuple[str, ...] = ()
    repeats: bool = False
    requires: tuple[Requirement, ...] = ()
    roles: tuple[RoleRule, ...] = ()
    time: tuple[TimeRule, ...] = ()
    checks: tuple[Check, ...] = ()
    vote: VoteRule | None = None
    reminders: tuple[Reminder, ...] = ()
    enters: str = ""
    acts_rule: str = ""
    once_rule: str = ""
    is_outcome: bool = False

    def role(self, role: str) -> RoleRule | None:
        return next((rule for rule in self.roles if rule.role == role), None)


@dataclass(frozen=True)
class Catalogue:
    stages: tuple[Stage, ...]
    actors: dict[str, str] = field(hash=False)
    steps: tuple[Step, ...]

    def step(self, code: str) -> Step:
        return self.by_code[code]

    @functools.cached_property
    def by_code(self) -> dict[str, Step]:
        return {step.code: step for step in self.steps}

    def rule_ids(self) -> set[str]:
        ids: set[str] = set()
        for step in self.steps:
            ids.update(r.rule for r in step.requires if r.rule)
            ids.update(r.rule for r in step.roles if r.rule)
            ids.update(t.rule for t in step.time)
            ids.update(c.rule for c in step.checks)
            ids.update(r.rule for r in step.reminders)
            ids.update(rule for rule in (step.acts_rule, step.once_rule) if rule)
            if step.vote is not None:
                ids.add(step.vote.rule)
        return ids


def _gap(entry: Any, where: str) -> Gap | None:
    if entry is None:
        return None
    if not isinstance(entry, dict) or len(entry) != 1:
        raise ImproperlyConfigured(f"{where}：时限应写成一个单位和数目，如 {{months: 1}}")
    ((unit, amount),) = entry.items()
    if unit not in UNITS or not isinstance(amount, int) or amount <= 0:
        raise ImproperlyConfigured(f"{where}：时限单位应为{'、'.join(UNITS)}之一，数目为正整数")
    return Gap(unit, amount)


def _severity(value: Any, where: str) -> str:
    if value not in SEVERITIES:
        raise ImproperlyConfigured(f"{where}：severity 应为 error 或 warning")
    return str(value)


def _time_rule(entry: dict[str, Any], where: str) -> TimeRule:
    rule = TimeRule(
        rule=entry["rule"],
        after=entry["after"],
        severity=_severity(entry.get("severity"), where),
        text=entry["text"],
        source=entry["source"],
        min=_gap(entry.get("min"), where),
        max=_gap(entry.get("max"), where),
    )
    if (rule.min is None) == (rule.max is None):
        raise ImproperlyConfigured(f"{where}：时限规则须有 min 或 max 之一")
    return rule


def _reminder(entry: dict[str, Any], where: str) -> Reminder:
    reminder = Reminder(
        rule=entry["rule"],
        severity=_severity(entry.get("severity"), where),
        text=entry["text"],
        after=entry.get("after", ""),
        every=_gap(entry.get("every"), where),
        until=tuple(entry.get("until") or ()),
        at=entry.get("at", ""),
    )
    if reminder.at and reminder.at not in REMINDER_DATES:
        raise ImproperlyConfigured(f"{where}：提醒日期 at 应为{'、'.join(REMINDER_DATES)}之一")
    if bool(reminder.at) == bool(reminder.after and reminder.every):
        raise ImproperlyConfigured(f"{where}：提醒须有 after 和 every，或 at 之一")
    return reminder


def _step(entry: dict[str, Any], position: int, stages: set[str], actors: dict[str, str]) -> Step:
    where = f"发展党员步骤 {entry.get('code', position)}"
    unknown = sorted(set(entry) - STEP_KEYS)
    if unknown:
        raise ImproperlyConfigured(f"{where}：未知字段 {'、'.join(unknown)}")
    for key in ("code", "name", "stage", "acts", "done"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ImproperlyConfigured(f"{where}：缺少 {key}")
    if entry["stage"] not in stages:
        raise ImproperlyConfigured(f"{where}：阶段“{entry['stage']}”不存在")
    if entry["acts"] not in actors:
        raise ImproperlyConfigured(f"{where}：办理主体“{entry['acts']}”不存在")
    if entry.get("enters", "") and entry["enters"] not in ENTERED_STAGES:
        raise ImproperlyConfigured(f"{where}：enters 应为{'、'.join(ENTERED_STAGES)}之一")
    requires = tuple(
        Requirement(item) if isinstance(item, str) else Requirement(item["step"], item.get("rule", ""))
        for item in entry.get("requires") or ()
    )
    roles = tuple(
        RoleRule(role, int(spec["min"]), int(spec["max"]), bool(spec.get("full_members")), spec.get("rule", ""))
        for role, spec in (entry.get("roles") or {}).items()
    )
    checks = []
    for item in entry.get("checks") or ():
        if item.get("check") not in CHECKS:
            raise ImproperlyConfigured(f"{where}：检查“{item.get('check')}”不存在（zhibu/recruitment/rules.py）")
        checks.append(
            Check(item["check"], item["rule"], _severity(item.get("severity"), where), item.get("params") or {})
        )
    vote = entry.get("vote")
    return Step(
        code=entry["code"],
        name=entry["name"],
        stage=entry["stage"],
        acts=entry["acts"],
        done=entry["done"],
        position=position,
        materials=tuple(entry.get("materials") or ()),
        repeats=bool(entry.get("repeats", False)),
        requires=requires,
        roles=roles,
        time=tuple(_time_rule(item, where) for item in entry.get("time") or ()),
        checks=tuple(checks),
        vote=VoteRule(vote["rule"], vote.get("fails_to", ""), bool(vote.get("failed"))) if vote else None,
        reminders=tuple(_reminder(item, where) for item in entry.get("reminders") or ()),
        enters=entry.get("enters", ""),
        acts_rule=entry.get("acts_rule", ""),
        once_rule=entry.get("once_rule", ""),
        is_outcome=entry.get("kind") == "outcome",
    )


def parse(text: str) -> Catalogue:
    data = yaml.safe_load(text) or {}
    stages = tuple(Stage(item["code"], item["name"]) for item in data.get("stages") or ())
    actors = dict(data.get("actors") or {})
    steps = tuple(
        _step(entry, position, {stage.code for stage in stages}, actors)
        for position, entry in enumerate(data.get("steps") or (), start=1)
    )
    codes = [step.code for step in steps]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ImproperlyConfigured(f"发展党员步骤编码重复：{'、'.join(duplicates)}")
    known = set(codes)
    for step in steps:
        named = [r.step for r in step.requires] + [t.after for t in step.time]
        named += [r.after for r in step.reminders if r.after] + [code for r in step.reminders for code in r.until]
        if step.vote is not None and step.vote.fails_to:
            named.append(step.vote.fails_to)
        missing = sorted(set(named) - known)
        if missing:
            raise ImproperlyConfigured(f"发展党员步骤 {step.code}：引用了不存在的步骤 {'、'.join(missing)}")
    return Catalogue(stages=stages, actors=actors, steps=steps)


@functools.cache
def catalogue() -> Catalogue:
    return parse(STEPS_FILE.read_text(encoding="utf-8"))
