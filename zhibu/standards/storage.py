"""The verdict writer: ``store`` writes what differs from the stored verdicts of a slice.

``ROW`` is the one definition of a stored verdict's columns. The COPY column lists and lines, the model instances of
the ORM paths, the rows of UPDATE … FROM VALUES, the ``bulk_update`` fields and the digest are all derived from it:
adding a column to a verdict is one edit there.
"""

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from hashlib import blake2b
from json.encoder import encode_basestring
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Field, QuerySet
from django.utils import timezone

from zhibu.core.formatting import cn_date
from zhibu.core.periods import Period
from zhibu.standards.catalogue import DEFAULT_SOURCE, Rule
from zhibu.standards.engine import SNAPSHOT_KEY, Context, Outcome, collector_paused, period_key
from zhibu.standards.models import ExplanationNote, Verdict, VerdictStatus

COPY_FROM = 1000  # rows from which PostgreSQL gets them by COPY
COPY_BATCH = 5000  # COPY lines sent to the server at a time


class Column(NamedTuple):
    """A column of a stored verdict. ``value`` and ``text`` are Python expressions over the fields of a ``_Row``
    (``outcome``, ``status``, ``explanation``, …) and the time of the write: ``now``, and ``stamp``, its COPY text."""

    name: str
    value: str  # its value, for the ORM and for UPDATE … FROM VALUES; "now" for the time of the write
    text: str = ""  # its COPY text, when not its value formatted with str()
    compared: bool = False  # digested: a verdict is rewritten when one of these changed
    updated: bool = False  # written again when the verdict is rewritten in place
    digested: str = ""  # its text in the digest, when not its COPY text

    @property
    def stamped(self) -> bool:
        """The time of the write: one parameter for all the rows of an UPDATE, not a column of its changed rows."""
        return self.value == "now"


# The compared columns are digested in this order: reordering them changes every digest, and the next recompute
# rewrites every verdict once.
ROW: tuple[Column, ...] = (
    Column("created_at", "now", text="stamp"),
    Column("updated_at", "now", text="stamp", updated=True),
    Column("computed_at", "now", text="stamp", updated=True),
    Column("rule_id", "outcome.rule_id"),
    Column("organization_id", "outcome.organization_id"),
    Column("period_key", "outcome.period.key"),
    Column("status", "status", compared=True, updated=True),
    # the digest reads the explanation and the evidence as the evaluator gave them (the evidence as Python writes the
    # list, in C): their COPY texts are formatted only for the rows written, not for every unchanged verdict
    Column("explanation", "explanation", text="explanation_text", compared=True, updated=True, digested="explanation"),
    Column(
        "evidence", "outcome.evidence", text="evidence_text", compared=True, updated=True, digested="outcome.evidence"
    ),
    # the parameters that applied are digested, those stored only when a 工委 override applied (see ``_share``)
    Column(
        "applied", "shared.kept", text="shared.kept_text", digested="shared.applied_json", compared=True, updated=True
    ),
    Column("period_start", "outcome.period.start", text="shared.start", compared=True, updated=True),
    Column("period_end", "outcome.period.end", text="shared.end", compared=True, updated=True),
    Column("digest", "digest", updated=True),
)

NAMES = tuple(column.name for column in ROW)
COMPARED = tuple(column.name for column in ROW if column.compared)
UPDATED = tuple(column.name for column in ROW if column.updated)
# what an UPDATE takes from each changed row (the stamps are one parameter for all of them)
CHANGED = tuple(column for column in ROW if column.updated and not column.stamped)


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


class _Shared(NamedTuple):
    """What the verdicts of one parameter dict and one period share, formatted once: a run judges ~100 per branch."""

    kept: dict[str, Any]  # the parameters stored
    kept_text: str
    applied_json: str  # the parameters that applied, which the digest covers
    start: str
    end: str


# A verdict to write: a plain tuple, as every outcome becomes one before its digest is compared. Its fields are the
# names ROW's expressions read.
_Row = tuple[Outcome, str, str, str, str, _Shared, int]
_FIELDS = "outcome, status, explanation, explanation_text, evidence_text, shared, digest"


def _compiled(parameters: str, body: str) -> Callable[..., Any]:
    """A function of ``ROW``'s expressions, compiled once, so that a row is formatted as if the code were written out
    by hand: these run for every verdict of a year, where looking the columns up or ``str.format`` on the same
    template would interpret the definition again for each row. The source is ``ROW``'s own text, nothing from
    outside."""
    function: Callable[..., Any] = eval(f"lambda {parameters}: {body}", {})
    return function


def _f_string(fields: Iterable[str]) -> str:
    """An f-string of these expressions, tab-separated (COPY's text format)."""
    return 'f"' + "\\t".join(f"{{{expression}}}" for expression in fields) + '"'


