"""The database refuses UPDATE and DELETE on audit rows (triggers, both engines). Deleting is possible only in a
maintenance window opened by zhibu itself (retention purge, demo reset): on PostgreSQL a transaction-local setting,
on SQLite a function that only zhibu's own connections define, so a plain sqlite3 client cannot delete either."""

import contextlib
import threading

from django.db import connection

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


def maintenance_open() -> int:
    return 1 if getattr(_state, "open", False) else 0


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """connection_created handler: give zhibu's SQLite connections the maintenance-window function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("zhibu_audit_maintenance", 0, maintenance_open, deterministic=False)


@contextlib.contextmanager
def maintenance_window():
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
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('zhibu.audit_maintenance', 'off', true)")


def install_triggers(schema_editor) -> None:
    statements = SQLITE_TRIGGERS if schema_editor.connection.vendor == "sqlite" else POSTGRES_TRIGGERS
    for statement in statements:
        schema_editor.execute(statement)
