import datetime

import pytest
from django.core.exceptions import ValidationError

from zhibu.members.choices import Category, Gender
from zhibu.members.validation import (
    expected_full_member_on,
    id_check_char,
    normalize_id_number,
    parse_id_number,
    validate_member_fields,
)
from zhibu.testing import member_fields

TODAY = datetime.date(2026, 11, 28)


def errors_of(data) -> dict:
    with pytest.raises(ValidationError) as caught:
        validate_member_fields(data, TODAY)
    return caught.value.message_dict


def test_check_digit_known_values():
    # GB 11643 worked example: 11010519491231002X
    assert id_check_char("11010519491231002") == "X"
    assert parse_id_number("11010519491231002X") == (datetime.date(1949, 12, 31), Gender.FEMALE)


def test_full_width_spaces_and_lower_x_are_normalised():
    assert normalize_id_number(" １１０１０５ 19491231002ｘ ") == "11010519491231002X"
    assert normalize_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("1101051949123100", "应为18位"),
        ("11010519491231002Y", "前17位应为数字"),
        ("99010519491231002X", "省级行政区划代码"),
        ("110105194902300021", "不是有效的出生日期"),
        ("110105194912310021", "校验位错误（最后一位应为X）"),
    ],
)
def test_bad_id_numbers_say_what_is_wrong(number, fragment):
    with pytest.raises(ValidationError) as caught:
        parse_id_number(number)
    assert fragment in caught.value.messages[0]


def test_birth_date_and_sex_must_match_the_id_number():
    data = member_fields(birth_date=datetime.date(1985, 6, 15), gender=Gender.MALE)
    data["birth_date"] = datetime.date(1985, 6, 16)
    data["gender"] = Gender.FEMALE
    errors = errors_of(data)
    assert "与公民身份号码不一致" in errors["birth_date"][0]
    assert "号码第17位表示男" in errors["gender"][0]


def test_joining_before_18_is_refused():
    data = member_fields(birth_date=datetime.date(2000, 3, 1), joined_on=datetime.date(2018, 2, 28))
    assert "年满18周岁" in errors_of(data)["joined_on"][0]


def test_joining_on_the_18th_birthday_is_accepted():
    validate_member_fields(
        member_fields(birth_date=datetime.date(2000, 3, 1), joined_on=datetime.date(2018, 3, 1)), TODAY
    )


def test_full_member_date_is_one_year_after_joining_plus_extension():
    data = member_fields(joined_on=datetime.date(2020, 5, 10))
    data["full_member_on"] = datetime.date(2021, 5, 11)
    assert "2021-05-10" in errors_of(data)["full_member_on"][0]
    data["probation_extension_months"] = 6
    data["full_member_on"] = datetime.date(2021, 11, 10)
    validate_member_fields(data, TODAY)
    assert expected_full_member_on(datetime.date(2020, 2, 29), 0) == datetime.date(2021, 2, 28)


def test_probationary_member_has_no_full_member_date():
    data = member_fields(category=Category.PROBATIONARY, joined_on=datetime.date(2026, 3, 1))
    data["full_member_on"] = datetime.date(2027, 3, 1)
    assert "预备党员不应有转正日期" in errors_of(data)["full_member_on"][0]


def test_full_member_needs_a_full_member_date():
    data = member_fields()
    data["full_member_on"] = None
    assert "须填写转正日期" in errors_of(data)["full_member_on"][0]


@pytest.mark.parametrize("mobile", ["1381234567", "23812345678", "138-1234-5678x"])
def test_bad_mobile_numbers(mobile):
    assert "手机号码应为11位" in errors_of(member_fields(mobile=mobile))["mobile"][0]


def test_extension_must_be_six_to_twelve_months():
    data = member_fields(probation_extension_months=3)
    assert "6至12个月" in errors_of(data)["probation_extension_months"][0]


def test_flags_need_their_details():
    errors = errors_of(member_fields(is_lost_contact=True, is_mobile_member=True))
    assert set(errors) == {"lost_contact_on", "lost_contact_reason", "mobile_destination"}
