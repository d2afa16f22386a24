"""Steps every write to a meeting's record shares: lock the meeting, check its state, count the change, refresh what
is derived from it."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from zhibu.activities.models import Activity
from zhibu.core.derived import Topic, records_changed


def lock(activity: Activity, expected_version: int | None = None) -> Activity:
    locked = Activity.objects.select_for_update().select_related("kind", "organization").get(pk=activity.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError("该会议记录已被他人修改，请刷新页面后再操作")
    return locked


def require_status(activity: Activity, *allowed: str, doing: str) -> None:
    if activity.status not in allowed:
        raise ValidationError(f"会议当前为“{activity.get_status_display()}”，不能{doing}")


def bump(activity: Activity, *fields: str) -> None:
    activity.version += 1
    activity.save(update_fields=[*fields, "version", "updated_at"])


def changed(activity: Activity, topic: Topic = Topic.ACTIVITIES) -> None:
    """Verdicts derived from this meeting (BTX) are refreshed in the same transaction. ``topic`` ATTENDANCE when only
    who came changed: the rules that count meetings or read their agenda need not run again."""
    day = timezone.localtime(activity.held_at).date() if activity.held_at else None
    records_changed(organization=activity.organization, topic=topic, day=day, kind=activity.kind.code)
