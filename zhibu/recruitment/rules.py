"""Whether a proposed step fits a recruit's path: order and prerequisites, minimum and maximum gaps, who acted, the
people named, the vote and the named checks of ``steps.yaml``. Each breach carries the rule id the catalogue gives it,
its severity and a Chinese message with the dates and the gap; no rule number is written here.

Calendar gaps count the way the rules do: "at least 1 year" is met on the anniversary, "within 1 month" still on the
same day of the next month (a month-end date falls back to the last day of a shorter month)."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from zhibu.core.formatting import cn_date
from zhibu.members.choices import Category, PartyStatus
from zhibu.members.models import Member
from zhibu.members.validation import add_months, add_years
from zhibu.organizations.models import COMMITTEE_KINDS, Organization
from zhibu.recruitment.catalogue import Check, Gap, Step, TimeRule, catalogue
from zhibu.recruitment.models import Role
from zhibu.workdays.calendar import CalendarNotCovered, add_working_days, working_days_between

ERROR, WARNING = "error", "warning"
GENERAL_MEETING = "general_meeting"
MEETING_HELD = ("held", "minuted", "signed")


@dataclass(frozen=True)
class Breach:
    rule: str
    severity: str
    message: str
    field: str = "__all__"


@dataclass(frozen=True)
class PastStep:
    """What the rules read of a recorded step."""

    code: str
    happened_on: datetime.date
    extension_months: int | None = None
    vetting_passed: bool | None = None


@dataclass
class Proposal:
    code: str
    happened_on: datetime.date
    acting_organization: Organization
    people: dict[str, list[Member]] = field(default_factory=dict)
    vote: Any = None  # activities.Vote
    written_yes: int = 0
    training_days: int | None = None
    training_hours: int | None = None
    vetting_conclusion: str = ""
    vetting_passed: bool | None = None
    extension_months: int | None = None


def shift(day: datetime.date, gap: Gap) -> datetime.date:
    """The day ``gap`` after ``day``: the last day a maximum allows, the first a minimum does. Working days raise
    ``CalendarNotCovered`` for a year whose holidays are not known."""
    if gap.unit == "years":
        return add_years(day, gap.amount)
    if gap.unit == "months":
        return add_months(day, gap.amount)
    if gap.unit == "working_days":
        return add_working_days(day, gap.amount)
    return day + datetime.timedelta(days=gap.amount)


def elapsed(start: datetime.date, end: datetime.date, unit: str = "months") -> str:
    """The gap as a secretary says it: 1年2个月3天, 6个月, 29天, or n个工作日."""
    if unit == "working_days":
        return f"{working_days_between(start, end)}个工作日"
    if unit == "days":
        return f"{(end - start).days}天"
    months = 0
    while add_months(start, months + 1) <= end:
        months += 1
    days = (end - add_months(start, months)).days
    parts = [(months // 12, "年"), (months % 12, "个月"), (days, "天")]
    text = "".join(f"{amount}{unit_name}" for amount, unit_name in parts if amount)
    return text or "0天"


def latest(steps: Sequence[PastStep], code: str, before: datetime.date | None = None) -> PastStep | None:
    found = [s for s in steps if s.code == code and (before is None or s.happened_on <= before)]
    return max(found, key=lambda s: s.happened_on) if found else None


def _time_breach(
    step: Step, rule: TimeRule, earlier: PastStep, day: datetime.date, maxima: bool = True
) -> Breach | None:
    since = catalogue().step(rule.after)
    head = f"{rule.text}：{cn_date(earlier.happened_on)}{since.done}，至{cn_date(day)}"
    if rule.min is not None:
        unit = rule.min.unit
        if unit == "working_days":
            try:
                short = working_days_between(earlier.happened_on, day) < rule.min.amount
            except CalendarNotCovered as missing:
                # Not knowing the holidays is no reason to refuse: the step waits for a 情况说明 like any doubt.
                return Breach(rule.rule, WARNING, f"{rule.text}：{missing}（{rule.rule}）")
        else:
            short = day < shift(earlier.happened_on, rule.min)
        if short:
            return Breach(rule.rule, rule.severity, f"{head}仅{elapsed(earlier.happened_on, day, unit)}（{rule.rule}）")
    if rule.max is not None and maxima:
        try:
            over = day > shift(earlier.happened_on, rule.max)
        except CalendarNotCovered as missing:
            return Breach(rule.rule, WARNING, f"{rule.text}：{missing}（{rule.rule}）")
        if over:
            gap = elapsed(earlier.happened_on, day, rule.max.unit)
            return Breach(rule.rule, rule.severity, f"{head}已{gap}，超过{rule.max.label}（{rule.rule}）")
    return None


def order_breaches(step: Step, steps: Sequence[PastStep], day: datetime.date) -> Iterable[Breach]:
    if not step.repeats:
        done = latest(steps, step.code)
        if done is not None:
            tail = f"（{step.once_rule}）" if step.once_rule else ""
            yield Breach(
                step.once_rule, ERROR, f"“{step.name}”已于{cn_date(done.happened_on)}登记，只能办理一次{tail}", "code"
            )
    for requirement in step.requires:
        if latest(steps, requirement.step, before=day) is None:
            before = catalogue().step(requirement.step)
            tail = f"（{requirement.rule}）" if requirement.rule else ""
            yield Breach(
                requirement.rule,
                ERROR,
                f"“{step.name}”须在“{before.name}”之后办理：{cn_date(day)}前尚未登记“{before.name}”{tail}",
                "code",
            )
    # A repeating step (a thought report, an assessment) may be entered late; the path itself runs forward in time.
    later = [s for s in steps if s.happened_on > day and not catalogue().step(s.code).repeats]
    if later and not step.repeats:
        last = max(later, key=lambda s: s.happened_on)
        yield Breach(
            "",
            ERROR,
            f"日期早于已登记的“{catalogue().step(last.code).name}”（{cn_date(last.happened_on)}）；"
            "步骤须按时间顺序登记，请核对日期",
            "happened_on",
        )


def time_breaches(step: Step, steps: Sequence[PastStep], day: datetime.date, maxima: bool = True) -> Iterable[Breach]:
    """The step's gaps after earlier steps; without ``maxima`` only the minimum gaps (the review of a recorded path
    dates a missed deadline on the deadline's day instead)."""
    for rule in step.time:
        earlier = latest(steps, rule.after, before=day)
        if earlier is not None:
            breach = _time_breach(step, rule, earlier, day, maxima)
            if breach is not None:
                yield breach


