from zhibu.core.masking import mask_phone
from zhibu.core.tables import TableColumn

COMMUNITY_COLUMNS = (
    TableColumn("社区名称", lambda c: c.name, 20),
    TableColumn("地址", lambda c: c.address, 30),
    TableColumn("联系人", lambda c: c.contact_name, 10),
    TableColumn("联系电话", lambda c: mask_phone(c.contact_phone), 14),
    TableColumn("联系党组织", lambda c: c.organization.name, 24),
    TableColumn("启用", lambda c: c.active, 6),
)
PAIRING_COLUMNS = (
    TableColumn("共建党组织", lambda p: p.organization.name, 24),
    TableColumn("共建社区", lambda p: p.community.name, 20),
    TableColumn("开始日期", lambda p: p.started_on, 12),
    TableColumn("结束日期", lambda p: p.ended_on, 12),
    TableColumn("共建内容", lambda p: p.content, 40),
)
REGISTRATION_COLUMNS = (
    TableColumn("党员", lambda r: str(r.member), 10),
    TableColumn("所在党组织", lambda r: r.member.organization.name, 24),
    TableColumn("居住地社区", lambda r: r.community.name, 20),
    TableColumn("报到日期", lambda r: r.registered_on, 12),
)
RECORD_COLUMNS = (
    TableColumn("服务日期", lambda r: r.served_on, 12),
    TableColumn("党员", lambda r: str(r.member), 10),
    TableColumn("所在党组织", lambda r: r.member.organization.name, 24),
    TableColumn("社区", lambda r: r.community.name, 20),
    TableColumn("服务内容", lambda r: r.what, 40),
    TableColumn("时长（小时）", lambda r: r.hours, 10),
)
WISH_COLUMNS = (
    TableColumn("发布日期", lambda w: w.posted_on, 12),
    TableColumn("社区", lambda w: w.community.name, 20),
    TableColumn("心愿人", lambda w: w.resident, 12),
    TableColumn("心愿内容", lambda w: w.title, 30),
    TableColumn("状态", lambda w: w.get_status_display(), 8),
    TableColumn("认领人", lambda w: w.claimer, 16),
    TableColumn("兑现日期", lambda w: w.fulfilled_on, 12),
    TableColumn("登记党组织", lambda w: w.organization.name, 24),
)
PROJECT_COLUMNS = (
    TableColumn("实事项目", lambda p: p.title, 30),
    TableColumn("责任党组织", lambda p: p.organization.name, 24),
    TableColumn("状态", lambda p: p.get_status_display(), 8),
    TableColumn("开始日期", lambda p: p.started_on, 12),
    TableColumn("办结日期", lambda p: p.finished_on, 12),
    TableColumn("目标", lambda p: p.goals, 40),
    TableColumn("成效", lambda p: p.results, 40),
    TableColumn("工作台账任务", lambda p: str(p.work_task or ""), 30),
)
