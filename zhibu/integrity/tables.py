from django.utils import timezone

from zhibu.core.tables import TableColumn
from zhibu.integrity.models import RiskPoint


def _overdue(risk: RiskPoint) -> str:
    return "逾期" if risk.review_overdue(timezone.localdate()) else ""


RISK_COLUMNS = (
    TableColumn("岗位", lambda r: r.post, 16),
    TableColumn("业务流程", lambda r: r.process, 16),
    TableColumn("风险点", lambda r: r.description, 40),
    TableColumn("风险等级", lambda r: r.get_level_display(), 8),
    TableColumn("防控措施", lambda r: r.controls, 40),
    TableColumn("责任人", lambda r: r.owner, 10),
    TableColumn("党组织", lambda r: r.organization.name, 20),
    TableColumn("复查周期（月）", lambda r: r.review_interval_months, 8),
    TableColumn("上次复查", lambda r: r.last_reviewed_on, 12),
    TableColumn("下次复查", lambda r: r.next_review_on, 12),
    TableColumn("逾期", _overdue, 6),
)
RISK_LIST_COLUMNS = tuple(
    c for c in RISK_COLUMNS if c.header in ("岗位", "风险点", "风险等级", "责任人", "下次复查", "逾期")
)

REVIEW_COLUMNS = (
    TableColumn("复查日期", lambda r: r.reviewed_on, 12),
    TableColumn("岗位", lambda r: r.risk.post, 16),
    TableColumn("风险点", lambda r: r.risk.description, 40),
    TableColumn("党组织", lambda r: r.risk.organization.name, 20),
    TableColumn("复查人", lambda r: r.reviewer, 10),
    TableColumn("复查情况", lambda r: r.finding, 40),
    TableColumn("复查后风险等级", lambda r: r.get_level_display(), 10),
)

DISCIPLINE_COLUMNS = (
    TableColumn("日期", lambda d: d.happened_on, 12),
    TableColumn("对象", lambda d: d.member.name, 12),
    TableColumn("方式", lambda d: d.get_kind_display(), 10),
    TableColumn("党组织", lambda d: d.organization.name, 20),
    TableColumn("事由", lambda d: d.reason, 40),
    TableColumn("结果", lambda d: d.outcome, 40),
)
DISCIPLINE_LIST_COLUMNS = DISCIPLINE_COLUMNS[:4]
