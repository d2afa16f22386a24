from django.utils import timezone

from zhibu.core.tables import TableColumn
from zhibu.worklog import due
from zhibu.worklog.sources import source_of


def _standing(task) -> str:
    return due.standing(task, timezone.localdate()).label


def _source(task) -> str:
    found = source_of(task)
    return f"{found[0].label}：{found[1]}" if found else ""


TASK_COLUMNS = (
    TableColumn("工作要点", lambda t: str(t.point.section.plan), 24),
    TableColumn("条目", lambda t: f"第{t.point.number}条", 8),
    TableColumn("任务及成果", lambda t: t.deliverable, 40),
    TableColumn("责任单位", lambda t: t.owner.name, 24),
    TableColumn("责任领导", lambda t: t.leader, 10),
    TableColumn("完成时限", lambda t: t.deadline, 12),
    TableColumn("权重", lambda t: t.weight, 6),
    TableColumn("状态", lambda t: t.get_status_display(), 10),
    TableColumn("最新进度（%）", lambda t: t.percent, 10),
    TableColumn("到期提示", _standing, 16),
    TableColumn("退回次数", lambda t: t.returned_count, 8),
    TableColumn("销号日期", lambda t: t.closed_on, 12),
    TableColumn("逾期上报至", lambda t: str(t.escalated_to or ""), 20),
    TableColumn("上报日期", lambda t: t.escalated_on, 12),
    TableColumn("上级任务", lambda t: t.parent.deliverable if t.parent else "", 30),
    TableColumn("来源", _source, 30),
)
LIST_HEADERS = ("任务及成果", "责任单位", "完成时限", "状态", "最新进度（%）", "到期提示")
LIST_COLUMNS = tuple(column for column in TASK_COLUMNS if column.header in LIST_HEADERS)

PLAN_COLUMNS = (
    TableColumn("年度", lambda p: p.year, 8),
    TableColumn("标题", lambda p: p.title, 36),
    TableColumn("印发组织", lambda p: p.issuer.name, 24),
    TableColumn("印发日期", lambda p: p.issued_on, 12),
    TableColumn("任务数", lambda p: p.task_count, 8),
    TableColumn("已销号", lambda p: p.closed_count, 8),
)
