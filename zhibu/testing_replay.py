"""The test tree and personas built once per test process and replayed into each later test that asks for them.

Building them through the services, and judging the verdicts they change, costs most of a short test's time (about
400 queries of audit rows, role grants and encrypted fields, then a refresh of the rules for every organisation of the
tree). The first build in a process runs the services as written and then tells the derived data at once what changed
(as production does after each write), and notes the rows it added and the derived tables as they then are; a later
test that starts from the same database state, at the same clock moment and with the same settings gets those rows
inserted in a few bulk inserts, with the same primary keys, and the derived tables as recorded. Anything else (another
state, a clock that moved, changed settings) builds through the services again, and its changes are told with the
test's own at the end of its set-up. ``zhibu/core/tests/test_fixture_replay.py`` checks that a replay leaves every
table as the build does.
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from zhibu.core import derived

# Settings a build may read; a test that changes one of them builds through the services.
_SETTING_PREFIXES = ("ZHIBU_", "PASSWORD", "AUTH_", "STANDARDS_", "ACCOUNT", "FIELD_", "TIME_ZONE")

# Tables the derived-data listeners write (insert, update and delete): recorded whole after the build's refresh and
# put back whole by a replay.
_DERIVED_TABLES = ("standards.Verdict",)

# The moment each test's clock started at (set by conftest's fixed_clock): a replay is for the same moment only.
started_at: datetime.datetime | None = None


@dataclass
class _Recording:
    state: tuple
    rows: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)
    derived: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)
    result: Any = None


_recordings: dict[tuple, _Recording] = {}


def _tables() -> list[type[models.Model]]:
    return [
        model for model in apps.get_models(include_auto_created=True) if model._meta.managed and not model._meta.proxy
    ]


def _derived_tables() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in _DERIVED_TABLES]


def _numbered(model: type[models.Model]) -> bool:
    return isinstance(model._meta.pk, models.AutoField)


def _state() -> tuple:
    """(table, rows, highest id) for every table, in one query (the highest id only where ids are numbers)."""
    tables = _tables()
    quote = connection.ops.quote_name
    parts = [
        f"SELECT {index}, COUNT(*), "
        + (f"MAX({quote(model._meta.pk.column)})" if _numbered(model) else "0")
        + f" FROM {quote(model._meta.db_table)}"
        for index, model in enumerate(tables)
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return tuple(sorted((tables[index]._meta.db_table, count, top or 0) for index, count, top in cursor.fetchall()))


def _settings_fingerprint() -> str:
    values = sorted(
        (name, repr(getattr(settings, name)))
        for name in dir(settings)
        if name.startswith(_SETTING_PREFIXES) and name.isupper()
    )
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


def _key(name: str) -> tuple | None:
    if started_at is None or abs(timezone.now() - started_at) > datetime.timedelta(seconds=30):
        return None  # the clock was moved by the test itself: timestamps would not match
    return (name, started_at, connection.vendor, settings.STANDARDS_LIVE_REFRESH, _settings_fingerprint())


def built_once(
    name: str,
    build: Callable[[], Any],
    freeze: Callable[[Any], Any],
    thaw: Callable[[Any], Any],
) -> Any:
    """``build()`` through the services the first time, a replay of its rows afterwards. ``freeze`` turns its result
    into ids, ``thaw`` turns the ids back into fresh model instances."""
    key = _key(name)
    if key is None:
        return build()
    state = _state()
    recording = _recordings.get(key)
    if recording is not None and recording.state == state:
        return _replay(recording, thaw)
    if recording is not None:
        return build()  # another starting state (a test's own records first): build as usual
    return _record(key, state, build, freeze)


def _record(key: tuple, state: tuple, build: Callable[[], Any], freeze: Callable[[Any], Any]) -> Any:
    outer = getattr(derived._deferral, "pending", None)
    derived._deferral.pending = {}
    try:
        result = build()
        pending = derived._deferral.pending
    finally:
        derived._deferral.pending = outer
    with transaction.atomic(), derived.changes_told_at_once():
        _report(pending)
    recording = _Recording(state=state, result=freeze(result))
    before = {table: (count, top) for table, count, top in state}
    derived_tables = _derived_tables()
    replayable = True
    for model in _tables():
        if model in derived_tables:
            recording.derived[model] = list(model._base_manager.order_by("pk"))
            continue
        count, top = before.get(model._meta.db_table, (0, 0))
        if not _numbered(model):
            replayable &= model._base_manager.count() == count  # rows a replay could not place
            continue
        added = list(model._base_manager.filter(pk__gt=top).order_by("pk"))
        replayable &= model._base_manager.count() == count + len(added)  # an older row deleted
        if added:
            recording.rows[model] = added
    if replayable:
        _recordings[key] = recording
    return result


def _report(pending: dict[tuple[Any, Any, str], dict[int, Any]]) -> None:
    for (topic, day, kind), touched in pending.items():
        derived.records_changed(organizations=list(touched.values()), topic=topic, day=day, kind=kind)


def _replay(recording: _Recording, thaw: Callable[[Any], Any]) -> Any:
    with transaction.atomic():
        for model, rows in recording.rows.items():
            _insert_raw(model, rows)
        for model, rows in recording.derived.items():
            model._base_manager.all()._raw_delete(connection.alias)
            _insert_raw(model, rows)
        return thaw(recording.result)


def _insert_raw(model: type[models.Model], rows: list[models.Model]) -> None:
    if rows:
        # raw: the recorded values as they are (no auto_now stamps again: the audit rows' hashes cover their time)
        model._base_manager._insert(rows, fields=model._meta.concrete_fields, raw=True)  # type: ignore[attr-defined]