def _lines(fields: Iterable[str], loop: str) -> str:
    """A generator expression of COPY lines: no call per line."""
    return f'({_f_string(fields)[:-1]}\\n" for {loop})'


def _tuple(expressions: Iterable[str]) -> str:
    return "(" + ", ".join(expressions) + ",)"


# the COPY lines of new verdicts, as they come
_copy_lines: Callable[[str, Iterable[_Row]], Iterator[str]] = _compiled(
    "stamp, rows", _lines((c.text or c.value for c in ROW), f"{_FIELDS} in rows")
)
# the COPY lines of changed verdicts, from (pk, row) pairs, into the temporary table an UPDATE … FROM reads
_changed_lines: Callable[[Iterable[tuple[int, _Row]]], Iterator[str]] = _compiled(
    "rows", _lines(("pk", *(c.text or c.value for c in CHANGED)), f"pk, ({_FIELDS}) in rows")
)
# the text the digest covers; it is computed before the COPY texts, which it must not read (they come as "")
_DIGESTED = tuple(c.digested or c.text or c.value for c in ROW if c.compared)
if any(text in expression for expression in _DIGESTED for text in ("explanation_text", "evidence_text")):
    raise ImportError("the digest of a verdict must not read its COPY texts: give the column a ``digested``")
_digested: Callable[..., str] = _compiled(_FIELDS, _f_string(_DIGESTED))
# the values of ROW's columns, in its order
_values: Callable[..., tuple[Any, ...]] = _compiled(f"now, {_FIELDS}", _tuple(column.value for column in ROW))
_changed_values: Callable[..., tuple[Any, ...]] = _compiled(_FIELDS, _tuple(column.value for column in CHANGED))


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
    to_update: list[tuple[int, _Row]] = []
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


_Key = tuple[str, int, str]  # rule, organisation, period key


def _new_rows(
    outcomes: list[Outcome],
    stored: dict[_Key, tuple[int, str, int]],
    accepted: dict[_Key, datetime.datetime | None],
    to_update: list[tuple[int, _Row]],
    changes: Changes,
) -> Iterator[_Row]:
    """The outcomes that no stored verdict has, as rows to insert (a generator: a large first run streams them into
    COPY as they are formatted, so that PostgreSQL writes on the other core meanwhile). On the way, the changed ones go
    to ``to_update`` with their flips, and ``stored`` is left with the verdicts the slice no longer yields."""
    shared_by: dict[tuple[int, int], _Shared] = {}
    for outcome in outcomes:
        status, explanation, period = outcome.status, outcome.explanation, outcome.period
        key = (outcome.rule_id, outcome.organization_id, period.key)
        if accepted and status == VerdictStatus.MISSED and key in accepted:
            status = VerdictStatus.EXPLAINED
            explanation = f"{explanation}。情况说明已于{cn_date(timezone.localdate(accepted[key]))}由上级接受"
        if len(explanation) > 500:
            explanation = explanation[:500]
        shared = shared_by.get((id(outcome.applied), id(period)))
        if shared is None:
            shared = shared_by[(id(outcome.applied), id(period))] = _share(outcome.applied, period)
        hashed = blake2b(_digested(outcome, status, explanation, "", "", shared, 0).encode(), digest_size=8)
        digest = int.from_bytes(hashed.digest(), "big", signed=True)  # fits PostgreSQL's bigint
        found = stored.pop(key, None)
        if found is not None and found[2] == digest:
            continue
        explanation_text, evidence_text = _copy_text(explanation), _copy_text(_evidence_json(outcome.evidence))
        row = (outcome, status, explanation, explanation_text, evidence_text, shared, digest)
        if found is None:
            yield row
            continue
        pk, before_status, _ = found
        if before_status != status:
            changes.flips.append((*key, before_status, status))
        to_update.append((pk, row))


def _share(applied: dict[str, Any], period: Period) -> _Shared:
    """The parameters are stored only when a 工委 override applied (``Verdict.parameters`` shows the catalogue's
    otherwise): the catalogue's values were a third of every row. The digest still covers the values that applied,
    so a changed catalogue default rewrites the verdicts it touches."""
    kept = {} if applied.get("source") == DEFAULT_SOURCE else applied
    return _Shared(kept, _copy_text(_JSON.encode(kept)), _JSON.encode(applied), str(period.start), str(period.end))