def _is_above(organization: Organization, branch: Organization) -> bool:
    return branch.path.startswith(organization.path) and organization.pk != branch.pk


def actor_breaches(step: Step, branch: Organization, proposal: Proposal) -> Iterable[Breach]:
    acting = proposal.acting_organization
    tail = f"（{step.acts_rule}）" if step.acts_rule else ""
    if step.acts in ("person", "branch_committee", "general_meeting"):
        if acting.pk != branch.pk:
            yield Breach(
                step.acts_rule, ERROR, f"“{step.name}”由本党支部办理，办理组织应为“{branch}”", "acting_organization"
            )
        return
    is_committee_above = acting.kind in COMMITTEE_KINDS and _is_above(acting, branch)
    if step.acts in ("higher_committee", "approving_committee") and not is_committee_above:
        yield Breach(
            step.acts_rule,
            ERROR,
            f"“{step.name}”只能由党支部的上级党委（机关党委、党组或工委）办理；"
            f"“{acting}”是{acting.get_kind_display()}，没有这项权限{tail}",
            "acting_organization",
        )
    if step.acts == "department_above":
        # Filed one level above the approving committee: the branch's nearest committee approves.
        parent_committee = nearest_committee(branch)
        if not (acting.kind in COMMITTEE_KINDS and parent_committee and _is_above(acting, parent_committee)):
            yield Breach(
                step.acts_rule,
                ERROR,
                f"“{step.name}”应报审批党委的再上一级党委组织部门；“{acting}”不是{parent_committee or '审批党委'}的上级{tail}",
                "acting_organization",
            )


def nearest_committee(branch: Organization) -> Organization | None:
    node = branch.parent
    while node is not None and node.kind not in COMMITTEE_KINDS:
        node = node.parent
    return node


def is_full_member_on(member: Member, day: datetime.date) -> bool:
    return (
        member.category == Category.FULL
        and member.full_member_on is not None
        and member.full_member_on <= day
        and member.party_status == PartyStatus.NORMAL
    )


def people_breaches(step: Step, proposal: Proposal) -> Iterable[Breach]:
    for spec in step.roles:
        label = Role(spec.role).label
        people = proposal.people.get(spec.role, [])
        tail = f"（{spec.rule}）" if spec.rule else ""
        if not spec.min <= len(people) <= spec.max:
            wanted = f"{spec.min}名" if spec.min == spec.max else f"{spec.min}至{spec.max}名"
            yield Breach(spec.rule, ERROR, f"{label}应为{wanted}，现填写{len(people)}名{tail}", spec.role)
        if spec.full_members:
            for member in people:
                if not is_full_member_on(member, proposal.happened_on):
                    yield Breach(
                        spec.rule,
                        ERROR,
                        f"{member.name}在{cn_date(proposal.happened_on)}不是正式党员，不能担任{label}{tail}",
                        spec.role,
                    )


