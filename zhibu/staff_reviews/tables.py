from zhibu.core.tables import TableColumn


def _indicators(subject):
    return "；".join(f"{row['label']}：{row['value'] or '—'}（{row['detail']}）" for row in subject.indicators)


ROUND_COLUMNS = (
    TableColumn("名称", lambda r: r.title, 36),
    TableColumn("年度", lambda r: r.year, 8),
    TableColumn("组织单位", lambda r: r.organization.name, 24),
    TableColumn("进度", lambda r: r.get_status_display(), 10),
    TableColumn("权重（记录指标/评议）", lambda r: f"{r.weight_indicators}%/{r.weight_ratings}%", 18),
    TableColumn(
        "评议权重（上级/同级/下级）",
        lambda r: f"{r.weight_superior}%/{r.weight_peer}%/{r.weight_subordinate}%",
        20,
    ),
    TableColumn(
        "等次分数线（优秀/称职/基本称职）", lambda r: f"{r.band_excellent}/{r.band_competent}/{r.band_basic}", 24
    ),
)

SUBJECT_COLUMNS = (
    TableColumn("考核对象", lambda s: s.member.name, 12),
    TableColumn("任职党组织", lambda s: s.organization.name, 24),
    TableColumn("岗位", lambda s: s.role, 10),
    TableColumn("党务工作者考核", lambda s: s.round.title, 30),
    TableColumn("综合得分", lambda s: s.score if s.grade else "", 10),
    TableColumn("考核等次", lambda s: s.get_grade_display(), 10),
    TableColumn("记录指标（评定时）", _indicators, 60),
    TableColumn("计算过程", lambda s: (s.arithmetic or {}).get("formula", ""), 50),
)
SUBJECT_LIST = tuple(c for c in SUBJECT_COLUMNS if c.header not in ("记录指标（评定时）", "计算过程"))
