"""Writing audit events. Every service calls ``record`` inside its own transaction, so a change and its
audit row commit together or not at all."""

import contextvars
import datetime
import decimal
import hashlib
import json
import uuid
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.core.contracts import AuditActor
from zhibu.core.masking import masked_value

if TYPE_CHECKING:  # a name for the type only: at run time core never imports an app
    from zhibu.accounts.models import User

GENESIS_HASH = "0" * 64
_AUDIT_CHAIN_LOCK = 7_001_001  # PostgreSQL advisory-lock key that serialises appends to the chain

request_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "audit_request_context", default=None
)


def _json_default(value: object) -> str:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return str(value)


def canonical(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_default)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Field values of a record for the audit diff, with personal data masked."""
    values: dict[str, object] = {}
    excluded = getattr(obj, "audit_exclude", ())
    for field in obj._meta.concrete_fields:
        if field.name in excluded or field.name.endswith("_index"):
            continue
        value = getattr(obj, field.attname)
        values[field.name] = masked_value(field, value)
    loaded: dict[str, Any] = json.loads(canonical(values))
    return loaded


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    if before is None or after is None:
        return {"before": before, "after": after}
    changed = sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))
    return {
        "before": {key: before.get(key) for key in changed},
        "after": {key: after.get(key) for key in changed},
    }


def actor_label(actor: AuditActor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return actor.get_username()


def actor_user(actor: AuditActor) -> "User | None":
    """The user row to link, or None for commands and anonymous attempts (their name is kept in actor_name)."""
    return actor if isinstance(actor, get_user_model()) else None


def row_hash(prev_hash: str, content: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(content)).encode()).hexdigest()


def hashed_content(event: AuditEvent) -> dict[str, Any]:
    return {
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "event": event.event,
        "outcome": event.outcome,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "organization_path": event.organization_path,
        "source_ip": event.source_ip,
        "request_id": event.request_id,
        "changes": json.loads(canonical(event.changes)),
    }


def _lock_chain() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_AUDIT_CHAIN_LOCK])
    # SQLite runs write transactions as BEGIN IMMEDIATE (settings), so appends are already serialised.
    last = AuditEvent.objects.order_by("-id").values_list("row_hash", flat=True).first()
    return last or GENESIS_HASH


def _build(
    actor: AuditActor,
    event: str,
    obj: models.Model | None,
    organization: models.Model | None,
    changes: dict[str, Any],
    outcome: str,
    object_repr: str,
) -> AuditEvent:
    if not isinstance(
        event, Event
    ):  # a misspelt or new event would otherwise show raw in the log and escape its filters
        raise TypeError(f"audit event {event!r} is not an Event of zhibu/core/audit_catalogue.py")
    context = request_context.get() or {}
    if organization is None and obj is not None and hasattr(obj, "audit_organization"):
        organization = obj.audit_organization()
    return AuditEvent(
        occurred_at=timezone.now(),
        actor=actor_user(actor),
        actor_name=actor_label(actor),
        event=event,
        outcome=outcome,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        organization_path=getattr(organization, "path", "") or "",
        source_ip=context.get("ip"),
        request_id=context.get("request_id", ""),
        changes=json.loads(canonical(changes or {})),
    )


def record(
    *,
    actor: AuditActor,
    event: str,
    obj: models.Model | None = None,
    organization: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    outcome: str = "success",
    extra: object = None,
    object_repr: str = "",
) -> AuditEvent:
    """Append one audit row. ``actor`` is a user, or a string such as ``"command:demo"`` outside a request."""
    changes = diff(before, after) if (before is not None or after is not None) else {}
    if extra:
        changes["extra"] = extra
    return record_many([_build(actor, event, obj, organization, changes, outcome, object_repr)])[0]


def build(
    *,
    actor: AuditActor,
    event: str,
    obj: models.Model | None = None,
    organization: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    extra: object = None,
) -> AuditEvent:
    """An unsaved audit row, for services that write many records and append their rows in one go."""
    changes = diff(before, after) if (before is not None or after is not None) else {}
    if extra:
        changes["extra"] = extra
    return _build(actor, event, obj, organization, changes, "success", "")


def record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """The chain lock is transaction-scoped: a caller outside a transaction (a refused request, a failed login) would
    release it between reading the last hash and inserting, and two appends would fork the chain. So every append
    opens its own transaction (a savepoint inside the caller's) and holds the lock until that commits."""
    with transaction.atomic():
        return _append(events)


def _append(events: list[AuditEvent]) -> list[AuditEvent]:
    prev = _lock_chain()
    for item in events:
        item.prev_hash = prev
        item.row_hash = row_hash(prev, hashed_content(item))
        prev = item.row_hash
    return AuditEvent.objects.bulk_create(events, batch_size=500)
