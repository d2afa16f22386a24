"""Times a member import of N rows (default 10,000) through the real import service, on the configured database.

    .venv/bin/python bench/import_members.py 10000                       # SQLite (a scratch file under /tmp)
    ZHIBU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhibu_bench .venv/bin/python bench/import_members.py

Prints the time to build the sheet, to validate it (dry run), to import it, and to re-import it unchanged, with the
per-row cost and the ratio of a full import to the validation-only pass in the same run.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings_test")
os.environ.setdefault("ZHIBU_DATA_DIR", tempfile.mkdtemp(prefix="zhibu-bench-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from zhibu.members.importing import COLUMNS, import_members  # noqa: E402
from zhibu.members.models import Member  # noqa: E402
from zhibu.testing import build_personas, build_tree, import_row  # noqa: E402


def sheet(branches, rows: int) -> bytes:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("党员信息")
    worksheet.append([column.header for column in COLUMNS])
    for index in range(rows):
        worksheet.append(import_row(branches[index % len(branches)], name=f"测试{index}"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(label, function):
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    print(f"{label:<28}{elapsed:8.2f} s")
    return result, elapsed


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    tree = build_tree()
    actor = build_personas(tree)["党委管理员A"]
    print(f"database: {connection.vendor}, rows: {rows}")
    content, _ = timed("build sheet", lambda: sheet([tree.a1, tree.a2, tree.a3a], rows))
    checked, validate_s = timed(
        "validate only (dry run)", lambda: import_members(actor=actor, upload=io.BytesIO(content), dry_run=True)
    )
    assert not checked.errors, checked.errors[:5]
    result, import_s = timed("import", lambda: import_members(actor=actor, upload=io.BytesIO(content)))
    assert result.committed and result.created == rows, (result.created, result.errors[:5])
    again, reimport_s = timed("re-import unchanged", lambda: import_members(actor=actor, upload=io.BytesIO(content)))
    assert again.unchanged == rows and Member.objects.filter(name__startswith="测试").count() == rows
    print(
        f"per row: {import_s / rows * 1000:.2f} ms; import / validate-only = {import_s / validate_s:.2f}×; "
        f"re-import / import = {reimport_s / import_s:.2f}×"
    )


if __name__ == "__main__":
    main()
