"""Attacks on the audit chain by someone who can write the database but does not hold the checkpoint key: rewriting
rows with recomputed hashes, deleting the tail or the oldest rows, forging a checkpoint line, and the maintenance
setting that once let any session delete. Signed checkpoints outside the database must catch each of them."""

import datetime
import json
import os
import stat

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.actors import CommandActor
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_guard import SQLITE_TRIGGERS
from zhibu.core.audit_models import AuditEvent
from zhibu.testing import make_member

pytestmark = pytest.mark.clock("2026-11-16T10:00")
TABLE = AuditEvent._meta.db_table
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL triggers")


def as_db_owner(*statements):
    """Run statements the way an attacker with the database's rights would: guard triggers off, then back on."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
            cursor.execute("DROP TRIGGER core_auditevent_no_delete")
        else:
            cursor.execute("SET LOCAL session_replication_role = replica")
        for sql, params in statements:
            cursor.execute(sql, params)
        if connection.vendor == "sqlite":
            for trigger in SQLITE_TRIGGERS:
                cursor.execute(trigger)


def rewrite_from(row_id: int, new_actor_name: str):
    """Forge row ``row_id`` and recompute every hash after it, so the chain alone still verifies."""
    rows = list(AuditEvent.objects.filter(id__gte=row_id).order_by("id"))
    prev = rows[0].prev_hash
    statements = []
    for row in rows:
        if row.pk == row_id:
            row.actor_name = new_actor_name
        row.prev_hash = prev
        row.row_hash = audit.row_hash(prev, audit.hashed_content(row))
        prev = row.row_hash
        statements.append(
            (
                f"UPDATE {TABLE} SET actor_name = %s, prev_hash = %s, row_hash = %s WHERE id = %s",
                [row.actor_name, row.prev_hash, row.row_hash, row.pk],
            )
        )
    as_db_owner(*statements)


def fail_message() -> str:
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit")
    return str(raised.value)


def some_rows(tree, count=4):
    for _ in range(count):
        make_member(tree.a1)
    return list(AuditEvent.objects.order_by("id").values_list("id", flat=True))


def checkpoint_lines(settings) -> list[dict]:
    return [json.loads(line) for line in settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines() if line.strip()]


def test_checkpoint_is_signed_appended_outside_the_database_and_verified(tree, settings, capsys):
    ids = some_rows(tree)
    call_command("audit_checkpoint")
    make_member(tree.a1)
    call_command("audit_checkpoint")
    lines = checkpoint_lines(settings)
    assert [line["kind"] for line in lines] == ["checkpoint", "checkpoint"]
    assert lines[0]["id"] == ids[-1] and lines[0]["hash"] == AuditEvent.objects.get(pk=ids[-1]).row_hash
    assert all(len(line["sig"]) == 64 for line in lines)
    assert stat.S_IMODE(os.stat(settings.AUDIT_CHECKPOINT_FILE).st_mode) == 0o600
    assert AuditEvent.objects.filter(event=Event.AUDIT_CHECKPOINTED).count() == 2
    capsys.readouterr()
    call_command("verify_audit")
    assert "2个签名检查点" in capsys.readouterr().out


def test_a_quiet_log_gets_no_checkpoint_of_a_checkpoint(tree, settings, capsys):
    some_rows(tree, 1)
    call_command("audit_checkpoint")
    call_command("audit_checkpoint")
    assert "没有新记录" in capsys.readouterr().out
    assert len(checkpoint_lines(settings)) == 1
    assert AuditEvent.objects.filter(event=Event.AUDIT_CHECKPOINTED).count() == 1


def test_a_forged_row_with_recomputed_hashes_fails_at_the_checkpoint(tree):
    ids = some_rows(tree)
    call_command("audit_checkpoint")
    rewrite_from(ids[1], "伪造者")
    message = fail_message()
    assert f"第{ids[-1]}号" in message and "改写" in message


def test_a_deleted_tail_fails(tree):
    ids = some_rows(tree)
    call_command("audit_checkpoint")
    checkpointed_upto = ids[-1]
    as_db_owner((f"DELETE FROM {TABLE} WHERE id > %s", [ids[1]]))
    message = fail_message()
    assert "末尾" in message and f"第{checkpointed_upto}号" in message


def test_deleting_the_oldest_rows_with_a_forged_purge_record_fails(tree):
    ids = some_rows(tree)
    call_command("audit_checkpoint")
    gone = AuditEvent.objects.get(pk=ids[2])
    as_db_owner((f"DELETE FROM {TABLE} WHERE id <= %s", [gone.pk]))
    # The attacker appends a purge record naming the cut, as the purge command would, through the normal code path.
    audit.record(actor=CommandActor("purge_audit"), event=Event.AUDIT_PURGED, extra={"last_purged_hash": gone.row_hash})
    message = fail_message()
    assert "签名" in message


def test_a_checkpoint_line_without_the_key_is_refused(tree, settings):
    ids = some_rows(tree)
    call_command("audit_checkpoint")
    rewrite_from(ids[0], "伪造者")
    line = checkpoint_lines(settings)[0]
    forged = {**line, "hash": AuditEvent.objects.get(pk=line["id"]).row_hash, "sig": "0" * 64}
    with open(settings.AUDIT_CHECKPOINT_FILE, "a") as handle:
        handle.write(json.dumps(forged) + "\n")
    message = fail_message()
    assert "第2行" in message and "签名" in message


def test_a_removed_checkpoint_file_is_noticed(tree, settings):
    some_rows(tree)
    call_command("audit_checkpoint")
    settings.AUDIT_CHECKPOINT_FILE.unlink()
    assert "检查点文件" in fail_message()


def test_the_checkpoint_refuses_to_sign_a_chain_rewritten_since_the_last_one(tree):
    ids = some_rows(tree)
    call_command("audit_checkpoint")
    make_member(tree.a1)
    rewrite_from(ids[-1], "伪造者")
    with pytest.raises(CommandError, match="拒绝签名"):
        call_command("audit_checkpoint")


def test_purge_writes_a_signed_record_and_verification_still_passes(tree, settings):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400), tick=True):
        old = some_rows(tree, 3)
        call_command("audit_checkpoint")
    make_member(tree.a1)
    call_command("audit_checkpoint")
    call_command("purge_audit")
    assert not AuditEvent.objects.filter(id__in=old).exists()
    purge = [line for line in checkpoint_lines(settings) if line["kind"] == "purge"]
    assert len(purge) == 1 and purge[0]["last_id"] >= old[-1]
    make_member(tree.a1)
    call_command("audit_checkpoint")
    call_command("verify_audit")


def test_without_a_key_in_production_checkpoint_and_purge_refuse_with_the_remedy(tree, settings):
    some_rows(tree, 1)
    settings.AUDIT_CHECKPOINT_KEY = ""
    settings.AUDIT_CHECKPOINT_KEY_FILE = settings.AUDIT_CHECKPOINT_FILE.with_name("missing-key")
    for command in ("audit_checkpoint", "purge_audit", "verify_audit"):
        with pytest.raises(CommandError, match="audit_checkpoint --create-key"):
            call_command(command)


def test_create_key_writes_a_private_file_once(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_KEY = ""
    settings.AUDIT_CHECKPOINT_KEY_FILE = tmp_path / "audit_checkpoint_key"
    call_command("audit_checkpoint", "--create-key")
    assert stat.S_IMODE(os.stat(settings.AUDIT_CHECKPOINT_KEY_FILE).st_mode) == 0o600
    assert len(bytes.fromhex(settings.AUDIT_CHECKPOINT_KEY_FILE.read_text().strip())) == 32
    with pytest.raises(CommandError, match="已存在"):
        call_command("audit_checkpoint", "--create-key")


@postgres_only
def test_the_maintenance_setting_deletes_only_the_oldest_rows_and_verify_audit_notices(tree):
    ids = some_rows(tree)
    call_command("audit_checkpoint")
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    for statement, params in ((f"DELETE FROM {TABLE} WHERE id = %s", [ids[-1]]), (f"TRUNCATE {TABLE}", [])):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('zhibu.audit_maintenance', 'on', true)")
            cursor.execute(statement, params)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")
    assert AuditEvent.objects.count() == len(ids)
    # The oldest rows are the one shape a purge deletes; a session that fakes it is caught by the signed checkpoints.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('zhibu.audit_maintenance', 'on', true)")
        cursor.execute(f"DELETE FROM {TABLE} WHERE id <= %s", [ids[1]])
    assert "签名" in fail_message()
