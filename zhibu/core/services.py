"""Helpers shared by every app's services: field updates with a before/after snapshot and validation."""

from django.core.exceptions import ValidationError

from zhibu.core import audit


def assign(instance, changes: dict, allowed: tuple[str, ...]) -> list[str]:
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


def validate(instance, exclude: tuple[str, ...] = ()) -> None:
    """Model validation with Chinese messages; raises ValidationError keyed by field."""
    instance.full_clean(exclude=list(exclude), validate_constraints=True)


def save_audited(*, actor, instance, event: str, before: dict | None, exclude_validation: tuple[str, ...] = ()):
    validate(instance, exclude_validation)
    instance.save()
    audit.record(actor=actor, event=event, obj=instance, before=before, after=audit.snapshot(instance))
    return instance
