"""Checks on a member record, with messages that name the field and say how to fix it (docs/rules.md MEM-01, MEM-02)."""

import datetime
import re

from django.core.exceptions import ValidationError

from zhibu.members.choices import Category, Gender

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
PROVINCE_CODES = {
    "11",
    "12",
    "13",
    "14",
    "15",
    "21",
    "22",
    "23",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "54",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "81",
    "82",
}
FULL_WIDTH = str.maketrans("０１２３４５６７８９ＸｘＸ", "0123456789XXX")
ID_SHAPE_RE = re.compile(r"^[0-9]{17}[0-9X]$")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalize_id_number(raw: str) -> str:
    """Full-width digits and X, spaces and a lower-case x are normalised; nothing else is changed."""
    return re.sub(r"[\s\u3000]", "", str(raw or "")).translate(FULL_WIDTH).upper()


def id_check_char(first17: str) -> str:
    return ID_CHECK_CHARS[sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def parse_id_number(value: str) -> tuple[datetime.date, str]:
    """Validate a GB 11643 number; return (birth date, gender) encoded in it, or raise with the reason."""
    if len(value) != 18:
        raise ValidationError(f"公民身份号码应为18位，当前为{len(value)}位，请核对")
    # Not str.isdigit(): it accepts superscripts and other scripts' digits, which int() then refuses.
    if not ID_SHAPE_RE.match(value):
        raise ValidationError("公民身份号码前17位应为数字，最后一位为数字或X，请核对")
    if value[:2] not in PROVINCE_CODES:
        raise ValidationError(f"公民身份号码前两位“{value[:2]}”不是有效的省级行政区划代码，请核对")
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(f"公民身份号码第7–14位“{value[6:14]}”不是有效的出生日期，请核对") from None
    expected = id_check_char(value[:17])
    if value[17] != expected:
        raise ValidationError(f"公民身份号码校验位错误（最后一位应为{expected}），请核对号码是否录错")
    gender = Gender.MALE if int(value[16]) % 2 == 1 else Gender.FEMALE
    return birth, gender


def normalize_phone(raw: str) -> str:
    return re.sub(r"[\s\u3000]", "", str(raw or "")).translate(FULL_WIDTH).replace("－", "-").replace("—", "-")


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def expected_full_member_on(joined_on: datetime.date, extension_months: int) -> datetime.date:
    """Probation is one year from admission, plus any recorded extension (docs/rules.md MEM-02, DEV-21)."""
    return add_months(add_years(joined_on, 1), extension_months)


def validate_member_fields(data: dict, today: datetime.date | None = None) -> None:
    """Cross-field checks on a member's data (already type-converted). Raises ValidationError keyed by field."""
    today = today or datetime.date.today()
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    id_number = data.get("id_number") or ""
    birth_date = data.get("birth_date")
    joined_on = data.get("joined_on")
    full_on = data.get("full_member_on")
    category = data.get("category")
    extension = data.get("probation_extension_months") or 0

    if not id_number:
        add("id_number", "请填写公民身份号码")
    else:
        try:
            id_birth, id_gender = parse_id_number(id_number)
        except ValidationError as error:
            add("id_number", error.messages[0])
        else:
            if birth_date and birth_date != id_birth:
                add("birth_date", f"出生日期与公民身份号码不一致（号码中为{id_birth:%Y-%m-%d}），请核对")
            if data.get("gender") and data["gender"] != id_gender:
                add("gender", f"性别与公民身份号码不一致（号码第17位表示{Gender(id_gender).label}），请核对")
    if birth_date and birth_date > today:
        add("birth_date", "出生日期不能晚于今天")
    if joined_on:
        if joined_on > today:
            add("joined_on", "入党日期不能晚于今天")
        elif birth_date and joined_on <= birth_date:
            add("joined_on", "入党日期必须晚于出生日期")
        elif birth_date and joined_on < add_years(birth_date, 18):
            add("joined_on", "入党时须年满18周岁，请核对入党日期或出生日期")
    if extension and not (6 <= extension <= 12):
        add("probation_extension_months", "预备期延长应为6至12个月；未延长请填0")
    if category == Category.FULL:
        if not full_on:
            add("full_member_on", "正式党员须填写转正日期")
        elif joined_on and joined_on <= today and 0 <= extension <= 12:
            # Only from dates already found plausible: year 9999 plus a year is no date at all.
            expected = expected_full_member_on(joined_on, extension)
            if full_on != expected:
                hint = f"（含延长预备期{extension}个月）" if extension else ""
                add("full_member_on", f"转正日期应为入党日期满一年{hint}，即{expected:%Y-%m-%d}，请核对")
    elif category == Category.PROBATIONARY:
        if full_on:
            add("full_member_on", "预备党员不应有转正日期，请清空或将人员类别改为正式党员")
    for field in ("mobile",):
        value = data.get(field)
        if value and not MOBILE_RE.match(value):
            add(field, "手机号码应为11位数字，以1开头，例如13812345678")
    landline = data.get("landline")
    if landline and not LANDLINE_RE.match(landline):
        add("landline", "固定电话格式应为区号-号码，例如0431-88888888")
    if data.get("is_lost_contact"):
        if not data.get("lost_contact_on"):
            add("lost_contact_on", "失联党员须填写失去联系日期")
        if not data.get("lost_contact_reason"):
            add("lost_contact_reason", "失联党员须选择失联原因")
    if data.get("is_mobile_member") and not data.get("mobile_destination"):
        add("mobile_destination", "流动党员须填写外出流向（省、市、县）")
    if errors:
        raise ValidationError(errors)
