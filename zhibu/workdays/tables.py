"""The columns of the 节假日维护 page and its export, over ``calendar.SpecialDay`` (library days and entered ones)."""

from zhibu.core.tables import TableColumn

WEEKDAYS = "一二三四五六日"

SPECIAL_DAY_COLUMNS = (
    TableColumn("日期", lambda day: day.day, 16),
    TableColumn("星期", lambda day: f"星期{WEEKDAYS[day.day.weekday()]}", 8),
    TableColumn("安排", lambda day: day.kind_label, 8),
    TableColumn("名称", lambda day: day.name, 16),
    TableColumn("来源", lambda day: day.source.label, 20),
    TableColumn("替代库中安排", lambda day: day.replaces, 20),
    TableColumn("说明", lambda day: day.note, 30),
    TableColumn("录入人", lambda day: day.override.entered_by if day.override else "", 12),
)
