from zhibu.core.masking import mask_id_number, mask_phone
from zhibu.core.tables import TableColumn

MEMBER_COLUMNS = (
    TableColumn("姓名", lambda m: m.name, 10),
    TableColumn("性别", lambda m: m.get_gender_display(), 6),
    TableColumn("公民身份号码", lambda m: mask_id_number(m.id_number), 22),
    TableColumn("民族", lambda m: m.ethnicity, 8),
    TableColumn("出生日期", lambda m: m.birth_date, 12),
    TableColumn("学历", lambda m: m.get_education_display(), 12),
    TableColumn("人员类别", lambda m: m.get_category_display(), 10),
    TableColumn("所在党支部", lambda m: m.organization.name, 28),
    TableColumn("入党日期", lambda m: m.joined_on, 12),
    TableColumn("转正日期", lambda m: m.full_member_on, 12),
    TableColumn("工作岗位", lambda m: m.get_job_position_display(), 16),
    TableColumn("手机号码", lambda m: mask_phone(m.mobile), 14),
    TableColumn("党籍状态", lambda m: m.get_party_status_display(), 10),
    TableColumn("失联", lambda m: m.is_lost_contact, 6),
    TableColumn("流动党员", lambda m: m.is_mobile_member, 8),
    TableColumn("在册状态", lambda m: m.get_record_status_display(), 10),
)
# The list page shows a narrower set; the export carries every column.
LIST_HEADERS = (
    "姓名",
    "性别",
    "公民身份号码",
    "人员类别",
    "所在党支部",
    "入党日期",
    "手机号码",
    "党籍状态",
    "在册状态",
)
LIST_COLUMNS = tuple(column for column in MEMBER_COLUMNS if column.header in LIST_HEADERS)
