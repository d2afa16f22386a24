"""Votes, approvals, probation and what admission and full membership change in the member record."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from zhibu.core.audit_models import AuditEvent
from zhibu.members.choices import Category, EventKind
from zhibu.members.models import MemberEvent
from zhibu.recruitment import services
from zhibu.recruitment.models import Recruit, RecruitStep, Stage
from zhibu.recruitment.tests.paths import CLOCK, full_members, general_meeting_vote, new_recruit, walk, walk_before
from zhibu.testing import SETUP

pytestmark = pytest.mark.clock(CLOCK)
D = datetime.date


def refused(call, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    error = caught.value
    return (
        "\n".join(m for ms in error.message_dict.values() for m in ms)
        if hasattr(error, "error_dict")
        else "\n".join(error.messages)
    )


def admission_vote(tree, recruit, voters, day, **tally):
    vote = general_meeting_vote(tree.a1, day, **tally)
    return {"actor": SETUP, "recruit": recruit, "code": "admission_vote", "happened_on": day, "vote": vote}


def test_too_few_yes_against_those_who_should_attend_is_refused_and_recorded_as_not_passed(tree):
    recruit = new_recruit(tree.a1)
    voters = walk_before(tree, recruit, "admission_vote", voters=full_members(tree.a1, 8))
    # 8 with voting rights, 5 present: quorum met; 4 yes is not more than half of 8.
    arguments = admission_vote(tree, recruit, voters, D(2024, 10, 25), yes=4, no=1, present=5)
    text = refused(services.record_step, **arguments)
    assert "表决未通过：赞成4票、书面赞成0份，共4，未超过应到会有表决权正式党员8人的半数（DEV-15）" in text
    assert "请登记为“支部大会表决未通过”" in text
    outcome = services.record_step(**{**arguments, "code": "admission_not_passed"})
    assert outcome.vote.pk == arguments["vote"].pk
    recruit.refresh_from_db()
    assert recruit.stage == Stage.CANDIDATE


def test_written_votes_of_absent_full_members_count(tree):
    recruit = new_recruit(tree.a1)
    voters = walk_before(tree, recruit, "admission_vote", voters=full_members(tree.a1, 8))
    arguments = admission_vote(tree, recruit, voters, D(2024, 10, 25), yes=4, no=1, present=5)
    too_many = refused(services.record_step, **arguments, written_yes=4)
    assert "书面赞成意见4份，超过未到会的有表决权党员人数3人" in too_many
    step = services.record_step(**arguments, written_yes=1)
    assert step.written_yes == 1


def test_a_vote_without_quorum_or_of_another_meeting_is_refused(tree):
    recruit = new_recruit(tree.a1)
    voters = walk_before(tree, recruit, "admission_vote", voters=full_members(tree.a1, 8))
    arguments = admission_vote(tree, recruit, voters, D(2024, 10, 25), yes=4, present=4)
    assert "该表决无效：应到有表决权党员8人，实到4人，未超过半数，表决无效（DEV-15）" in refused(
        services.record_step, **arguments
    )
    full_members(tree.a2, 3)
    elsewhere = general_meeting_vote(tree.a2, D(2024, 10, 25), yes=3)
    assert "表决须是“支部A1”已召开的党员大会上的表决" in refused(
        services.record_step, **{**arguments, "vote": elsewhere}
    )


def test_no_new_admission_vote_within_six_months_of_a_failed_one(tree):
    recruit = new_recruit(tree.a1)
    voters = walk_before(tree, recruit, "admission_vote", voters=full_members(tree.a1, 8))
    services.record_step(
        **{**admission_vote(tree, recruit, voters, D(2024, 10, 25), yes=3, present=8), "code": "admission_not_passed"}
    )
    early = admission_vote(tree, recruit, voters, D(2025, 4, 24), yes=8)
    assert "2024年10月25日支部大会表决未通过，至2025年4月24日仅5个月30天（DEV-15）" in refused(
        services.record_step, **early
    )
    again = {**admission_vote(tree, recruit, voters, D(2025, 4, 23), yes=3, present=8), "code": "admission_not_passed"}
    assert "至2025年4月23日仅5个月29天（DEV-15）" in refused(services.record_step, **again)
    services.record_step(**admission_vote(tree, recruit, voters, D(2025, 4, 25), yes=8))


@pytest.mark.parametrize(
    ("approved_on", "needs_note", "refused_with"),
    [
        (D(2025, 1, 25), False, ""),  # 3 months to the day
        (D(2025, 2, 25), True, ""),  # 4 months: only with a 情况说明
        (
            D(2025, 4, 26),
            False,
            "上级党委审批最长不得超过支部大会决议后6个月：2024年10月25日支部大会讨论接收为预备党员，"
            "至2025年4月26日已6个月1天，超过6个月（DEV-17）",
        ),
    ],
    ids=["three_months", "four_months_with_note", "six_months_and_a_day"],
)
def test_admission_approval_limits(tree, approved_on, needs_note, refused_with):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "higher_talk")
    arguments = {
        "actor": SETUP,
        "recruit": recruit,
        "code": "admission_approval",
        "happened_on": approved_on,
        "acting_organization": tree.a,
    }
    if refused_with:
        text = refused(services.record_step, **arguments, explanation="党委会议延期召开，特此说明")
        assert refused_with in text
        assert "3个月内审批" not in text  # the hard limit speaks for itself
        return
    if needs_note:
        text = refused(services.record_step, **arguments)
        assert (
            "上级党委应在支部大会决议后3个月内审批：2024年10月25日支部大会讨论接收为预备党员，至2025年2月25日已4个月，超过3个月（DEV-17）"
            in text
        )
        arguments["explanation"] = "党委会议因换届延期召开"
    step = services.record_step(**arguments)
    assert step.explained_rules == (["DEV-17"] if needs_note else [])


def test_admission_makes_a_probationary_member_joined_on_the_vote_date(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "admission_approval")
    recruit.refresh_from_db()
    member = recruit.member
    assert recruit.stage == Stage.PROBATIONARY
    assert member.organization == tree.a1 and member.category == Category.PROBATIONARY
    assert member.joined_on == D(2024, 10, 25) and member.full_member_on is None
    assert member.id_number == recruit.id_number and member.name == "张晓明"
    assert len(member.sponsors.split("、")) == 2


def test_full_vote_before_the_year_of_probation_is_refused(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "full_application")
    vote = general_meeting_vote(tree.a1, D(2025, 10, 24), yes=5)
    text = refused(
        services.record_step, actor=SETUP, recruit=recruit, code="full_vote", happened_on=D(2025, 10, 24), vote=vote
    )
    assert "预备期至2025年10月25日期满（自支部大会通过接收之日起计算），2025年10月24日尚未期满（DEV-20）" in text


def test_full_membership_dates_from_the_end_of_probation(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "full_approval")
    recruit.refresh_from_db()
    member = recruit.member
    assert recruit.stage == Stage.FULL
    assert member.category == Category.FULL and member.full_member_on == D(2025, 10, 25)
    assert MemberEvent.objects.get(member=member, kind=EventKind.BECOME_FULL).happened_on == D(2025, 10, 25)
    services.record_step(actor=SETUP, recruit=recruit, code="archived", happened_on=D(2025, 12, 10))


def test_full_approval_later_than_three_months_is_refused(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "full_vote")
    text = refused(
        services.record_step,
        actor=SETUP,
        recruit=recruit,
        code="full_approval",
        happened_on=D(2026, 1, 26),
        acting_organization=tree.a,
    )
    assert "至2026年1月26日已3个月1天，超过3个月（DEV-22）" in text


def extension_vote(tree, recruit, day, months):
    vote = general_meeting_vote(tree.a1, day, yes=5)
    return {
        "actor": SETUP,
        "recruit": recruit,
        "code": "extension_vote",
        "happened_on": day,
        "vote": vote,
        "extension_months": months,
    }


def test_extension_of_five_months_refused_six_and_twelve_accepted_and_only_once(tree):
    recruit = new_recruit(tree.a1)
    voters = full_members(tree.a1, 5)
    walk(tree, recruit, "full_application", voters=voters)
    assert "延长预备期应为6至12个月，现为5个月（DEV-21）" in refused(
        services.record_step, **extension_vote(tree, recruit, D(2025, 10, 25), 5)
    )
    assert "现为13个月（DEV-21）" in refused(services.record_step, **extension_vote(tree, recruit, D(2025, 10, 25), 13))
    services.record_step(**extension_vote(tree, recruit, D(2025, 10, 27), 12))
    services.record_step(
        actor=SETUP, recruit=recruit, code="extension_approval", happened_on=D(2025, 11, 20), acting_organization=tree.a
    )
    recruit.refresh_from_db()
    assert recruit.member.probation_extension_months == 12
    again = refused(services.record_step, **extension_vote(tree, recruit, D(2026, 5, 1), 6))
    assert "只能办理一次（DEV-21）" in again
    # Full membership counts from the end of the extended probation (D23): 2024-10-25 + 1 year + 12 months.
    early = general_meeting_vote(tree.a1, D(2026, 5, 1), yes=5)
    assert "预备期至2026年10月25日期满" in refused(
        services.record_step, actor=SETUP, recruit=recruit, code="full_vote", happened_on=D(2026, 5, 1), vote=early
    )


def test_six_months_extension_then_full_membership_from_its_end(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "full_application")
    services.record_step(**extension_vote(tree, recruit, D(2025, 10, 27), 6))
    services.record_step(
        actor=SETUP, recruit=recruit, code="extension_approval", happened_on=D(2025, 11, 20), acting_organization=tree.a
    )
    vote = general_meeting_vote(tree.a1, D(2026, 4, 27), yes=5)
    services.record_step(actor=SETUP, recruit=recruit, code="full_vote", happened_on=D(2026, 4, 27), vote=vote)
    services.record_step(
        actor=SETUP, recruit=recruit, code="full_approval", happened_on=D(2026, 5, 20), acting_organization=tree.a
    )
    recruit.refresh_from_db()
    assert recruit.member.full_member_on == D(2026, 4, 25)


def test_stop_keeps_the_record_and_closes_the_path(tree):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "activist")
    assert "请写明终止培养的原因" in refused(
        services.stop_recruit, actor=SETUP, recruit=recruit, happened_on=D(2024, 1, 5), reason=""
    )
    services.stop_recruit(actor=SETUP, recruit=recruit, happened_on=D(2024, 1, 5), reason="本人申请撤回入党申请")
    recruit.refresh_from_db()
    assert recruit.stage == Stage.STOPPED
    assert "当前为“已终止培养”，不能再登记发展步骤" in refused(
        services.record_step,
        actor=SETUP,
        recruit=recruit,
        code="activist_filed",
        happened_on=D(2024, 1, 6),
        acting_organization=tree.a,
    )


def test_duplicate_person_and_existing_member_are_refused(tree):
    recruit = new_recruit(tree.a1)
    text = refused(new_recruit, branch=tree.a2, id_number=recruit.id_number)
    assert "该公民身份号码已在“支部A1”登记为入党申请人" in text
    assert Recruit.objects.count() == 1


def test_recruit_must_be_in_a_branch(tree):
    assert "是党总支，请选择党支部" in refused(new_recruit, branch=tree.a3)


def test_another_branchs_secretary_cannot_record_or_see(tree, personas):
    recruit = new_recruit(tree.a1)
    stranger = personas["支部书记B1"]
    with pytest.raises((PermissionDenied, Http404)):
        services.record_step(actor=stranger, recruit=recruit, code="application_talk", happened_on=D(2023, 3, 20))
    with pytest.raises((PermissionDenied, Http404)):
        new_recruit(tree.a1, actor=stranger)
    assert not Recruit.objects.visible_to(stranger).exists()
    assert Recruit.objects.visible_to(personas["支部书记A1"]).get() == recruit
    assert not RecruitStep.objects.visible_to(stranger).exists()


def test_each_write_is_one_audit_row_and_a_refusal_writes_nothing(tree):
    recruit = new_recruit(tree.a1)
    before = AuditEvent.objects.count()
    refused(services.record_step, actor=SETUP, recruit=recruit, code="candidate", happened_on=D(2024, 9, 1))
    assert AuditEvent.objects.count() == before and recruit.steps.count() == 1
    services.record_step(
        actor=SETUP,
        recruit=recruit,
        code="application_talk",
        happened_on=D(2023, 3, 20),
        people={"talker": full_members(tree.a1, 1)},
    )
    assert list(AuditEvent.objects.order_by("-id").values_list("event", flat=True)[:1]) == ["recruit.step_recorded"]
