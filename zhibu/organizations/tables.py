from zhibu.core.tables import TableColumn

ORGANIZATION_COLUMNS = (
    TableColumn("组织全称", lambda o: o.name, 36),
    TableColumn("简称", lambda o: o.short_name, 16),
    TableColumn("类型", lambda o: o.get_kind_display(), 12),
    TableColumn("组织代码", lambda o: o.code, 14),
    TableColumn("上级组织", lambda o: o.parent.name if o.parent else "", 30),
    TableColumn("成立日期", lambda o: o.founded_on, 12),
    TableColumn("状态", lambda o: o.get_status_display(), 8),
)

UNIT_COLUMNS = (
    TableColumn("单位名称", lambda u: u.name, 30),
    TableColumn("单位代码", lambda u: u.code, 20),
    TableColumn("在编人数", lambda u: u.staff_headcount, 10),
    TableColumn("专职党务干部", lambda u: u.party_staff, 12),
    TableColumn("管理组织", lambda u: u.owner.name, 30),
)
