from zhibu.care.models import CareCase, CareVisit
from zhibu.core.formatting import yuan
from zhibu.core.tables import TableColumn


def _status(case: CareCase) -> str:
    return "已退出" if case.ended_on else "在册"


CASE_COLUMNS = (
    TableColumn("姓名", lambda c: c.member.name, 12),
    TableColumn("所在党组织", lambda c: c.organization.name, 24),
    TableColumn("关怀类别", lambda c: c.get_kind_display(), 14),
    TableColumn("关怀程度", lambda c: c.get_level_display(), 10),
    TableColumn("列入日期", lambda c: c.since, 12),
    TableColumn("情况说明", lambda c: c.reason, 40),
    TableColumn("状态", _status, 8),
    TableColumn("退出日期", lambda c: c.ended_on, 12),
)
CASE_LIST_COLUMNS = tuple(c for c in CASE_COLUMNS if c.header not in ("情况说明", "退出日期"))

VISIT_COLUMNS = (
    TableColumn("日期", lambda v: v.visited_on, 12),
    TableColumn("姓名", lambda v: v.case.member.name, 12),
    TableColumn("所在党组织", lambda v: v.case.organization.name, 24),
    TableColumn("方式", lambda v: v.get_kind_display(), 10),
    TableColumn("走访人", lambda v: v.visitors, 20),
    TableColumn("内容", lambda v: v.note, 40),
    TableColumn("金额", lambda v: yuan(v.amount) if v.amount is not None else "", 12),
)


def visit_total(visits: list[CareVisit]) -> str:
    return yuan(sum((v.amount for v in visits if v.amount is not None), start=0))
