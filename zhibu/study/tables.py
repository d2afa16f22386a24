from zhibu.core.tables import TableColumn

LIST_COLUMNS = (
    TableColumn("清单名称", lambda s: s.title, 36),
    TableColumn("下发党组织", lambda s: s.organization.name, 24),
    TableColumn("周期", lambda s: s.get_period_display(), 8),
    TableColumn("起始日期", lambda s: s.starts_on, 14),
    TableColumn("截止日期", lambda s: s.ends_on, 14),
)

COVERAGE_COLUMNS = (
    TableColumn("党支部", lambda r: r[0], 24),
    TableColumn("学习内容", lambda r: r[1], 40),
    TableColumn("落实情况", lambda r: r[2], 10),
    TableColumn("会议", lambda r: r[3], 36),
    TableColumn("会议日期", lambda r: r[4], 14),
)
