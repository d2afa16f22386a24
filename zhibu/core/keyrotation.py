"""Key rotation: add a key version to the key file, then re-encrypt every encrypted column under it."""

import json
import os
import secrets
import tempfile
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Field, Model

from zhibu.core import audit, crypto
from zhibu.core.audit_catalogue import Event
from zhibu.core.contracts import AuditActor
from zhibu.core.fields import EncryptedTextField, Undecryptable


def encrypted_fields() -> list[tuple[type[Model], list[str]]]:
    found: list[tuple[type[Model], list[str]]] = []
    for model in apps.get_models():
        names = [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def add_key_version() -> int:
    """Write a new key version into the key file and make it active; the old versions stay for decryption."""
    if settings.FIELD_KEYS:
        raise ImproperlyConfigured(
            "密钥来自环境变量 ZHIBU_FIELD_KEYS：请在其中加入新版本并设为 active 后再运行 rotate_keys"
        )
    path = settings.FIELD_KEY_FILE
    data = json.loads(path.read_text())
    version = max(int(v) for v in data["keys"]) + 1
    data["keys"][str(version)] = secrets.token_hex(32)
    data["active"] = version
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".keys-")
    with os.fdopen(descriptor, "w") as handle:
        json.dump(data, handle, indent=2)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
    crypto.keyring.cache_clear()
    return version


def stale_count(model: type[Model], names: list[str], version: int) -> int:
    """Rows with any ciphertext not under the given key version, read from the stored text (the ORM would
    encrypt a lookup value, so this asks the database directly)."""
    prefix = f"{crypto.keyring().algorithm}:{version}:%"
    # The names are of encrypted fields (encrypted_fields()): concrete columns, never relations.
    columns = [cast("Field[Any, Any]", model._meta.get_field(name)).column for name in names]
    condition = " OR ".join(f"({column} <> '' AND {column} NOT LIKE %s)" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {model._meta.db_table} WHERE {condition}", [prefix] * len(columns))
        row = cursor.fetchone()
        assert row is not None  # COUNT(*) always answers one row
        count: int = row[0]
        return count


def reencrypt_all(*, actor: AuditActor, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt every row under the active key. Rows that fail to decrypt are left as they are and counted."""
    ring = crypto.keyring()
    report = {"version": ring.active, "rows": 0, "undecryptable": 0}
    for model, names in encrypted_fields():
        ids = list(model._base_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            with transaction.atomic():
                rows = list(model._base_manager.filter(pk__in=ids[start : start + batch_size]).only("pk", *names))
                clean = [row for row in rows if not any(isinstance(getattr(row, n), Undecryptable) for n in names)]
                report["undecryptable"] += len(rows) - len(clean)
                model._base_manager.bulk_update(clean, names)
                report["rows"] += len(clean)
    with transaction.atomic():
        audit.record(actor=actor, event=Event.SECURITY_KEYS_ROTATED, extra=report)
    return report
