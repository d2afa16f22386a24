import datetime
import functools

from django.utils import timezone


@functools.lru_cache(maxsize=4096)  # ledgers and verdicts write the same few hundred days over and over
def cn_date(value: datetime.date | None) -> str:
    """2024年4月3日 — the date format used everywhere in the UI and in messages."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def cn_time(value: datetime.datetime) -> str:
    """2024年4月3日 14:05, in the installation's time zone."""
    local = timezone.localtime(value)
    return f"{cn_date(local.date())} {local:%H:%M}"
