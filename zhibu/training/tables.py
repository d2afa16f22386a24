from zhibu.core.tables import TableColumn

CLASS_COLUMNS = (
    TableColumn("培训班名称", lambda c: c.name, 30),
    TableColumn("培训类别", lambda c: c.get_category_display(), 14),
    TableColumn("举办党组织", lambda c: c.organization.name, 24),
    TableColumn("开班日期", lambda c: c.starts_on, 12),
    TableColumn("结业日期", lambda c: c.ends_on, 12),
    TableColumn("集中培训", lambda c: c.concentrated, 8),
)

EXTERNAL_COLUMNS = (
    TableColumn("姓名", lambda t: t.member.name, 10),
    TableColumn("登记党组织", lambda t: t.organization.name, 24),
    TableColumn("培训名称", lambda t: t.title, 30),
    TableColumn("举办单位", lambda t: t.organizer, 20),
    TableColumn("开始日期", lambda t: t.started_on, 12),
    TableColumn("结束日期", lambda t: t.ended_on, 12),
    TableColumn("学时", lambda t: t.hours, 8),
    TableColumn("集中培训", lambda t: t.concentrated, 8),
)
