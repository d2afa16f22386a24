"""The ops part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): a job run, the runs'
export and clean-up, a backup and a restore, each done once through its command or page. The scenario runs inside
one test transaction, which a real copy would not see and a real restore would wipe: the file work is left out here
and done for real in ``test_backup.py``."""

import io
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.test import Client

from zhibu.ops import backup
from zhibu.ops.tests.helpers import sysadmin

COMMAND_FIELDS = ("occurred_at", "actor_name", "event", "changes")


def do_ops_events(tree, did, web_fields) -> None:
    admin = Client()
    admin.force_login(sysadmin(tree))
    did(
        "job.run",
        action=lambda: call_command("run_jobs", "--job", "purge_restricted", stdout=io.StringIO()),
        fields=COMMAND_FIELDS,
    )
    did("job.exported", action=lambda: admin.get("/ops/jobs/export/"), fields=web_fields)
    did("job.purged", action=lambda: call_command("purge_job_runs", stdout=io.StringIO()), fields=COMMAND_FIELDS)
    made = Path("/nonexistent/zhibu-backup-20260101-000000")
    checked = backup.Verified({"created_at": "2026-01-01T00:00:00+08:00"}, [])
    with (
        mock.patch.object(backup, "create", return_value=made),
        mock.patch.object(backup, "verify", return_value=checked),
        mock.patch.object(backup, "restore", return_value=checked),
    ):
        did(
            "backup.created",
            action=lambda: call_command("backup", "--output", "/nonexistent", "--keep", "0", stdout=io.StringIO()),
            fields=COMMAND_FIELDS,
        )
        did(
            "backup.restored",
            action=lambda: call_command("restore", str(made), "--yes", stdout=io.StringIO()),
            fields=COMMAND_FIELDS,
        )
