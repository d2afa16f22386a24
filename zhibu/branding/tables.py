from zhibu.branding.services import rating_summary
from zhibu.core.tables import TableColumn

APPLICATION_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("申报党支部", lambda a: a.organization.name, 24),
    TableColumn("年度", lambda a: a.year, 8),
    TableColumn("审核组织", lambda a: a.reviewer.name, 24),
    TableColumn("进度", lambda a: a.get_stage_display(), 14),
    TableColumn("申报日期", lambda a: a.submitted_on, 12),
    TableColumn("公示结束", lambda a: a.publicity_until, 12),
    TableColumn("命名日期", lambda a: a.named_on, 12),
    TableColumn("星级评定结果", lambda a: rating_summary(a.rating), 50),
    TableColumn("创建情况和佐证说明", lambda a: a.evidence, 50),
)
APPLICATION_LIST = APPLICATION_COLUMNS[:7]

OBJECTION_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("申报党支部", lambda o: o.application.organization.name, 24),
    TableColumn("收到日期", lambda o: o.received_on, 12),
    TableColumn("反映人", lambda o: o.raised_by or "未署名", 10),
    TableColumn("反映内容", lambda o: o.content, 40),
    TableColumn("答复日期", lambda o: o.answered_on, 12),
    TableColumn("处理结果", lambda o: o.get_resolution_display() or "未处理", 16),
)

CASE_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("案例标题", lambda c: c.title, 30),
    TableColumn("党支部", lambda c: c.organization.name, 24),
    TableColumn("年度", lambda c: c.application.year, 8),
    TableColumn("附件", lambda c: c.file.original_name if c.file_id else "", 20),
    TableColumn("案例内容", lambda c: c.text, 60),
)
CASE_LIST = CASE_COLUMNS[:4]

BRAND_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("品牌名称", lambda b: b.name, 20),
    TableColumn("创建党组织", lambda b: b.organization.name, 24),
    TableColumn("品牌类型", lambda b: b.get_kind_display(), 10),
    TableColumn("品牌口号", lambda b: b.slogan, 30),
    TableColumn("评价组织", lambda b: b.evaluator.name, 24),
    TableColumn("评价结果", lambda b: b.get_status_display(), 10),
    TableColumn("登记日期", lambda b: b.registered_on, 12),
    TableColumn("评价日期", lambda b: b.evaluated_on, 12),
    TableColumn("评价意见", lambda b: b.evaluation_note, 40),
    TableColumn("品牌内涵和创建做法", lambda b: b.description, 60),
)
BRAND_LIST = BRAND_COLUMNS[:8]

PROJECT_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("项目名称", lambda p: p.title, 24),
    TableColumn("党建品牌", lambda p: p.brand.name, 20),
    TableColumn("创建党组织", lambda p: p.brand.organization.name, 24),
    TableColumn("年度", lambda p: p.year, 8),
    TableColumn("进展更新日期", lambda p: p.progress_on, 12),
    TableColumn("目标", lambda p: p.goal, 50),
    TableColumn("进展", lambda p: p.progress, 50),
    TableColumn("成效", lambda p: p.results, 50),
)
PROJECT_LIST = PROJECT_COLUMNS[:5]

REVIEW_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("党建品牌", lambda r: r.brand.name, 20),
    TableColumn("创建党组织", lambda r: r.brand.organization.name, 24),
    TableColumn("年度", lambda r: r.year, 8),
    TableColumn("本年度认定", lambda r: "认定" if r.recognised else "不予认定", 10),
    TableColumn("评价日期", lambda r: r.reviewed_on, 12),
    TableColumn("评价意见", lambda r: r.note, 50),
)
