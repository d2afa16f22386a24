import datetime


def cn_date(value: datetime.date | None) -> str:
    """2024年4月3日 — the date format used everywhere in the UI and in messages."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"
