from django.utils import timezone

from zhibu.complaints import due
from zhibu.complaints.models import Complaint, ReviewDecision
from zhibu.core.masking import mask_phone
from zhibu.core.tables import TableColumn


def _overdue(complaint: Complaint) -> str:
    return due.label(complaint, timezone.localdate())


def refusal_state(complaint: Complaint) -> str:
    refusal = getattr(complaint, "refusal", None)  # the reverse one-to-one: select_related("refusal") on lists
    if refusal is None:
        return ""
    if refusal.closed_on is not None:
        return "上级已决定"
    if refusal.escalated_on(timezone.localdate()) is not None:
        return "已报上级"
    if refusal.review_decision == ReviewDecision.RESOLVE:
        return "本级已解决"
    return "待复核"


COMPLAINT_COLUMNS = (
    TableColumn("编号", lambda c: c.pk, 8),
    TableColumn("收到日期", lambda c: c.received_on, 12),
    TableColumn("投诉类别", lambda c: c.kind.name, 12),
    TableColumn("单位", lambda c: str(c.intake_point), 24),
    TableColumn("负责党组织", lambda c: c.organization.name, 24),
    TableColumn("发生地点", lambda c: c.place, 24),
    TableColumn("发生日期", lambda c: c.happened_on, 12),
    TableColumn("投诉内容", lambda c: c.what, 50),
    TableColumn("联系电话", lambda c: mask_phone(c.contact) or "匿名", 14),
    TableColumn("状态", lambda c: c.get_status_display(), 10),
    TableColumn("办理期限", lambda c: c.due_on, 12),
    TableColumn("超期", _overdue, 14),
    TableColumn("说“不”", refusal_state, 10),
    TableColumn("满意度", lambda c: c.get_rating_display(), 10),
)
LIST_HEADERS = ("编号", "收到日期", "投诉类别", "单位", "状态", "办理期限", "超期", "说“不”")
LIST_COLUMNS = tuple(column for column in COMPLAINT_COLUMNS if column.header in LIST_HEADERS)

INTAKE_COLUMNS = (
    TableColumn("单位名称", lambda p: p.unit_name, 24),
    TableColumn("类型", lambda p: p.get_kind_display(), 10),
    TableColumn("窗口或大厅", lambda p: p.name, 20),
    TableColumn("负责党组织", lambda p: p.organization.name, 24),
    TableColumn("启用", lambda p: p.active, 6),
)

RETURN_VISIT_COLUMNS = (
    TableColumn("投诉编号", lambda v: v.complaint_id, 8),
    TableColumn("投诉类别", lambda v: v.complaint.kind.name, 12),
    TableColumn("单位", lambda v: str(v.complaint.intake_point), 24),
    TableColumn("负责党组织", lambda v: v.complaint.organization.name, 24),
    TableColumn("回访日期", lambda v: v.visited_on, 12),
    TableColumn("回访方式", lambda v: v.get_way_display(), 12),
    TableColumn("回访人", lambda v: v.visitor, 10),
    TableColumn("群众意见", lambda v: v.feedback, 40),
    TableColumn("是否满意", lambda v: "满意" if v.satisfied else "不满意", 8),
    TableColumn("后续处理", lambda v: v.get_follow_up_display(), 14),
    TableColumn("处理决定说明", lambda v: v.decision_note, 30),
)
VISIT_LIST_HEADERS = ("投诉编号", "投诉类别", "单位", "回访日期", "回访方式", "回访人", "是否满意", "后续处理")
RETURN_VISIT_LIST_COLUMNS = tuple(column for column in RETURN_VISIT_COLUMNS if column.header in VISIT_LIST_HEADERS)