def _stored_digests(existing: "QuerySet[Verdict]") -> dict[_Key, tuple[int, str, int]]:
    """(rule, organisation, period key) → (pk, status, digest) of the stored verdicts. A year of a large 工委 is
    hundreds of thousands of small tuples: read in one go through the cursor (a server-side cursor, ``iterator()``,
    makes PostgreSQL plan for the first rows, not for reading them all), as the driver's plain tuples, unsorted (the
    model's ordering joins the organisations to sort by their paths)."""
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


def _insert(rows: list[_Row], now: datetime.datetime) -> int:
    """New verdicts. On PostgreSQL many go by COPY: a first evaluation of a large 工委 writes hundreds of thousands of
    rows, and building model instances and multi-row INSERTs took most of the time."""
    if _copies(rows):
        return _copy_new(rows, now)
    Verdict.objects.bulk_create([Verdict(**dict(zip(NAMES, _values(now, *row), strict=True))) for row in rows], 2000)
    return len(rows)


def _copy_new(rows: Iterable[_Row], now: datetime.datetime) -> int:
    """New verdicts by COPY, as the rows come; how many."""
    stamp = now.isoformat()
    return _copy(Verdict._meta.db_table, NAMES, _copy_lines(stamp, rows))


def _update(rows: list[tuple[int, _Row]], now: datetime.datetime) -> None:
    """Changed verdicts, in place (an inspection finding may point at one). On PostgreSQL many at once go by COPY into
    a temporary table and one UPDATE … FROM it: ``bulk_update``'s CASE expressions grow with every row and do not
    scale to a province's year, which is what the first recompute after a change to the catalogue or to the digest
    rewrites. A few (what a refresh after saving a meeting rewrites) go as one UPDATE … FROM VALUES, one statement
    with no expressions to build."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        verdicts = [Verdict(pk=pk, **dict(zip(NAMES, _values(now, *row), strict=True))) for pk, row in rows]
        Verdict.objects.bulk_update(verdicts, UPDATED, batch_size=1000)
        return
    table = Verdict._meta.db_table
    names = [column.name for column in CHANGED]
    stamps = [column.name for column in ROW if column.updated and column.stamped]
    assignments = ", ".join([*(f"{name} = changed.{name}" for name in names), *(f"{name} = %s" for name in stamps)])
    with connection.cursor() as cursor:
        if not _copies(rows):
            fields = _changed_fields()
            # typed: a VALUES list has no column types of its own
            placeholders = "(" + ", ".join(f"%s::{model_field.db_type(connection)}" for model_field in fields) + ")"
            cursor.execute(
                f"UPDATE {table} SET {assignments} "
                f"FROM (VALUES {', '.join([placeholders] * len(rows))}) AS changed(id, {', '.join(names)}) "
                f"WHERE {table}.id = changed.id",
                [now] * len(stamps)
                + [
                    model_field.get_db_prep_save(value, connection)
                    for pk, row in rows
                    for model_field, value in zip(fields, (pk, *_changed_values(*row)), strict=True)
                ],
            )
            return
        cursor.execute(
            f"CREATE TEMPORARY TABLE changed_verdict AS SELECT id, {', '.join(names)} FROM {table} WITH NO DATA"
        )
        _copy("changed_verdict", ("id", *names), _changed_lines(rows))
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM changed_verdict changed WHERE {table}.id = changed.id",
            [now] * len(stamps),
        )
        cursor.execute("DROP TABLE changed_verdict")


def _changed_fields() -> "list[Field[Any, Any]]":
    """The model fields of the id and of what an UPDATE takes from a changed row."""
    fields = [Verdict._meta.pk, *(Verdict._meta.get_field(column.name) for column in CHANGED)]
    return [model_field for model_field in fields if isinstance(model_field, Field)]


def _copies(rows: list[Any]) -> bool:
    return connection.vendor == "postgresql" and len(rows) >= COPY_FROM


def _copy(table: str, columns: tuple[str, ...], lines: Iterable[str]) -> int:
    """COPY text lines into a table, ``COPY_BATCH`` at a time; how many. The lines are written here, from the texts
    the digests were computed on: psycopg's per-row adaptation (``write_row``) would format every value again."""
    batch: list[str] = []
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for line in lines:
            batch.append(line)
            if len(batch) == COPY_BATCH:
                copy.write("".join(batch))
                count += len(batch)
                batch.clear()
        copy.write("".join(batch))
    return count + len(batch)


def _evidence_json(evidence: list[Any]) -> str:
    """The JSON of a verdict's evidence, a list of {label, url}. Written with the json module's own string encoder, as
    a JSONEncoder pass per verdict has a set-up of its own; anything but text keys and values goes through the
    encoder."""
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
    """A value in COPY's text format: backslash, tab, newline and carriage return escaped. Most values need no
    escaping, and four substring searches find that sooner than ``translate`` walking Chinese text."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_COPY_ESCAPES)
    return value
