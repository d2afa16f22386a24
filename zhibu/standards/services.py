"""Evaluating verdicts (``zhibu.standards.storage`` writes them); 情况说明 and their review; 工委 parameter overrides.

``recompute`` judges a whole year; ``refresh_after_change`` (registered with ``zhibu.core.derived``) re-judges only
the rules, organisations and periods that a changed record can affect, inside the writer's transaction.
"""

import datetime
from collections.abc import Collection, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhibu.accounts.models import User, record_keepers
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.contracts import AuditActor
from zhibu.core.models import Attachment
from zhibu.core.notify import notify, task_done
from zhibu.core.periods import key_label
from zhibu.core.scoping import CHANGE, VIEW, can, require
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.standards import parameters
from zhibu.standards.catalogue import Rule, by_id, catalogue
from zhibu.standards.engine import SNAPSHOT_KEY, Context, Outcome, collector_paused
from zhibu.standards.evaluators import (
    EVALUATORS,
    READS,
    READS_PARAMETERS_OF,
    SNAPSHOT_ENGINES,
    TOPICS,
    WHOLE_YEAR_ENGINES,
    reads_kind,
)
from zhibu.standards.labels import rule_label
from zhibu.standards.models import ExplanationNote, ParameterOverride, Verdict, VerdictStatus
from zhibu.standards.storage import Changes, store


def evaluated_rules(rule_ids: Collection[str] | None = None) -> list[Rule]:
    rules = [rule for rule in catalogue() if rule.evaluated]
    return [rule for rule in rules if rule.id in rule_ids] if rule_ids is not None else rules


@collector_paused()
def evaluate(rules: list[Rule], ctx: Context) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for rule in rules:
        if rule.period == "snapshot" and not ctx.includes_snapshot:
            continue  # 现状 rules belong to the current year only
        outcomes.extend(EVALUATORS[rule.engine](rule, ctx))
    return outcomes


@transaction.atomic
def recompute(
    *, actor: AuditActor, year: int, rule_ids: Collection[str] | None = None, today: datetime.date | None = None
) -> Changes:
    """Judge every evaluated rule for every organisation for the year; the audit event records what changed."""
    rules = evaluated_rules(rule_ids)
    ctx = Context(today=today, year=year)
    changes = store(rules, ctx, evaluate(rules, ctx))
    audit.record(
        actor=actor,
        event=Event.STANDARDS_RECOMPUTED,
        extra={
            "year": year,
            "rules": len(rules),
            "created": changes.created,
            "updated": changes.updated,
            "deleted": changes.deleted,
            "flips": len(changes.flips),
        },
    )
    return changes


def refresh(
    *,
    organizations: Sequence[Organization],
    topic: str | None,
    day: datetime.date | None,
    rule_ids: Collection[str] | None = None,
    kind: str = "",
) -> Changes:
    """Re-judge the rules that a change of ``topic`` records can affect (all rules when ``topic`` is None) for these
    organisations and their ancestors (an agency's rules read its branches' records); with ``kind`` (a meeting
    kind), only the rules that read meetings of that kind."""
    today = timezone.localdate()
    rules = [
        rule
        for rule in evaluated_rules(rule_ids)
        if (topic is None or topic in TOPICS.get(rule.engine, ())) and reads_kind(rule, kind)
    ]
    changes = Changes()
    if not rules or not organizations:
        return changes
    day = min(day or today, today)
    ctx = Context(today=today, day=day, around=organizations)
    # a month of MTG-09 is judged against the usual day of the whole year's meetings, and a recruit's step can settle
    # a deadline of another month: any change re-judges the year
    whole_year = [rule for rule in rules if "fixed_day_within" in rule.threshold or rule.engine in WHOLE_YEAR_ENGINES]
    rules = [rule for rule in rules if rule not in whole_year]
    changes.merge(store(rules, ctx, evaluate(rules, ctx)))
    if whole_year:
        year_ctx = Context(today=today, year=day.year, organization_ids=ctx.organization_ids)
        changes.merge(store(whole_year, year_ctx, evaluate(whole_year, year_ctx)))
    if day.year != today.year:  # the 现状 verdicts belong to this year's slice
        ctx = Context(today=today, day=today, organization_ids=ctx.organization_ids)
        snapshot_rules = [rule for rule in rules if rule.engine in SNAPSHOT_ENGINES]
        changes.merge(store(snapshot_rules, ctx, evaluate(snapshot_rules, ctx)))
    return changes


def _last_closed_end(kinds: set[str], year: int, today: datetime.date) -> datetime.date | None:
    """The end of the latest period of these kinds in the year that is over by today (None: none is over yet)."""
    from zhibu.core.periods import period_of

    ends: list[datetime.date] = []
    for kind in kinds:
        day = min(datetime.date(year, 12, 31), today - datetime.timedelta(days=1))
        while day.year == year:
            period = period_of(kind, day)
            if period.end < today:
                ends.append(period.end)
                break
            day = period.start - datetime.timedelta(days=1)
    return max(ends) if ends else None