def vote_breaches(step: Step, branch: Organization, proposal: Proposal) -> Iterable[Breach]:
    spec = step.vote
    if spec is None:
        return
    vote, rule = proposal.vote, spec.rule
    if vote is None:
        yield Breach(rule, ERROR, f"“{step.name}”须选择支部党员大会上的表决记录", "vote")
        return
    meeting = vote.activity
    held_on = timezone.localdate(meeting.held_at) if meeting.held_at else None
    if (
        meeting.organization_id != branch.pk
        or meeting.kind.code != GENERAL_MEETING
        or meeting.status not in MEETING_HELD
    ):
        yield Breach(rule, ERROR, f"表决须是“{branch}”已召开的党员大会上的表决；“{meeting}”不是", "vote")
        return
    if held_on != proposal.happened_on:
        yield Breach(rule, ERROR, f"日期应为党员大会召开的日期{cn_date(held_on)}", "happened_on")
    absent_voters = vote.eligible - vote.present_eligible
    if proposal.written_yes > absent_voters:
        yield Breach(
            rule,
            ERROR,
            f"书面赞成意见{proposal.written_yes}份，超过未到会的有表决权党员人数{absent_voters}人，请核对",
            "written_yes",
        )
        return
    if not vote.is_valid:
        yield Breach(rule, ERROR, f"该表决无效：{vote.explanation}（{rule}）", "vote")
        return
    yes = vote.yes + proposal.written_yes
    passed = yes * 2 > vote.eligible
    tally = (
        f"赞成{vote.yes}票、书面赞成{proposal.written_yes}份，共{yes}，"
        f"{'超过' if passed else '未超过'}应到会有表决权正式党员{vote.eligible}人的半数"
    )
    if spec.failed and passed:
        yield Breach(rule, ERROR, f"该表决已通过（{tally}），请登记为表决通过", "vote")
    elif not spec.failed and not passed:
        outcome = f"；请登记为“{catalogue().step(spec.fails_to).name}”" if spec.fails_to else ""
        yield Breach(rule, ERROR, f"表决未通过：{tally}（{rule}）{outcome}", "vote")


def _probation_end(steps: Sequence[PastStep], years: int) -> datetime.date | None:
    vote = latest(steps, "admission_vote")
    if vote is None:
        return None
    extension = latest(steps, "extension_approval")
    months = (extension.extension_months or 0) if extension else 0
    return add_months(add_years(vote.happened_on, years), months)


def probation_end(steps: Sequence[PastStep]) -> datetime.date | None:
    """The end of probation: 1 year from the admission vote (the date of joining), plus an approved extension."""
    return _probation_end(steps, 1)


def check_breach(check: Check, recruit: Any, steps: Sequence[PastStep], proposal: Proposal) -> Breach | None:
    day, params, tag = proposal.happened_on, check.params, f"（{check.rule}）"

    def breach(message: str, field_name: str = "__all__") -> Breach:
        return Breach(check.rule, check.severity, message + tag, field_name)

    if check.check == "adult":
        adult_on = add_years(recruit.birth_date, params["years"])
        if day < adult_on:
            return breach(
                f"申请入党须年满{params['years']}岁：出生于{cn_date(recruit.birth_date)}，至{cn_date(day)}未满{params['years']}岁",
                "happened_on",
            )
    elif check.check == "vetting_conclusion":
        if not proposal.vetting_conclusion.strip() or proposal.vetting_passed is None:
            return breach("政治审查须形成结论：请填写政审结论并选择是否合格", "vetting_conclusion")
    elif check.check == "vetting_passed":
        vetting = latest(steps, "vetting", before=day)
        if vetting is not None and vetting.vetting_passed is False:
            return breach(f"{cn_date(vetting.happened_on)}的政治审查结论为不合格，不能发展")
    elif check.check == "training_length":
        days, hours = proposal.training_days or 0, proposal.training_hours or 0
        if days < params["days"] and hours < params["hours"]:
            return breach(
                f"集中培训不少于{params['days']}天或{params['hours']}学时：现为{days}天、{hours}学时", "training_days"
            )
    elif check.check == "leaving_unit":
        leaves = recruit.leaves_unit_on
        if leaves is not None and day <= leaves < add_months(day, params["months"]):
            return breach(
                f"{recruit.name}预计{cn_date(leaves)}离开本单位，距{cn_date(day)}不足{params['months']}个月，一般暂缓发展"
            )
    elif check.check == "probation_over":
        end = _probation_end(steps, params["years"])
        if end is not None and day < end:
            return breach(
                f"预备期至{cn_date(end)}期满（自支部大会通过接收之日起计算），{cn_date(day)}尚未期满", "happened_on"
            )
    elif check.check == "extension_length":
        months = proposal.extension_months
        if months is None or not params["min_months"] <= months <= params["max_months"]:
            got = f"现为{months}个月" if months is not None else "尚未填写"
            return breach(
                f"延长预备期应为{params['min_months']}至{params['max_months']}个月，{got}", "extension_months"
            )
    return None


def breaches(recruit: Any, steps: Sequence[PastStep], proposal: Proposal, *, maxima: bool = True) -> list[Breach]:
    """Every breach of the proposed step; where a rule breaks both as an error and a warning only the error shows."""
    step = catalogue().step(proposal.code)
    branch = recruit.organization
    found = [
        *order_breaches(step, steps, proposal.happened_on),
        *time_breaches(step, steps, proposal.happened_on, maxima),
        *actor_breaches(step, branch, proposal),
        *people_breaches(step, proposal),
        *vote_breaches(step, branch, proposal),
    ]
    for check in step.checks:
        result = check_breach(check, recruit, steps, proposal)
        if result is not None:
            found.append(result)
    hard = {b.rule for b in found if b.severity == ERROR and b.rule}
    return [b for b in found if b.severity == ERROR or b.rule not in hard]
