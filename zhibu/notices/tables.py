from zhibu.core.tables import TableColumn

NOTICE_COLUMNS = (
    TableColumn("标题", lambda n: n.title, 40),
    TableColumn("公开单位", lambda n: n.organization.name, 24),
    TableColumn("公开类别", lambda n: n.get_category_display(), 12),
    TableColumn("公开起始日期", lambda n: n.publish_from, 14),
    TableColumn("公开截止日期", lambda n: n.publish_until or "长期", 14),
    TableColumn("状态", lambda n: n.get_status_display(), 8),
)
