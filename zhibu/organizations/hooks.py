"""Checks other apps contribute before an organisation may be dissolved or merged (e.g. members still in it)."""

from collections.abc import Callable

_dissolve_checks: list[Callable] = []


def register_dissolve_check(check: Callable) -> None:
    """``check(organization) -> str | None``: a reason in Chinese why it cannot close yet, or None."""
    if check not in _dissolve_checks:
        _dissolve_checks.append(check)


def dissolve_blockers(organization) -> list[str]:
    return [reason for check in _dissolve_checks if (reason := check(organization))]
