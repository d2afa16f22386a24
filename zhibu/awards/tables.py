from zhibu.awards import records
from zhibu.core.tables import TableColumn

ROUND_COLUMNS = (
    TableColumn("评选名称", lambda r: r.title, 30),
    TableColumn("年度", lambda r: r.year, 8),
    TableColumn("评选组织", lambda r: r.organization.name, 24),
    TableColumn("推荐开始", lambda r: r.opens_on, 12),
    TableColumn("推荐截止", lambda r: r.closes_on, 12),
    TableColumn("优秀党员比例%", lambda r: r.member_cap_percent, 10),
    TableColumn("优秀党务工作者比例%", lambda r: r.worker_cap_percent, 10),
    TableColumn("先进组织比例%", lambda r: r.org_cap_percent, 10),
    TableColumn("公示工作日", lambda r: r.publicity_days, 10),
)

NOMINATION_COLUMNS = (
    TableColumn("被推荐对象", lambda n: n.nominee_name, 16),
    TableColumn("推荐类别", lambda n: n.get_category_display(), 14),
    TableColumn("所在党组织", lambda n: n.organization.name, 24),
    TableColumn("评选", lambda n: n.round.title, 24),
    TableColumn("进度", lambda n: n.get_stage_display(), 12),
    TableColumn("推荐日期", lambda n: n.nominated_on, 12),
    TableColumn("公示结束", lambda n: n.publicity_until, 12),
    TableColumn("推荐理由", lambda n: n.reasons, 40),
    TableColumn("推荐时的记录", lambda n: records.summary(n.record), 50),
)
NOMINATION_LIST = tuple(c for c in NOMINATION_COLUMNS if c.header not in ("推荐理由", "推荐时的记录"))

OBJECTION_COLUMNS = (
    TableColumn("被推荐对象", lambda o: o.nomination.nominee_name, 16),
    TableColumn("推荐类别", lambda o: o.nomination.get_category_display(), 14),
    TableColumn("收到日期", lambda o: o.received_on, 12),
    TableColumn("反映人", lambda o: o.raised_by or "未署名", 10),
    TableColumn("反映内容", lambda o: o.content, 40),
    TableColumn("答复日期", lambda o: o.answered_on, 12),
    TableColumn("处理结果", lambda o: o.get_resolution_display() or "未处理", 16),
)

HONOUR_COLUMNS = (
    TableColumn("获得者", lambda h: h.member.name if h.member_id else h.organization.name, 16),
    TableColumn("荣誉称号", lambda h: h.title, 24),
    TableColumn("所在党组织", lambda h: h.organization.name, 24),
    TableColumn("授予组织", lambda h: h.awarded_by.name, 24),
    TableColumn("授予日期", lambda h: h.awarded_on, 12),
)
