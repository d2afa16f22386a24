"""Backups of the database and the uploaded files, their verification and their restore.

A backup is one directory ``zhibu-backup-<time>/`` holding the database (``database.sqlite3``, an online copy made
with SQLite's backup API, consistent while the site runs; or ``database.dump``, ``pg_dump``'s custom format, one
snapshot), ``media.tar`` (every uploaded file) and ``manifest.json`` (what the backup holds and each file's SHA-256).
It is written under a temporary name and renamed when complete, so a half-written backup never looks like one.

Not in the backup, by design: the field-encryption key file and the audit checkpoint key (each backed up apart from
the data: a backup that held its own key would protect nothing) and the checkpoint file (the audit log's anchor
outside the database)."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media.tar"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
KEY_REMINDER = (
    "提醒：字段加密密钥文件（ZHIBU_FIELD_KEY_FILE）和审计检查点密钥（ZHIBU_AUDIT_CHECKPOINT_KEY_FILE）不在备份中，"
    "请另行备份并分开保管；没有字段密钥，恢复的数据中的身份证号、电话和地址无法解密。"
)


class BackupError(Exception):
    pass


def engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def _pg(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[-800:]}")


def _sqlite_tables(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as copy:
        names = [row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {name: copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def _dump_database(target: Path) -> str:
    if connection.in_atomic_block:
        # SQLite's backup would wait for ever on the caller's own write lock; pg_dump would miss the uncommitted work.
        raise BackupError("不能在数据库事务中备份")
    if engine() == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / SQLITE_FILE)
        try:
            connection.connection.backup(destination)  # online and consistent: the backup API copies one snapshot
        finally:
            destination.close()
        return SQLITE_FILE
    _pg(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--file",
            str(target / PG_FILE),
            settings.DATABASES["default"]["NAME"],
        ]
    )
    return PG_FILE


def _pack_media(target: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA, "w") as archive:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media)), recursive=False)


def create(directory: Path, now: datetime.datetime | None = None) -> Path:
    """Write one complete backup under ``directory`` and return its path."""
    now = now or timezone.now()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"zhibu-backup-{timezone.localtime(now):%Y%m%d-%H%M%S}"
    final = directory / name
    if final.exists():
        raise BackupError(f"备份目录 {final} 已存在")
    partial = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=directory))
    try:
        database = _dump_database(partial)
        _pack_media(partial)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "engine": engine(),
            "database": database,
            "files": {item: _sha256(partial / item) for item in (database, MEDIA)},
        }
        if database == SQLITE_FILE:
            manifest["tables"] = _sqlite_tables(partial / SQLITE_FILE)
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        os.chmod(partial, 0o700)
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


@dataclass
class Verified:
    manifest: dict[str, Any]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(backup: Path) -> Verified:
    """Every file present with its recorded checksum; the database copy readable (SQLite: integrity check and the
    recorded row counts; PostgreSQL: pg_restore reads the dump's table of contents); the media archive readable."""
    try:
        manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Verified({}, [f"{backup} 中没有可读的 {MANIFEST}：这不是一个完整的备份"])
    problems = []
    for item, digest in manifest.get("files", {}).items():
        path = backup / item
        if not path.is_file():
            problems.append(f"缺少文件 {item}")
        elif _sha256(path) != digest:
            problems.append(f"文件 {item} 的校验值不符（已损坏或被改动）")
    if problems:
        return Verified(manifest, problems)
    if manifest["database"] == SQLITE_FILE:
        with sqlite3.connect(backup / SQLITE_FILE) as copy:
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                problems.append("数据库副本未通过完整性检查")
        if not problems and _sqlite_tables(backup / SQLITE_FILE) != manifest.get("tables"):
            problems.append("数据库副本的表或行数与清单不符")
    else:
        try:
            _pg(["pg_restore", "--list", str(backup / PG_FILE)])
        except BackupError as error:
            problems.append(str(error))
    try:
        with tarfile.open(backup / MEDIA) as archive:
            archive.getmembers()
    except tarfile.TarError:
        problems.append("上传文件归档无法读取")
    return Verified(manifest, problems)


def _restore_media(backup: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media.parent))
    with tarfile.open(backup / MEDIA) as archive:
        archive.extractall(incoming, filter="data")  # refuses absolute paths, traversal and links out of the tree
    old = media.with_name(f".{media.name}-replaced")
    if media.exists():
        shutil.rmtree(old, ignore_errors=True)
        media.rename(old)
    incoming.rename(media)
    shutil.rmtree(old, ignore_errors=True)


def restore(backup: Path) -> Verified:
    """Replace the database and the uploaded files with the backup's, after verifying it. The web server and the job
    runner must be stopped first (``restore`` says so and asks for ``--yes``)."""
    checked = verify(backup)
    if not checked.ok:
        raise BackupError("备份未通过校验，未做任何恢复：" + "；".join(checked.problems))
    if checked.manifest["engine"] != engine():
        raise BackupError(
            f"这是 {checked.manifest['engine']} 数据库的备份，当前使用 {engine()}；请在相同的数据库上恢复"
        )
    if connection.in_atomic_block:
        raise BackupError("不能在数据库事务中恢复")
    if engine() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(backup / SQLITE_FILE)
        try:
            source.backup(connection.connection)  # page by page into the live file, in one step for readers
        finally:
            source.close()
    else:
        connection.close()
        _pg(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                settings.DATABASES["default"]["NAME"],
                str(backup / PG_FILE),
            ]
        )
    _restore_media(backup)
    return checked
