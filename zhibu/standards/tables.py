"""The columns of a list of verdicts, shared by the pages' exports."""

from zhibu.core.periods import key_label
from zhibu.core.tables import TableColumn
from zhibu.standards.labels import rule_label

VERDICT_COLUMNS = (
    TableColumn("组织", lambda v: v.organization.name, 30),
    TableColumn("规则", lambda v: rule_label(v.rule_id), 40),
    TableColumn("期间", lambda v: key_label(v.period_key), 14),
    TableColumn("结论", lambda v: v.get_status_display(), 8),
    TableColumn("说明", lambda v: v.explanation, 60),
)