def judge_closed_periods(organization: Organization, year: int) -> Changes | None:
    """Judge the organisation's year when a period that is over has no verdict yet or still says 进行中: a period that
    ended is judged when it is read, without anyone running ``evaluate_standards``. Cheap when nothing is stale (two
    indexed queries)."""
    if not settings.STANDARDS_LIVE_REFRESH:
        return None
    today = timezone.localdate()
    rules = [rule for rule in evaluated_rules() if organization.kind in rule.applies_to and rule.period != "snapshot"]
    kinds = {"month" if rule.period == "event" else rule.period for rule in rules} & {"month", "quarter", "year"}
    last_end = _last_closed_end(kinds, year, today) if year <= today.year else None
    if last_end is None or last_end < organization.founded_on:
        return None
    stored = Verdict.objects.filter(organization=organization, rule_id__in=[rule.id for rule in rules])
    stale = stored.filter(status=VerdictStatus.IN_PROGRESS, period_end__lt=today, period_start__year=year).exists()
    if not stale and stored.filter(period_end=last_end).exists():
        return None
    ctx = Context(today=today, year=year, organization_ids={organization.pk})
    with transaction.atomic():
        return store(rules, ctx, evaluate(rules, ctx))


def refresh_after_change(
    *, organizations: Sequence[Organization], topic: str, day: datetime.date | None = None, kind: str = ""
) -> None:
    """The listener for ``zhibu.core.derived.records_changed``."""
    if not settings.STANDARDS_LIVE_REFRESH:
        return
    refresh(organizations=organizations, topic=topic, day=day, kind=kind)


# ---- 情况说明 ----------------------------------------------------------------------------------------------------


@transaction.atomic
def submit_note(*, actor: User, verdict: Verdict, text: str, attachment: Attachment | None = None) -> ExplanationNote:
    require(actor, CHANGE, verdict.organization)
    if verdict.status != VerdictStatus.MISSED:
        raise ValidationError(f"只有“未达标”的事项需要提交情况说明（当前为“{verdict.get_status_display()}”）")
    if len((text or "").strip()) < 10:
        raise ValidationError({"text": "请写明未达标的原因和整改打算（不少于10个字）"})
    live = (
        ExplanationNote.objects.select_for_update()
        .filter(organization=verdict.organization, rule_id=verdict.rule_id, period_key=verdict.period_key)
        .exclude(status=ExplanationNote.Status.RETURNED)
    )
    if live.exists():
        raise ValidationError("该事项已有待审核或已接受的情况说明，不能重复提交")
    note = ExplanationNote.objects.create(
        organization=verdict.organization,
        rule_id=verdict.rule_id,
        period_key=verdict.period_key,
        text=text.strip(),
        attachment=attachment,
        submitted_by=actor,
    )
    audit.record(actor=actor, event=Event.STANDARDS_NOTE_SUBMITTED, obj=note, after=audit.snapshot(note))
    higher = verdict.organization.parent
    if higher is not None:
        notify(
            record_keepers(higher),
            f"{verdict.organization}提交了情况说明，待您审核：{rule_label(verdict.rule_id)}",
            reverse("standards:notes"),
            actor=actor,
            task=f"note.review:{note.pk}",
        )
    return note


@transaction.atomic
def review_note(*, actor: User, note: ExplanationNote, accept: bool, comment: str = "") -> ExplanationNote:
    """Only the higher organisation decides: a branch cannot accept its own explanation."""
    note = ExplanationNote.objects.select_for_update().select_related("organization").get(pk=note.pk)
    higher = note.organization.parent
    if higher is None:
        raise PermissionDenied("最高层级组织的情况说明无需上级审核")
    require(actor, VIEW, note)
    if not can(actor, CHANGE, higher.path):
        raise PermissionDenied(f"情况说明须由上级党组织（{higher}）审核")
    if note.status != ExplanationNote.Status.SUBMITTED:
        raise ValidationError(f"该情况说明已{note.get_status_display()}，不能重复审核")
    if not accept and len((comment or "").strip()) < 4:
        raise ValidationError({"comment": "退回时请写明理由，便于下级补充"})
    before = audit.snapshot(note)
    note.status = ExplanationNote.Status.ACCEPTED if accept else ExplanationNote.Status.RETURNED
    note.reviewed_by, note.reviewed_at, note.review_comment = actor, timezone.now(), (comment or "").strip()[:300]
    note.save()
    audit.record(
        actor=actor,
        event=Event.STANDARDS_NOTE_ACCEPTED if accept else Event.STANDARDS_NOTE_RETURNED,
        obj=note,
        before=before,
        after=audit.snapshot(note),
    )
    task_done(f"note.review:{note.pk}")
    outcome = "已被接受" if accept else f"被退回：{note.review_comment[:60]}"
    notify(
        [note.submitted_by],
        f"情况说明{outcome}（{rule_label(note.rule_id)}，{key_label(note.period_key)}）",
        reverse("standards:notes") + f"?status={note.status}",
        actor=actor,
    )
    verdict = Verdict.objects.filter(
        organization=note.organization, rule_id=note.rule_id, period_key=note.period_key
    ).first()
    if verdict is not None:
        refresh_verdict(verdict)
    return note


