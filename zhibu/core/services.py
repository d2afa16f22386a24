"""Helpers shared by every app's services: field updates with a before/after snapshot and validation."""

import datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.contracts import AuditActor

_M = TypeVar("_M", bound=models.Model)


def assign(instance: models.Model, changes: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    """Set the allowed attributes from ``changes``; return the names that really changed."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(f"不能修改这些字段：{', '.join(sorted(unknown))}")
    changed = []
    for name, value in changes.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def validate(instance: models.Model, exclude: tuple[str, ...] = ()) -> None:
    """Model validation with Chinese messages; raises ValidationError keyed by field."""
    instance.full_clean(exclude=list(exclude), validate_constraints=True)


def save_audited(
    *,
    actor: AuditActor,
    instance: _M,
    event: Event,
    before: dict[str, Any] | None,
    exclude_validation: tuple[str, ...] = (),
) -> _M:
    validate(instance, exclude_validation)
    instance.save()
    audit.record(actor=actor, event=event, obj=instance, before=before, after=audit.snapshot(instance))
    return instance


def require_past_date(value: datetime.date | None, field: str, label: str) -> None:
    """A date that must be given and may not lie in the future (a meeting held, a letter issued …)."""
    if value is None:
        raise ValidationError({field: f"请填写{label}"})
    if value > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})


class Conflict(ValidationError):
    """The record being created already exists. Pages show the message like any validation error; the API answers
    409 with a link to ``existing`` (see zhibu.core.api), where a client changes it with PATCH instead."""

    def __init__(self, message: str | dict[str, str], *, existing: models.Model) -> None:
        super().__init__(message)
        self.existing = existing
