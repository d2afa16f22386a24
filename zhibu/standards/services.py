"""Evaluating and storing verdicts; 情况说明 and their review; 工委 parameter overrides.

``recompute`` judges a whole year; ``refresh_after_change`` (registered with ``zhibu.core.derived``) re-judges only
the rules, organisations and periods that a changed record can affect, inside the writer's transaction.
"""

import datetime
import json
from dataclasses import dataclass, field
from hashlib import blake2b
from json.encoder import encode_basestring

from django.conf import settings
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from zhibu.accounts.models import record_keepers
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.formatting import cn_date
from zhibu.core.notify import notify, task_done
from zhibu.core.periods import key_label
from zhibu.core.scoping import CHANGE, VIEW, can, require
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.standards import parameters
from zhibu.standards.catalogue import DEFAULT_SOURCE, Rule, by_id, catalogue
from zhibu.standards.engine import SNAPSHOT_KEY, Context, Outcome, collector_paused, period_key
from zhibu.standards.evaluators import EVALUATORS, READS_PARAMETERS_OF, SNAPSHOT_ENGINES, TOPICS, reads_kind
from zhibu.standards.labels import rule_label
from zhibu.standards.models import ExplanationNote, ParameterOverride, Verdict, VerdictStatus

COMPARED = ("status", "explanation", "evidence", "applied", "period_start", "period_end")


@dataclass
class Changes:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    flips: list[tuple[str, int, str, str, str]] = field(default_factory=list)  # rule, org, period, before, after

    def merge(self, other: "Changes") -> None:
        self.created += other.created
        self.updated += other.updated
        self.deleted += other.deleted
        self.flips += other.flips

    @property
    def summary(self) -> str:
        return f"新增{self.created}条，更新{self.updated}条（结论变化{len(self.flips)}条），删除{self.deleted}条"


def evaluated_rules(rule_ids=None) -> list[Rule]:
    rules = [rule for rule in catalogue() if rule.evaluated]
    return [rule for rule in rules if rule.id in rule_ids] if rule_ids is not None else rules


@collector_paused()
def evaluate(rules: list[Rule], ctx: Context) -> list[Outcome]:
    outcomes = []
    for rule in rules:
        if rule.period == "snapshot" and not ctx.includes_snapshot:
            continue  # 现状 rules belong to the current year only
        outcomes.extend(EVALUATORS[rule.engine](rule, ctx))
    return outcomes


def _slice_keys(ctx: Context) -> set[str]:
    keys = {period_key(period) for kind in ("month", "quarter", "year") for period in ctx.periods(kind)}
    return keys | ({SNAPSHOT_KEY} if ctx.includes_snapshot else set())


@collector_paused()
@transaction.atomic(savepoint=False)  # inside a writer's transaction a failure rolls back the whole write anyway
def store(rules: list[Rule], ctx: Context, outcomes: list[Outcome]) -> Changes:
    """Write what differs from the stored verdicts of this slice; verdicts the slice no longer yields are removed."""
    keys = _slice_keys(ctx)
    rule_ids = [rule.id for rule in rules]
    existing = Verdict.objects.filter(rule_id__in=rule_ids, period_key__in=keys)
    notes = ExplanationNote.objects.filter(
        status=ExplanationNote.Status.ACCEPTED, rule_id__in=rule_ids, period_key__in=keys
    ).order_by()
    if ctx.organization_ids is not None:
        existing = existing.filter(organization_id__in=ctx.organization_ids)
        notes = notes.filter(organization_id__in=ctx.organization_ids)
    accepted = {
        (rule_id, org_id, key): reviewed_at
        for rule_id, org_id, key, reviewed_at in notes.values_list(
            "rule_id", "organization_id", "period_key", "reviewed_at"
        )
    }
    stored = _stored_digests(existing)
    now = timezone.now()
    changes = Changes()
    to_update: list[tuple[int, Outcome, _Row]] = []
    fresh = _new_rows(outcomes, stored, accepted, to_update, changes)
    if connection.vendor == "postgresql" and len(outcomes) - len(stored) >= COPY_FROM:
        changes.created = _copy_new(fresh, now)  # formatted while PostgreSQL writes the rows already sent
    else:
        changes.created = _insert(list(fresh), now)
    _update(to_update, now)
    if stored:
        Verdict.objects.filter(pk__in=[pk for pk, _, _ in stored.values()]).delete()
    changes.updated, changes.deleted = len(to_update), len(stored)
    return changes


