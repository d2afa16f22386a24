from zhibu.core.masking import mask_id_number, mask_phone
from zhibu.core.tables import TableColumn
from zhibu.recruitment.catalogue import catalogue


def _last_step(recruit) -> str:
    steps = sorted(recruit.steps.all(), key=lambda step: (step.happened_on, step.pk))
    if not steps:
        return ""
    last = steps[-1]
    return f"{catalogue().step(last.code).name}（{last.happened_on.year}年{last.happened_on.month}月{last.happened_on.day}日）"


def _applied_on(recruit):
    return next((step.happened_on for step in recruit.steps.all() if step.code == "application"), None)


RECRUIT_COLUMNS = (
    TableColumn("姓名", lambda r: r.name, 10),
    TableColumn("性别", lambda r: r.get_gender_display(), 6),
    TableColumn("公民身份号码", lambda r: mask_id_number(r.id_number), 22),
    TableColumn("出生日期", lambda r: r.birth_date, 12),
    TableColumn("学历", lambda r: r.get_education_display(), 12),
    TableColumn("所在党支部", lambda r: r.organization.name, 28),
    TableColumn("当前阶段", lambda r: r.get_stage_display(), 12),
    TableColumn("递交申请日期", _applied_on, 12),
    TableColumn("最近步骤", _last_step, 30),
    TableColumn("工作单位", lambda r: r.employer, 20),
    TableColumn("手机号码", lambda r: mask_phone(r.mobile), 14),
)
LIST_HEADERS = ("姓名", "性别", "所在党支部", "当前阶段", "递交申请日期", "最近步骤")
LIST_COLUMNS = tuple(column for column in RECRUIT_COLUMNS if column.header in LIST_HEADERS)
