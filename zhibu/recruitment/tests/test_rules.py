"""Every rule of the path at its edges, through the services: what is accepted, what is refused and with which
message, and what needs a 情况说明."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from zhibu.members.choices import Category
from zhibu.recruitment import services
from zhibu.recruitment.models import RecruitStep, Stage
from zhibu.recruitment.tests.paths import (
    CLOCK,
    full_members,
    general_meeting_vote,
    new_recruit,
    walk,
    walk_before,
)
from zhibu.testing import SETUP, make_member

pytestmark = pytest.mark.clock(CLOCK)
D = datetime.date


def messages(error: ValidationError) -> list[str]:
    return [message for messages in error.message_dict.values() for message in messages]


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return "\n".join(messages(caught.value) if hasattr(caught.value, "error_dict") else caught.value.messages)


def test_applicant_under_18_on_the_application_date_is_refused(tree):
    text = refused(new_recruit, tree.a1, applied_on=D(2023, 5, 19), birth=D(2005, 5, 20))
    assert "申请入党须年满18岁：出生于2005年5月20日，至2023年5月19日未满18岁（DEV-01）" in text
    assert new_recruit(tree.a1, applied_on=D(2023, 5, 20), birth=D(2005, 5, 20)).stage == Stage.APPLICANT


def test_talk_within_one_month_means_the_same_day_next_month(tree):
    voters = full_members(tree.a1, 1)
    on_time = new_recruit(tree.a1, applied_on=D(2023, 3, 1))
    services.record_step(
        actor=SETUP, recruit=on_time, code="application_talk", happened_on=D(2023, 4, 1), people={"talker": voters}
    )
    late = new_recruit(tree.a1, applied_on=D(2023, 3, 1))
    text = refused(
        services.record_step,
        actor=SETUP,
        recruit=late,
        code="application_talk",
        happened_on=D(2023, 4, 2),
        people={"talker": voters},
    )
    assert (
        "收到入党申请书后1个月内应派人谈话：2023年3月1日递交入党申请书，至2023年4月2日已1个月1天，超过1个月（DEV-02）"
        in text
    )


def test_candidate_after_exactly_one_year_passes_and_one_day_short_is_refused(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "mentors")
    text = refused(services.record_step, actor=SETUP, recruit=recruit, code="candidate", happened_on=D(2024, 8, 31))
    assert (
        "确定为发展对象须经1年以上培养考察：2023年9月1日确定为入党积极分子，至2024年8月31日仅11个月30天（DEV-07）"
        in text
    )
    services.record_step(actor=SETUP, recruit=recruit, code="candidate", happened_on=D(2024, 9, 1))
    recruit.refresh_from_db()
    assert recruit.stage == Stage.CANDIDATE


def test_the_issue_example_message(tree):
    recruit = new_recruit(tree.a1, applied_on=D(2024, 8, 1))
    walk_before(tree, recruit, "application_talk")
    services.record_step(
        actor=SETUP,
        recruit=recruit,
        code="application_talk",
        happened_on=D(2024, 8, 10),
        people={"talker": full_members(tree.a1, 1)},
    )
    services.record_step(
        actor=SETUP, recruit=recruit, code="activist", happened_on=D(2025, 3, 1), explanation="经支委会研究，情况特殊"
    )
    services.record_step(
        actor=SETUP, recruit=recruit, code="activist_filed", happened_on=D(2025, 3, 2), acting_organization=tree.a
    )
    services.record_step(
        actor=SETUP,
        recruit=recruit,
        code="mentors",
        happened_on=D(2025, 3, 2),
        people={"mentor": full_members(tree.a1, 1)},
    )
    text = refused(services.record_step, actor=SETUP, recruit=recruit, code="candidate", happened_on=D(2025, 9, 1))
    assert "确定为发展对象须经1年以上培养考察：2025年3月1日确定为入党积极分子，至2025年9月1日仅6个月（DEV-07）" in text


def test_a_soft_rule_needs_a_situation_note_and_keeps_it(tree):
    recruit = new_recruit(tree.a1, applied_on=D(2023, 3, 1))
    walk(tree, recruit, "application_talk")
    text = refused(services.record_step, actor=SETUP, recruit=recruit, code="activist", happened_on=D(2023, 8, 31))
    assert (
        "递交入党申请书半年以上方可确定为入党积极分子：2023年3月1日递交入党申请书，至2023年8月31日仅5个月30天（DEV-03）"
        in text
    )
    assert "如确有特殊情况，请填写情况说明后保存" in text
    assert not RecruitStep.objects.filter(recruit=recruit, code="activist").exists()
    step = services.record_step(
        actor=SETUP,
        recruit=recruit,
        code="activist",
        happened_on=D(2023, 8, 31),
        explanation="群团组织推优，支委会研究同意",
    )
    assert step.explained_rules == ["DEV-03"] and step.explanation == "群团组织推优，支委会研究同意"


def test_order_a_candidate_before_the_activist_is_refused(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "application_talk")
    text = refused(services.record_step, actor=SETUP, recruit=recruit, code="candidate", happened_on=D(2024, 9, 1))
    assert "“确定发展对象”须在“上级党委备案”之后办理" in text and "（DEV-04）" in text
    assert "“确定发展对象”须在“指定培养联系人”之后办理" in text and "（DEV-05）" in text


def test_a_step_cannot_be_recorded_twice_or_dated_before_the_path(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "activist")
    text = refused(services.record_step, actor=SETUP, recruit=recruit, code="activist", happened_on=D(2023, 9, 2))
    assert "“推荐和确定入党积极分子”已于2023年9月1日登记，只能办理一次" in text
    text = refused(
        services.record_step,
        actor=SETUP,
        recruit=recruit,
        code="activist_filed",
        happened_on=D(2023, 8, 1),
        acting_organization=tree.a,
    )
    assert "须在“推荐和确定入党积极分子”之后办理" in text


def test_filing_and_approval_only_with_a_committee_above_the_branch(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "activist")
    for wrong in (tree.a1, tree.b):
        text = refused(
            services.record_step,
            actor=SETUP,
            recruit=recruit,
            code="activist_filed",
            happened_on=D(2023, 9, 5),
            acting_organization=wrong,
        )
        assert "“上级党委备案”只能由党支部的上级党委（机关党委、党组或工委）办理" in text and "（DEV-04）" in text


def test_approval_by_a_general_branch_is_refused(tree):
    recruit = new_recruit(tree.a3a)
    walk(tree, recruit, "higher_talk")
    text = refused(
        services.record_step,
        actor=SETUP,
        recruit=recruit,
        code="admission_approval",
        happened_on=D(2024, 12, 20),
        acting_organization=tree.a3,
    )
    assert "“党总支A3”是党总支，没有这项权限（DEV-17）" in text


def test_mentors_one_or_two_full_members(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "activist_filed")
    three = full_members(tree.a1, 3)
    text = refused(
        services.record_step,
        actor=SETUP,
        recruit=recruit,
        code="mentors",
        happened_on=D(2023, 9, 5),
        people={"mentor": three},
    )
    assert "培养联系人应为1至2名，现填写3名（DEV-05）" in text
    services.record_step(
        actor=SETUP, recruit=recruit, code="mentors", happened_on=D(2023, 9, 5), people={"mentor": three[:2]}
    )


def test_sponsors_must_be_two_full_members_on_the_day(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "candidate_filed")
    full = make_member(tree.a1, name="正式党员乙", joined_on=D(2010, 7, 1))
    probationary = make_member(
        tree.a1, name="预备党员丙", category=Category.PROBATIONARY, joined_on=D(2024, 3, 1), full_member_on=None
    )
    text = refused(
        services.record_step,
        actor=SETUP,
        recruit=recruit,
        code="sponsors",
        happened_on=D(2024, 9, 5),
        people={"sponsor": [full, probationary]},
    )
    assert "预备党员丙在2024年9月5日不是正式党员，不能担任入党介绍人（DEV-09）" in text
    text = refused(
        services.record_step,
        actor=SETUP,
        recruit=recruit,
        code="sponsors",
        happened_on=D(2024, 9, 5),
        people={"sponsor": [full]},
    )
    assert "入党介绍人应为2名，现填写1名（DEV-09）" in text


def test_training_three_days_or_24_hours(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "vetting")
    text = refused(
        services.record_step,
        actor=SETUP,
        recruit=recruit,
        code="training",
        happened_on=D(2024, 9, 20),
        acting_organization=tree.a,
        training_days=2,
        training_hours=20,
    )
    assert "集中培训不少于3天或24学时：现为2天、20学时（DEV-11）" in text
    services.record_step(
        actor=SETUP,
        recruit=recruit,
        code="training",
        happened_on=D(2024, 9, 20),
        acting_organization=tree.a,
        training_days=2,
        training_hours=24,
    )


def test_failed_vetting_blocks_the_committee_review(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "vetting", vetting_passed=False, vetting_conclusion="存在不宜发展的情况")
    walk_rest = [("training", D(2024, 9, 20))]
    for code, day in walk_rest:
        services.record_step(
            actor=SETUP, recruit=recruit, code=code, happened_on=day, acting_organization=tree.a, training_days=3
        )
    text = refused(
        services.record_step, actor=SETUP, recruit=recruit, code="committee_review", happened_on=D(2024, 10, 8)
    )
    assert "2024年9月10日的政治审查结论为不合格，不能发展（DEV-10）" in text


def test_the_application_form_only_after_the_pre_review(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "committee_review")
    text = refused(services.record_step, actor=SETUP, recruit=recruit, code="form_filled", happened_on=D(2024, 10, 12))
    assert "“填写入党志愿书”须在“上级党委预审”之后办理" in text and "（DEV-12）" in text


def test_leaving_the_unit_within_three_months_warns(tree):
    recruit = new_recruit(tree.a1, leaves_unit_on=D(2024, 12, 1))
    walk(tree, recruit, "training")
    text = refused(
        services.record_step, actor=SETUP, recruit=recruit, code="committee_review", happened_on=D(2024, 10, 8)
    )
    assert "张晓明预计2024年12月1日离开本单位，距2024年10月8日不足3个月，一般暂缓发展（DEV-13）" in text


def test_publicity_of_fewer_than_five_working_days_warns(tree):
    recruit = new_recruit(tree.a1)
    voters = walk_before(tree, recruit, "publicity")
    services.record_step(actor=SETUP, recruit=recruit, code="publicity", happened_on=D(2024, 10, 14))
    # 2024-10-14 is a Monday: to Friday the 18th 4 working days have passed, to Monday the 21st 5.
    short = general_meeting_vote(tree.a1, D(2024, 10, 18), yes=len(voters))
    text = refused(
        services.record_step,
        actor=SETUP,
        recruit=recruit,
        code="admission_vote",
        happened_on=D(2024, 10, 18),
        vote=short,
    )
    assert "发展对象公示不少于5个工作日：2024年10月14日开始公示，至2024年10月18日仅4个工作日（DEV-14）" in text
    enough = general_meeting_vote(tree.a1, D(2024, 10, 21), yes=len(voters))
    services.record_step(actor=SETUP, recruit=recruit, code="admission_vote", happened_on=D(2024, 10, 21), vote=enough)


def test_the_national_day_holiday_does_not_count_as_publicity(tree):
    recruit = new_recruit(tree.a1)
    voters = walk_before(tree, recruit, "publicity")
    services.record_step(actor=SETUP, recruit=recruit, code="publicity", happened_on=D(2024, 10, 12))
    # 10月12日 (a 调休 Saturday) → 10月17日: only the 14th to the 17th are working days after the 12th.
    vote = general_meeting_vote(tree.a1, D(2024, 10, 17), yes=len(voters))
    text = refused(
        services.record_step,
        actor=SETUP,
        recruit=recruit,
        code="admission_vote",
        happened_on=D(2024, 10, 17),
        vote=vote,
    )
    assert "至2024年10月17日仅4个工作日（DEV-14）" in text


@pytest.mark.clock("2028-06-15T10:00")
def test_publicity_in_a_year_without_a_holiday_plan_asks_for_a_note(tree):
    recruit = new_recruit(tree.a1)
    voters = walk_before(tree, recruit, "publicity")
    services.record_step(actor=SETUP, recruit=recruit, code="publicity", happened_on=D(2027, 10, 14))
    vote = general_meeting_vote(tree.a1, D(2027, 10, 25), yes=len(voters))
    arguments = {"actor": SETUP, "recruit": recruit, "code": "admission_vote", "happened_on": D(2027, 10, 25)}
    text = refused(services.record_step, **arguments, vote=vote)
    assert "2027年的法定节假日和调休安排尚未维护" in text and "（DEV-14）" in text
    step = services.record_step(**arguments, vote=vote, explanation="公示期按自然日计10天，已报党委同意")
    assert step.explained_rules == ["DEV-14"]
