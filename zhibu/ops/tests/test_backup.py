"""A backup and its restore give back every table row and every uploaded file, and the restored audit chain
verifies. Runs against the test database itself (SQLite or PostgreSQL), outside a transaction as in production."""

import hashlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from zhibu.core import audit
from zhibu.core.actors import CommandActor
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.ops import backup
from zhibu.testing import build_personas, build_tree, make_member


def snapshot_tables() -> dict[str, list]:
    tables = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in tables or model._meta.proxy or not model._meta.managed:
                continue
            pk = model._meta.pk.column
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{pk}"')
            tables[table] = [tuple(str(value) for value in row) for row in cursor.fetchall()]
    return tables


def snapshot_files() -> dict[str, str]:
    media = Path(settings.MEDIA_ROOT)
    return {
        str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest() for p in media.rglob("*") if p.is_file()
    }


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_give_back_every_row_and_file(flushable_audit, tmp_path):
    tree = build_tree()
    build_personas(tree)
    make_member(tree.a1, name="备份前的党员")
    Path(settings.MEDIA_ROOT, "photos").mkdir(parents=True, exist_ok=True)
    Path(settings.MEDIA_ROOT, "photos", "a.png").write_bytes(b"\x89PNG first")
    call_command("audit_checkpoint", stdout=io.StringIO())

    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path), stdout=out)
    assert "字段加密密钥文件" in out.getvalue()  # the reminder: the key is not in the backup
    made = next(tmp_path.glob("zhibu-backup-*"))
    before_tables, before_files = snapshot_tables(), snapshot_files()
    assert backup.verify(made).ok

    # Life goes on after the backup: new rows, a changed file, a new file.
    make_member(tree.a1, name="备份后的党员")
    Path(settings.MEDIA_ROOT, "photos", "a.png").write_bytes(b"changed")
    Path(settings.MEDIA_ROOT, "later.pdf").write_bytes(b"%PDF later")

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(made), stdout=io.StringIO())
    call_command("restore", str(made), "--yes", stdout=io.StringIO())

    after_tables = snapshot_tables()
    restored_row = AuditEvent.objects.get(event=Event.BACKUP_RESTORED)
    audit_table = AuditEvent._meta.db_table
    after_tables[audit_table] = [row for row in after_tables[audit_table] if row[0] != str(restored_row.pk)]
    assert after_tables == before_tables
    assert snapshot_files() == before_files
    call_command("verify_audit", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_and_nothing_restored(flushable_audit, tmp_path):
    audit.record(actor=CommandActor("test"), event=Event.JOB_RUN)
    call_command("backup", "--output", str(tmp_path), stdout=io.StringIO())
    made = next(tmp_path.glob("zhibu-backup-*"))
    database = made / backup.verify(made).manifest["database"]
    database.write_bytes(database.read_bytes()[:-10] + b"0123456789")
    rows = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="校验值不符"):
        call_command("backup", "--verify", str(made), stdout=io.StringIO())
    with pytest.raises(CommandError, match="未做任何恢复"):
        call_command("restore", str(made), "--yes", stdout=io.StringIO())
    assert AuditEvent.objects.count() == rows


def test_a_folder_that_is_no_backup_is_named(tmp_path):
    assert "不是一个完整的备份" in backup.verify(tmp_path).problems[0]
