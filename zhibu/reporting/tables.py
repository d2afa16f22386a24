from django.utils import timezone

from zhibu.core.tables import TableColumn
from zhibu.reporting.models import ReportAnswer


def _state(answer: ReportAnswer) -> str:
    label = answer.get_status_display()
    return f"{label}（已逾期）" if answer.overdue(timezone.localdate()) else label


ANSWER_COLUMNS = (
    TableColumn("报送要求", lambda a: a.request.title, 30),
    TableColumn("发文组织", lambda a: a.request.organization.name, 20),
    TableColumn("报送组织", lambda a: a.organization.name, 24),
    TableColumn("报送方式", lambda a: a.request.get_answer_kind_display(), 16),
    TableColumn("截止日期", lambda a: a.request.deadline, 12),
    TableColumn("状态", _state, 14),
    TableColumn("报送时间", lambda a: a.submitted_at.date() if a.submitted_at else None, 12),
    TableColumn("催报次数", lambda a: a.reminders, 8),
    TableColumn("退回原因", lambda a: a.return_reason, 30),
)

REQUEST_COLUMNS = (
    TableColumn("标题", lambda r: r.title, 30),
    TableColumn("发文组织", lambda r: r.organization.name, 20),
    TableColumn("报送方式", lambda r: r.get_answer_kind_display(), 16),
    TableColumn("报送范围", lambda r: r.get_reach_display(), 14),
    TableColumn("截止日期", lambda r: r.deadline, 12),
    TableColumn("接收组织数", lambda r: r.answer_count, 10),
    TableColumn("已报送", lambda r: r.answered_count, 8),
)

BURDEN_COLUMNS = (
    TableColumn("党支部", lambda b: b.organization.name, 28),
    TableColumn("收到报送要求", lambda b: b.received, 12),
    TableColumn("已报送", lambda b: b.answered, 8),
    TableColumn("手工填写项数", lambda b: b.fields_typed, 12),
    TableColumn("可由系统生成", lambda b: b.generatable, 12),
    TableColumn("可生成占比", lambda b: b.generatable_share, 10),
)
