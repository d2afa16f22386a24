import datetime
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from zhibu.core.actors import CommandActor
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_guard import SQLITE_TRIGGERS, maintenance_window
from zhibu.core.audit_models import AuditEvent
from zhibu.core.audit_verify import purge_before, verify_chain
from zhibu.members.models import Member
from zhibu.testing import make_member


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def tamper(row_id: int):
    """Change one byte of a row as someone with DDL rights would: lift the guard, edit, put the guard back."""
    table = AuditEvent._meta.db_table
    if connection.vendor == "sqlite":
        raw("DROP TRIGGER core_auditevent_no_update")
        raw(f"UPDATE {table} SET actor_name = actor_name || 'x' WHERE id = %s", [row_id])
        raw(SQLITE_TRIGGERS[0])
    else:  # a superuser can switch triggers off for the session; the hash chain still tells
        raw("SET session_replication_role = replica")
        raw(f"UPDATE {table} SET actor_name = actor_name || 'x' WHERE id = %s", [row_id])
        raw("SET session_replication_role = DEFAULT")


def test_chain_is_intact_after_normal_work(tree, personas):
    for _ in range(5):
        make_member(tree.a1)
    report = verify_chain()
    assert report.intact and report.checked == AuditEvent.objects.count()
    call_command("verify_audit")


def test_one_byte_tamper_in_row_k_is_reported_at_k(tree):
    for _ in range(4):
        make_member(tree.a1)
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    k = ids[len(ids) // 2]
    tamper(k)
    report = verify_chain()
    assert report.first_broken_id == k and "篡改" in report.reason
    with pytest.raises(CommandError, match=f"第{k}号记录"):
        call_command("verify_audit")


def test_updates_and_deletes_are_refused_by_orm_and_by_raw_sql(tree):
    make_member(tree.a1)
    row = AuditEvent.objects.order_by("id").first()
    table = AuditEvent._meta.db_table
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=row.pk).update(actor_name="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=row.pk).delete()
    row.actor_name = "x"
    with pytest.raises(PermissionError):
        row.save()
    for statement in (f"UPDATE {table} SET actor_name = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"):
            raw(statement, [row.pk])
    assert AuditEvent.objects.get(pk=row.pk).actor_name == "command:tests"


def test_a_deleted_row_is_found(tree):
    for _ in range(3):
        make_member(tree.a1)
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    table = AuditEvent._meta.db_table
    with transaction.atomic(), maintenance_window(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the guard refuses a row out of the middle; a superuser lifts it
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [ids[2]])
    assert verify_chain().first_broken_id == ids[3]


def test_purge_keeps_the_chain_verifiable(tree):
    for _ in range(3):
        make_member(tree.a1)
    cutoff = timezone.now() + datetime.timedelta(seconds=1)
    deleted = purge_before(cutoff, actor=CommandActor("purge_audit"))
    assert deleted > 0 and AuditEvent.objects.count() == 1
    make_member(tree.a1)
    assert verify_chain().intact


def test_retention_is_at_least_184_days():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "zhibu.settings",
            "ZHIBU_DEBUG": "true",
            "ZHIBU_DATA_DIR": "/tmp/zhibu-settings-test",
            "ZHIBU_AUDIT_RETENTION_DAYS": "100",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "ZHIBU_AUDIT_RETENTION_DAYS" in result.stderr


def test_if_the_audit_row_cannot_be_written_the_change_rolls_back(tree, personas):
    before = Member.objects.count()
    failing = mock.patch("zhibu.core.audit.AuditEvent.objects.bulk_create", side_effect=DatabaseError("disk full"))
    with failing, pytest.raises(DatabaseError):
        make_member(tree.a1, name="不应留下")
    assert Member.objects.count() == before and not Member.objects.filter(name="不应留下").exists()


def test_audit_page_filters_and_exports_within_scope(tree, personas, client_as):
    make_member(tree.a1, name="甲")
    make_member(tree.b1, name="乙")
    client = client_as(personas["纪检A"])
    page = client.get("/audit/", {"event": "member.created"})
    names = {row.object_repr for row in page.context["page"]}
    assert "甲" in names and "乙" not in names
    assert "登记党员" in page.content.decode()
    from io import BytesIO

    from openpyxl import load_workbook

    export = client.get("/audit/export/", {"event": "member.created"})
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True))
    assert rows and all(row[2] == "登记党员" for row in rows) and not any(row[4] == "乙" for row in rows)
    assert AuditEvent.objects.filter(event=Event.AUDIT_EXPORTED, actor=personas["纪检A"]).count() == 1