def _new_rows(outcomes, stored: dict, accepted: dict, to_update: list, changes: Changes):
    """The outcomes that no stored verdict has, as rows to insert (a generator: a large first run streams them into
    COPY as they are formatted, so that PostgreSQL writes on the other core meanwhile). On the way, the changed ones go
    to ``to_update`` with their flips, and ``stored`` is left with the verdicts the slice no longer yields."""
    texts = _Texts()
    for outcome in outcomes:
        status, explanation, period = outcome.status, outcome.explanation, outcome.period
        key = (outcome.rule_id, outcome.organization_id, period.key)
        if accepted and status == VerdictStatus.MISSED and key in accepted:
            status = VerdictStatus.EXPLAINED
            explanation = f"{explanation}。情况说明已于{cn_date(timezone.localdate(accepted[key]))}由上级接受"
        if len(explanation) > 500:
            explanation = explanation[:500]
        digest, head, shared = texts.digest(status, explanation, outcome.evidence, outcome.applied, period)
        found = stored.pop(key, None)
        if found is not None and found[2] == digest:
            continue
        row = texts.row(status, explanation, outcome.evidence, period, head, digest, shared)
        if found is None:
            yield outcome, row
            continue
        pk, before_status, _ = found
        if before_status != status:
            changes.flips.append((*key, before_status, status))
        to_update.append((pk, outcome, row))


def _stored_digests(existing) -> dict[tuple[str, int, str], tuple[int, str, int]]:
    """(rule, organisation, period key) → (pk, status, digest) of the stored verdicts. A year of a large 工委 is
    hundreds of thousands of small tuples: read in one go through the cursor (a server-side cursor, ``iterator()``,
    makes PostgreSQL plan for the first rows, many times slower for reading them all), as the driver's plain tuples, unsorted
    (the model's ordering joins the organisations to sort by their paths)."""
    try:
        sql, params = (
            existing.order_by()
            .values_list("rule_id", "organization_id", "period_key", "pk", "status", "digest")
            .query.sql_with_params()
        )
    except EmptyResultSet:  # no rules or no organisations: nothing can be stored
        return {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            (rule_id, org_id, key): (pk, status, digest)
            for rule_id, org_id, key, pk, status, digest in cursor.fetchall()
        }


COPY_FROM = 1000  # rows from which PostgreSQL gets them by COPY
INSERTED = (
    "created_at",
    "updated_at",
    "rule_id",
    "organization_id",
    "period_key",
    "period_start",
    "period_end",
    "status",
    "explanation",
    "evidence",
    "applied",
    "computed_at",
    "digest",
)
UPDATED = ("period_start", "period_end", "status", "explanation", "evidence", "applied", "digest")  # COPY text order


def _insert(rows: list[tuple[Outcome, "_Row"]], now) -> int:
    """New verdicts. On PostgreSQL many go by COPY: a first evaluation of a large 工委 writes hundreds of thousands of
    rows, and building model instances and multi-row INSERTs took three quarters of the time."""
    if _copies(rows):
        return _copy_new(rows, now)
    Verdict.objects.bulk_create(
        [Verdict(computed_at=now, **row.fields(outcome)) for outcome, row in rows], batch_size=2000
    )
    return len(rows)


def _copy_new(rows, now) -> int:
    """New verdicts by COPY, as the rows come; how many."""
    stamp = now.isoformat()
    return _copy(
        Verdict._meta.db_table,
        INSERTED,
        (
            f"{stamp}\t{stamp}\t{outcome.rule_id}\t{outcome.organization_id}\t{outcome.period.key}\t{row.dates}\t"
            f"{row.head}\t{row.applied_text}\t{stamp}\t{row.digest}\n"
            for outcome, row in rows
        ),
    )


