"""The database refuses UPDATE and DELETE on audit rows (triggers, both engines). Deleting is possible only in a
maintenance window opened by zhibu itself (retention purge, demo reset): on PostgreSQL a transaction-local setting,
on SQLite a function that only zhibu's own connections define, so a plain sqlite3 client cannot delete either."""

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from django.db import DatabaseError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

_state = threading.local()

SQLITE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS core_auditevent_no_update BEFORE UPDATE ON core_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;",
    "CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent "
    "WHEN zhibu_audit_maintenance() = 0 BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;",
)
POSTGRES_TRIGGERS = (
    """CREATE OR REPLACE FUNCTION zhibu_audit_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND current_setting('zhibu.audit_maintenance', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit rows are append-only';
    END $$ LANGUAGE plpgsql;""",
    "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;",
    "CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION zhibu_audit_append_only();",
)

# Added later (migration 0007): the setting above can be set by any session, so on its own it let anyone with the
# application's database login delete any row, and TRUNCATE fired no trigger at all. Now a DELETE must leave no row
# older than the ones it removed (the shape of a retention purge), and TRUNCATE only ever empties an empty table.
# Someone who deletes the oldest rows this way is still caught by verify_audit: only a signed purge line in the
# checkpoint file (audit_anchor.py) lets the chain start later. The table owner can still drop these triggers.
POSTGRES_OLDEST_FIRST = (
    """CREATE OR REPLACE FUNCTION zhibu_audit_oldest_first() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM core_auditevent WHERE id < (SELECT max(id) FROM zhibu_audit_gone)) THEN
            RAISE EXCEPTION 'audit rows are append-only: only the oldest rows may be purged';
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql;""",
    "DROP TRIGGER IF EXISTS core_auditevent_oldest_first ON core_auditevent;",
    "CREATE TRIGGER core_auditevent_oldest_first AFTER DELETE ON core_auditevent "
    "REFERENCING OLD TABLE AS zhibu_audit_gone FOR EACH STATEMENT EXECUTE FUNCTION zhibu_audit_oldest_first();",
    """CREATE OR REPLACE FUNCTION zhibu_audit_no_truncate() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM core_auditevent) THEN
            RAISE EXCEPTION 'audit rows are append-only: TRUNCATE is refused';
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql;""",
    "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;",
    "CREATE TRIGGER core_auditevent_no_truncate BEFORE TRUNCATE ON core_auditevent "
    "FOR EACH STATEMENT EXECUTE FUNCTION zhibu_audit_no_truncate();",
)


def maintenance_open() -> int:
    return 1 if getattr(_state, "open", False) else 0


def register_sqlite_function(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created handler: give zhibu's SQLite connections the maintenance-window function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("zhibu_audit_maintenance", 0, maintenance_open, deterministic=False)


@contextlib.contextmanager
def maintenance_window() -> Iterator[None]:
    """Allow deleting audit rows inside this block (and this transaction, on PostgreSQL). Never allows UPDATE."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        raise RuntimeError("maintenance_window() must be used inside transaction.atomic()")
    _state.open = True
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('zhibu.audit_maintenance', 'on', true)")
        yield
    finally:
        _state.open = False
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # After a refused statement the transaction is aborted and the setting dies with it; trying to reset it
            # would only hide the refusal behind "current transaction is aborted".
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT set_config('zhibu.audit_maintenance', 'off', true)")


def install_triggers(schema_editor: BaseDatabaseSchemaEditor) -> None:
    statements = SQLITE_TRIGGERS if schema_editor.connection.vendor == "sqlite" else POSTGRES_TRIGGERS
    for statement in statements:
        schema_editor.execute(statement)


def install_oldest_first(schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_OLDEST_FIRST:
            schema_editor.execute(statement)


def remove_oldest_first(schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditevent_oldest_first ON core_auditevent;")
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;")
