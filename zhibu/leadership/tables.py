from zhibu.core.tables import TableColumn

CONTACT_COLUMNS = (
    TableColumn("领导干部", lambda c: c.leader.name, 12),
    TableColumn("职务", lambda c: c.post, 16),
    TableColumn("所属党组织", lambda c: c.organization.name, 20),
    TableColumn("联系支部", lambda c: c.branch.name, 20),
    TableColumn("联系起始日期", lambda c: c.since, 14),
    TableColumn("联系终止日期", lambda c: c.until, 14),
)

VISIT_COLUMNS = (
    TableColumn("日期", lambda v: v.visited_on, 12),
    TableColumn("领导干部", lambda v: v.contact.leader.name, 12),
    TableColumn("联系支部", lambda v: v.contact.branch.name, 20),
    TableColumn("内容类别", lambda v: v.get_kind_display(), 12),
    TableColumn("情况记录", lambda v: v.notes, 40),
)

RESEARCH_COLUMNS = (
    TableColumn("调研课题", lambda r: r.topic, 30),
    TableColumn("领导干部", lambda r: r.leader.name, 12),
    TableColumn("所属党组织", lambda r: r.organization.name, 20),
    TableColumn("调研日期", lambda r: r.started_on, 12),
    TableColumn("调研天数", lambda r: r.days, 8),
    TableColumn("调研报告", lambda r: r.report_title, 30),
)

PROJECT_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("项目名称", lambda p: p.title, 24),
    TableColumn("年度", lambda p: p.year, 8),
    TableColumn("党组织", lambda p: p.organization.name, 20),
    TableColumn("书记", lambda p: p.secretary.name, 12),
    TableColumn("状态", lambda p: p.get_status_display(), 10),
    TableColumn("项目目标", lambda p: p.goals, 40),
    TableColumn("进展与成效", lambda p: p.progress, 40),
)
PROJECT_LIST_COLUMNS: tuple[TableColumn, ...] = PROJECT_COLUMNS[:5]