def _update(rows: list[tuple[int, Outcome, "_Row"]], now) -> None:
    """Changed verdicts, in place (an inspection finding may point at one). On PostgreSQL many at once go by COPY into
    a temporary table and one UPDATE … FROM it: ``bulk_update``'s CASE expressions take minutes for a province's
    year, which is what the first recompute after a change to the catalogue or to the digest rewrites. A few (what a
    refresh after saving a meeting rewrites) go as one UPDATE … FROM VALUES: building ``bulk_update``'s expressions
    for three verdicts cost more than the rest of storing them."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        verdicts = [Verdict(pk=pk, computed_at=now, updated_at=now, **row.fields(outcome)) for pk, outcome, row in rows]
        Verdict.objects.bulk_update(verdicts, [*COMPARED, "digest", "computed_at", "updated_at"], batch_size=1000)
        return
    table = Verdict._meta.db_table
    assignments = ", ".join(f"{column} = changed.{column}" for column in UPDATED)
    with connection.cursor() as cursor:
        if not _copies(rows):
            cursor.execute(
                f"UPDATE {table} SET {assignments}, computed_at = %s, updated_at = %s "
                f"FROM (VALUES {', '.join([_UPDATED_VALUES] * len(rows))}) AS changed(id, {', '.join(UPDATED)}) "
                f"WHERE {table}.id = changed.id",
                [now, now, *(value for pk, _, row in rows for value in row.updated_values(pk))],
            )
            return
        cursor.execute(
            f"CREATE TEMPORARY TABLE changed_verdict AS SELECT id, {', '.join(UPDATED)} FROM {table} WITH NO DATA"
        )
        _copy(
            "changed_verdict",
            ("id", *UPDATED),
            (f"{pk}\t{row.dates}\t{row.head}\t{row.applied_text}\t{row.digest}\n" for pk, _, row in rows),
        )
        cursor.execute(
            f"UPDATE {table} SET {assignments}, computed_at = %s, updated_at = %s "
            f"FROM changed_verdict changed WHERE {table}.id = changed.id",
            [now, now],
        )
        cursor.execute("DROP TABLE changed_verdict")


# id and UPDATED, typed: a VALUES list has no column types of its own
_UPDATED_VALUES = "(%s::bigint, %s::date, %s::date, %s, %s, %s::jsonb, %s::jsonb, %s::bigint)"


def _copies(rows: list) -> bool:
    return connection.vendor == "postgresql" and len(rows) >= COPY_FROM


def _copy(table: str, columns: tuple[str, ...], lines) -> int:
    """COPY text lines into a table, 5,000 at a time; how many. The lines are written here, from the texts the digests
    were computed on: psycopg's per-row adaptation (``write_row``) cost more than the judging."""
    batch, count = [], 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for line in lines:
            batch.append(line)
            if len(batch) == 5000:
                copy.write("".join(batch))
                count += len(batch)
                batch.clear()
        copy.write("".join(batch))
    return count + len(batch)


class _Row:
    """A verdict as stored: its values, the COPY text of its compared columns and their digest."""

    __slots__ = ("status", "explanation", "evidence", "applied", "applied_text", "period", "dates", "head", "digest")

    def __init__(self, status, explanation, evidence, applied, applied_text, period, dates, head, digest):
        self.status, self.explanation, self.evidence, self.period = status, explanation, evidence, period
        self.applied, self.applied_text, self.dates, self.head, self.digest = applied, applied_text, dates, head, digest

    def updated_values(self, pk: int) -> list:
        """The id and the UPDATED columns, as parameters of an UPDATE."""
        start, end = self.period.start, self.period.end
        evidence, applied = _evidence_json(self.evidence), _JSON.encode(self.applied)
        return [pk, start, end, self.status, self.explanation, evidence, applied, self.digest]

    def fields(self, outcome: Outcome) -> dict:
        return {
            "rule_id": outcome.rule_id,
            "organization_id": outcome.organization_id,
            "period_key": self.period.key,
            "period_start": self.period.start,
            "period_end": self.period.end,
            "status": self.status,
            "explanation": self.explanation,
            "evidence": self.evidence,
            "applied": self.applied,
            "digest": self.digest,
        }


