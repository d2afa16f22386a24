"""What of a meeting a reader sees who reads it only as a member (their branch's, their group's, a meeting that lists
them) and holds no grant over its organisation. Such a reader sees who came, but only their own leave kind and
reason, and a committee meeting's minutes only if they were expected at it or the meeting shares them with members.
Applied to the meeting page and the API alike."""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from zhibu.activities.models import Activity, ActivityKind, Attendance
from zhibu.core.scoping import VIEW, can

Reader = AbstractBaseUser | AnonymousUser


def oversees(user: Reader, activity: Activity) -> bool:
    """Whether the user reads the meeting through a grant over its organisation (secretary, 纪检, 党委 …)."""
    return bool(getattr(user, "is_superuser", False)) or can(user, VIEW, activity.organization.path)


def own_member_id(user: Reader) -> int | None:
    member = getattr(user, "member", None) if getattr(user, "is_authenticated", False) else None
    return member.pk if member is not None else None


def withhold_others_reasons(user: Reader, activity: Activity, rows: Iterable[Attendance]) -> None:
    """Blanks, in memory only, the leave kind and reason of every row but the reader's own; never saved."""
    if oversees(user, activity):
        return
    mine = own_member_id(user)
    for row in rows:
        if row.member_id != mine:
            row.leave_kind, row.reason = "", ""


def minutes_withheld(user: Reader, activity: Activity, rows: Iterable[Attendance]) -> bool:
    """A committee meeting's minutes (and the amendments that quote them) stay with the committee: a member who was
    not on its expected list reads them only when the meeting shares them with members."""
    if activity.kind.attendees != ActivityKind.Attendees.COMMITTEE or activity.minutes_shared:
        return False
    if oversees(user, activity):
        return False
    mine = own_member_id(user)
    return not any(row.member_id == mine for row in rows) if mine else True