def refresh_verdict(verdict: Verdict) -> Changes:
    day = verdict.period_end if verdict.period_key != SNAPSHOT_KEY else None
    return refresh(organizations=[verdict.organization], topic=None, day=day, rule_ids={verdict.rule_id})


# ---- 工委 parameter overrides -------------------------------------------------------------------------------------


def overridable(rule: Rule) -> list[str]:
    read = READS.get(rule.engine)
    keys = [
        key
        for key, value in rule.threshold.items()
        if isinstance(value, int | float) and not isinstance(value, bool) and (read is None or key in read)
    ]
    return keys + (["period"] if rule.engine == "meeting_frequency" else [])


def overridable_defaults(rule: Rule) -> list[str]:
    """Each parameter of the rule a 工委 may adjust, with the catalogue's value, e.g. "不少于（默认1）"."""
    defaults = {
        key: parameters.value_text(key, value) for key, value in {**rule.threshold, "period": rule.period}.items()
    }
    return [f"{parameters.label(key)}（默认{defaults[key]}）" for key in overridable(rule)]


def parse_override_value(rule: Rule, key: str, text: str) -> str | int | float:
    text = (text or "").strip()
    if key == "period":
        labels = {
            "每月": "month",
            "每季度": "quarter",
            "每年": "year",
            "month": "month",
            "quarter": "quarter",
            "year": "year",
        }
        if text not in labels:
            raise ValidationError({"value": "周期请填写“每月”“每季度”或“每年”"})
        return labels[text]
    try:
        number = float(text)
    except ValueError:
        raise ValidationError({"value": f"“{text}”不是数字，请填写如 1、2 或 0.5"}) from None
    if number < 0 or number > 10000:
        raise ValidationError({"value": "取值应在0到10000之间"})
    return int(number) if number == int(number) and isinstance(rule.threshold[key], int) else number


@transaction.atomic
def save_override(
    *, actor: User, organization: Organization, rule_id: str, key: str, value_text: str, reason: str
) -> ParameterOverride:
    require(actor, CHANGE, organization)
    if organization.kind != OrganizationKind.GONGWEI:
        raise ValidationError("参数只能由机关工委为所辖范围设定")
    rule = by_id().get(rule_id)
    if rule is None or not rule.evaluated:
        raise ValidationError({"rule_id": "请选择已启用自动评估的规则"})
    if key not in overridable(rule):
        raise ValidationError({"key": f"{rule.id}没有可调整的参数“{parameters.label(key)}”，请对照下表选择"})
    if len((reason or "").strip()) < 4:
        raise ValidationError({"reason": "请写明调整的依据（如文件名称和文号）"})
    value = parse_override_value(rule, key, value_text)
    existing = (
        ParameterOverride.objects.select_for_update()
        .filter(organization=organization, rule_id=rule_id, key=key)
        .first()
    )
    before = audit.snapshot(existing) if existing else None
    override = existing or ParameterOverride(organization=organization, rule_id=rule_id, key=key)
    override.value, override.reason, override.set_by = value, reason.strip()[:200], actor
    override.save()
    audit.record(
        actor=actor, event=Event.STANDARDS_OVERRIDE_SAVED, obj=override, before=before, after=audit.snapshot(override)
    )
    _rejudge_subtree(organization, rule_id)
    return override


@transaction.atomic
def delete_override(*, actor: User, override: ParameterOverride) -> None:
    require(actor, CHANGE, override.organization)
    before = audit.snapshot(override)
    organization, rule_id = override.organization, override.rule_id
    audit.record(actor=actor, event=Event.STANDARDS_OVERRIDE_DELETED, obj=override, before=before)
    override.delete()
    _rejudge_subtree(organization, rule_id)


def _rejudge_subtree(organization: Organization, rule_id: str) -> Changes:
    """A parameter changed: this year's verdicts of the rule, and of the rules that read its parameters, for the whole
    subtree (the periods may differ now)."""
    rules = evaluated_rules({rule_id} | READS_PARAMETERS_OF.get(rule_id, frozenset()))
    ctx = Context(
        year=timezone.localdate().year, organization_ids=set(organization.subtree().values_list("pk", flat=True))
    )
    return store(rules, ctx, evaluate(rules, ctx))
