"""The rectification list's columns, shared by the page and its Excel export."""

from django.utils import timezone

from zhibu.core.tables import TableColumn


def overdue_days(item) -> int:
    today = timezone.localdate()
    return (today - item.deadline).days if item.is_overdue(today) else 0


ITEM_COLUMNS = (
    TableColumn("整改组织", lambda i: i.organization.name, 30),
    TableColumn("督查", lambda i: i.finding.plan.title, 24),
    TableColumn("发现的问题", lambda i: i.finding.description, 40),
    TableColumn("涉及规则", lambda i: i.finding.rule_id, 10),
    TableColumn("整改要求", lambda i: i.task, 40),
    TableColumn("责任人", lambda i: i.owner.name, 10),
    TableColumn("整改时限", lambda i: i.deadline, 12),
    TableColumn("状态", lambda i: i.get_status_display(), 8),
    TableColumn("逾期天数", overdue_days, 8),
    TableColumn("已上报至", lambda i: str(i.escalated_to or ""), 24),
    TableColumn(
        "报告时间", lambda i: timezone.localtime(i.reported_at).replace(tzinfo=None) if i.reported_at else None, 18
    ),
    TableColumn("验收人", lambda i: str(i.reviewed_by or ""), 12),
)