class _Texts:
    """Formats verdicts for storing. Parameter dicts and periods are shared between outcomes (a run judges ~100 per
    branch), so each is formatted once. The parameters are stored only when a 工委 override applied
    (``Verdict.parameters`` shows the catalogue's otherwise): the catalogue's values were a third of every row. The
    digest still covers the values that applied, so a changed catalogue default rewrites the verdicts it touches."""

    def __init__(self):
        self._shared: dict[tuple[int, int], tuple[dict, str, str, str]] = {}

    def digest(self, status: str, explanation: str, evidence: list, applied: dict, period) -> tuple[int, str, tuple]:
        """The digest, the COPY text of status, explanation and evidence, and what the verdict shares with others."""
        shared = self._shared.get((id(applied), id(period)))
        if shared is None:
            shared = self._share(applied, period)
        head = f"{status}\t{_copy_text(explanation)}\t{_copy_text(_evidence_json(evidence))}"
        hashed = blake2b(f"{head}{shared[3]}".encode(), digest_size=8)
        return int.from_bytes(hashed.digest(), "big", signed=True), head, shared  # fits PostgreSQL's bigint

    @staticmethod
    def row(status, explanation, evidence, period, head: str, digest: int, shared: tuple) -> _Row:
        kept, kept_text, dates, _ = shared
        return _Row(status, explanation, evidence, kept, kept_text, period, dates, head, digest)

    def _share(self, applied: dict, period) -> tuple[dict, str, str, str]:
        """The parameters stored, their COPY text, the period's dates, and the digested tail: the JSON of the
        values that applied and the dates."""
        kept = {} if applied.get("source") == DEFAULT_SOURCE else applied
        dates = f"{period.start}\t{period.end}"
        shared = (kept, _copy_text(_JSON.encode(kept)), dates, f"\t{_JSON.encode(applied)}\t{dates}")
        self._shared[(id(applied), id(period))] = shared
        return shared


def _evidence_json(evidence: list) -> str:
    """The JSON of a verdict's evidence, a list of {label, url}. Written with the json module's own string encoder:
    setting up a JSONEncoder pass per verdict cost twice the rest of this (2 µs a verdict); anything but text keys and
    values goes through the encoder."""
    parts = []
    for item in evidence:
        if type(item) is not dict or not all(type(key) is str and type(value) is str for key, value in item.items()):
            return _JSON.encode(evidence)
        parts.append(
            "{" + ", ".join([f"{_json_string(key)}: {_json_string(value)}" for key, value in item.items()]) + "}"
        )
    return f"[{', '.join(parts)}]"


_json_string = encode_basestring
_JSON = json.JSONEncoder(ensure_ascii=False)
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: str) -> str:
    """A value in COPY's text format: backslash, tab, newline and carriage return escaped. Four substring searches are
    several times faster than ``translate`` on Chinese text, and most values need no escaping."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_COPY_ESCAPES)
    return value


@transaction.atomic
def recompute(*, actor, year: int, rule_ids=None, today: datetime.date | None = None) -> Changes:
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


def refresh(*, organizations, topic: str | None, day: datetime.date | None, rule_ids=None, kind: str = "") -> Changes:
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
    # a month of MTG-09 is judged against the usual day of the whole year's meetings: any change re-judges the year
    whole_year = [rule for rule in rules if "fixed_day_within" in rule.threshold]
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

    ends = []
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


def refresh_after_change(*, organizations, topic: str, day: datetime.date | None = None, kind: str = "") -> None:
    """The listener for ``zhibu.core.derived.records_changed``."""
    if not settings.STANDARDS_LIVE_REFRESH:
        return
    refresh(organizations=organizations, topic=topic, day=day, kind=kind)


# ---- 情况说明 ----------------------------------------------------------------------------------------------------


@transaction.atomic
def submit_note(*, actor, verdict: Verdict, text: str, attachment=None) -> ExplanationNote:
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
def review_note(*, actor, note: ExplanationNote, accept: bool, comment: str = "") -> ExplanationNote:
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
    keys = [
        key for key, value in rule.threshold.items() if isinstance(value, int | float) and not isinstance(value, bool)
    ]
    return keys + (["period"] if rule.engine == "meeting_frequency" else [])


def overridable_defaults(rule: Rule) -> list[str]:
    """Each parameter of the rule a 工委 may adjust, with the catalogue's value, e.g. "不少于（默认1）"."""
    defaults = {
        key: parameters.value_text(key, value) for key, value in {**rule.threshold, "period": rule.period}.items()
    }
    return [f"{parameters.label(key)}（默认{defaults[key]}）" for key in overridable(rule)]


def parse_override_value(rule: Rule, key: str, text: str):
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
def save_override(*, actor, organization: Organization, rule_id: str, key: str, value_text: str, reason: str):
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
def delete_override(*, actor, override: ParameterOverride) -> None:
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
