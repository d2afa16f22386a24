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

THEORY_GROUP_COLUMNS = (
    TableColumn("中心组名称", lambda g: g.name, 36),
    TableColumn("所属党组织", lambda g: g.organization.name, 24),
    TableColumn("成员人数", lambda g: g.seat_count, 10),
    TableColumn("学习次数", lambda g: g.session_count, 10),
)

THEORY_SESSION_COLUMNS = (
    TableColumn("学习日期", lambda s: s.held_on, 14),
    TableColumn("学习主题", lambda s: s.topic, 40),
    TableColumn("中心组", lambda s: s.group.name, 28),
    TableColumn("主讲", lambda s: s.lecturer or "", 16),
    TableColumn("学时", lambda s: s.hours, 8),
    TableColumn("出席", lambda s: s.present_count, 8),
    TableColumn("请假", lambda s: s.leave_count, 8),
    TableColumn("列席旁听", lambda s: s.observer_count, 10),
)
