from zhibu.core.tables import TableColumn
from zhibu.secretary_reviews import figures

ROUND_COLUMNS = (
    TableColumn("名称", lambda r: r.title, 36),
    TableColumn("年度", lambda r: r.year, 8),
    TableColumn("组织单位", lambda r: r.organization.name, 24),
    TableColumn("进度", lambda r: r.get_status_display(), 10),
    TableColumn(
        "权重（上级/同级/党员代表）", lambda r: f"{r.weight_superior}%/{r.weight_peer}%/{r.weight_member}%", 20
    ),
    TableColumn("等次分数线（好/较好/一般）", lambda r: f"{r.band_good}/{r.band_fairly_good}/{r.band_average}", 20),
)

REPORT_COLUMNS = (
    TableColumn("述职党组织", lambda r: r.organization.name, 24),
    TableColumn("述职书记", lambda r: r.secretary, 12),
    TableColumn("述职评议", lambda r: r.round.title, 30),
    TableColumn("述职日期", lambda r: r.submitted_on, 12),
    TableColumn("综合得分", lambda r: r.score if r.grade else "", 10),
    TableColumn("评议等次", lambda r: r.get_grade_display(), 10),
    TableColumn("年度数据（快照）", lambda r: figures.summary(r.figures), 60),
    TableColumn("点评意见", lambda r: r.critique, 40),
    TableColumn("计算过程", lambda r: (r.arithmetic or {}).get("formula", ""), 50),
)
REPORT_LIST = tuple(c for c in REPORT_COLUMNS if c.header not in ("年度数据（快照）", "点评意见", "计算过程"))
