"""Signed checkpoints that anchor the audit hash chain outside the database.

The hash chain alone proves only that the rows agree with each other: whoever can write the table can forge a row and
recompute every later hash, or cut off the tail, and the chain still verifies. A checkpoint is a line
``{"kind": "checkpoint", "id", "hash", "at", "alg", "sig"}`` naming a row and its hash, signed with HMAC-SM3 under a
key that is not in the database and appended (O_APPEND) to ``ZHIBU_AUDIT_CHECKPOINT_FILE``; each line also goes to
the ``zhibu.audit.checkpoint`` log, so a copy can live in a log system the application cannot rewrite. A retention
purge appends a signed ``"purge"`` line (first and last id removed, hash of the last), which is the only way a
verification accepts rows missing from the start of the chain.

Only the commands read the key (``audit_checkpoint``, ``verify_audit``, ``purge_audit``); the web process never
needs it, so a compromised web server cannot sign a forged chain.
"""

import hmac as std_hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger("zhibu.audit.checkpoint")

ALGORITHM = "hmac-sm3"
KINDS = ("checkpoint", "purge")
CREATE_KEY_HINT = (
    "请运行 manage.py audit_checkpoint --create-key 生成密钥文件，或设置 ZHIBU_AUDIT_CHECKPOINT_KEY（64位十六进制）"
)


class AnchorError(Exception):
    """The checkpoint key or file cannot be used; the message says what to do."""


def _key_from_hex(text: str, source: str) -> bytes:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise AnchorError(f"审计检查点密钥（{source}）不是十六进制文本。{CREATE_KEY_HINT}。") from None
    if len(key) < 32:
        raise AnchorError(f"审计检查点密钥（{source}）太短：至少需要64位十六进制（32字节）。")
    return key


def checkpoint_key() -> bytes:
    if settings.AUDIT_CHECKPOINT_KEY:
        return _key_from_hex(settings.AUDIT_CHECKPOINT_KEY, "ZHIBU_AUDIT_CHECKPOINT_KEY")
    path = Path(settings.AUDIT_CHECKPOINT_KEY_FILE)
    if path.resolve() == Path(settings.FIELD_KEY_FILE).resolve():
        raise AnchorError("审计检查点密钥文件不能与字段加密密钥文件相同（ZHIBU_AUDIT_CHECKPOINT_KEY_FILE）。")
    if not path.exists():
        if settings.DEBUG:  # development only, like the field keys: one key per checkout under var/
            create_key_file(path)
        else:
            raise AnchorError(f"未找到审计检查点密钥文件 {path}。{CREATE_KEY_HINT}。")
    return _key_from_hex(path.read_text(), str(path))


def create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")


def _signed_text(entry: dict[str, Any]) -> bytes:
    body = {key: value for key, value in entry.items() if key != "sig"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sign(entry: dict[str, Any], key: bytes) -> str:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(_signed_text(entry))
    return mac.finalize().hex()


def append(kind: str, **values: Any) -> dict[str, Any]:
    """Sign and append one line; fsync before returning, so a caller that goes on to commit has it on disk."""
    entry = {"kind": kind, **values, "at": timezone.now().isoformat(), "alg": ALGORITHM}
    entry["sig"] = sign(entry, checkpoint_key())
    line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError as error:
        raise AnchorError(f"无法写入审计检查点文件 {path}：{error.strerror}") from None
    try:
        os.write(descriptor, line.encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    logger.info("audit %s %s", kind, line.strip())
    return entry


@dataclass
class Anchors:
    checkpoints: list[dict[str, Any]] = field(default_factory=list)
    purges: list[dict[str, Any]] = field(default_factory=list)
    problem: str = ""
    file_exists: bool = False

    def purged(self, row_id: int) -> bool:
        return any(purge["first_id"] <= row_id <= purge["last_id"] for purge in self.purges)


def read() -> Anchors:
    """Every line of the checkpoint file, each signature checked; the first bad line is the problem."""
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    anchors = Anchors(file_exists=path.exists())
    if not anchors.file_exists:
        return anchors
    key = checkpoint_key()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            kind = entry["kind"]
            wanted = ("id", "hash") if kind == "checkpoint" else ("first_id", "last_id", "last_hash")
            if kind not in KINDS or any(name not in entry for name in wanted):
                raise ValueError
            good = entry.get("alg") == ALGORITHM and std_hmac.compare_digest(
                str(entry.get("sig", "")), sign(entry, key)
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            anchors.problem = f"检查点文件 {path} 第{number}行格式不对（文件被改动）"
            return anchors
        if not good:
            anchors.problem = f"检查点文件 {path} 第{number}行签名无效（检查点被伪造或改动，或密钥已更换）"
            return anchors
        (anchors.checkpoints if kind == "checkpoint" else anchors.purges).append(entry)
    return anchors
