"""FEE-01…08 and FEE-10 through the dues and member services, judged by the live refresh and ``recompute`` at fixed
moments: the member record against the category, a corrected 入党日期, and the turn of the year."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from zhibu.dues import amounts
from zhibu.dues import services as dues
from zhibu.members import services as member_services
from zhibu.members.choices import Category, JobPosition
from zhibu.standards import services as standards
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, make_member

pytestmark = pytest.mark.usefixtures("live_verdicts")
ZONE = timezone.get_current_timezone()


def at(*parts):
    return time_machine.travel(datetime.datetime(*parts, tzinfo=ZONE), tick=False)


def verdict(org, rule_id):
    return Verdict.objects.get(organization=org, rule_id=rule_id, period_key="now")


def pay(actor, member, month, paid_on, key, **extra):
    return dues.record_payment(
        actor=actor, member=member, month=month, method="cash", key=f"{key}-{month:%Y%m}", paid_on=paid_on, **extra
    )


def test_the_turn_of_the_year_leaves_the_year_to_be_assessed_in_progress_and_keeps_last_years_arrears(tree, personas):
    admin = personas["党委管理员A"]
    with at(2026, 12, 20, 10):
        on_time = make_member(tree.a2, name="按时缴纳", joined_on=datetime.date(2010, 7, 1))
        behind = make_member(tree.a2, name="半年未缴", joined_on=datetime.date(2010, 7, 1))
        for member in (on_time, behind):
            dues.set_assessment(actor=admin, member=member, year=2026, category="salaried", base="5400")
        for month in range(1, 13):
            first = datetime.date(2026, month, 1)
            pay(admin, on_time, first, first.replace(day=10), "on-time")
            if month <= 6:
                pay(admin, behind, first, first.replace(day=10), "behind")
        pay(
            admin,
            on_time,
            datetime.date(2026, 12, 1),
            datetime.date(2026, 12, 18),
            "gift",
            amount="1200",
            voluntary=True,
        )
        assert verdict(tree.a2, "FEE-05").status == VerdictStatus.MET
    with at(2027, 1, 1, 0, 30):
        standards.recompute(actor=SETUP, year=2027)
        assessed = verdict(tree.a2, "FEE-05")
        assert assessed.status == VerdictStatus.IN_PROGRESS
        assert assessed.explanation == "尚未核定2027年党费：半年未缴、按时缴纳；年初核定期至2027年3月31日，还有90天"
        # Last year's assessments stand meanwhile: the December arrears and the unremitted gift do not vanish.
        arrears = verdict(tree.a2, "FEE-07")
        assert arrears.status == VerdictStatus.MISSED and "半年未缴（6个月）" in arrears.explanation
        assert verdict(tree.a2, "FEE-08").status == VerdictStatus.MISSED
        amounts_ok = verdict(tree.a2, "FEE-01")
        assert amounts_ok.status == VerdictStatus.MET and amounts_ok.explanation.startswith("在职、年薪制党员")
    with at(2027, 3, 31, 23, 30):
        standards.recompute(actor=SETUP, year=2027)
        assert verdict(tree.a2, "FEE-05").explanation.endswith("年初核定期至2027年3月31日，还有1天")
    with at(2027, 4, 1, 0, 30):
        standards.recompute(actor=SETUP, year=2027)
        assert verdict(tree.a2, "FEE-05").status == VerdictStatus.MISSED
        assert verdict(tree.a2, "FEE-01").status == VerdictStatus.NOT_APPLICABLE  # last year's no longer stand
        for member in (on_time, behind):
            dues.set_assessment(actor=admin, member=member, year=2027, category="salaried", base="5400")
        assert verdict(tree.a2, "FEE-05").status == VerdictStatus.MET


def test_a_start_of_year_period_set_by_the_gongwei_applies_to_its_subtree(tree, personas):
    with at(2026, 12, 20, 10):
        make_member(tree.a2, name="未核定", joined_on=datetime.date(2010, 7, 1))
        standards.save_override(
            actor=personas["工委管理员"],
            organization=tree.gongwei,
            rule_id="FEE-05",
            key="grace_months",
            value_text="1",
            reason="工委〔2026〕8号",
        )
    with at(2027, 1, 31, 23, 30):
        standards.recompute(actor=SETUP, year=2027)
        last_day = verdict(tree.a2, "FEE-05")
        assert (
            last_day.status == VerdictStatus.IN_PROGRESS
            and "年初核定期至2027年1月31日，还有1天" in last_day.explanation
        )
    with at(2027, 2, 1, 0, 30):
        standards.recompute(actor=SETUP, year=2027)
        assert verdict(tree.a2, "FEE-05").status == VerdictStatus.MISSED


def test_the_category_must_fit_the_member_record_and_follows_its_changes(tree, personas):
    admin = personas["党委管理员A"]
    with at(2026, 11, 16, 10):
        student = make_member(tree.a2, name="在读研究生", job_position=JobPosition.STUDENT)
        serving = make_member(tree.a2, name="在职干部")
        later_retired = make_member(tree.a2, name="新近退休")
        dues.set_assessment(actor=admin, member=student, year=2026, category="salaried", base="5400")
        dues.set_assessment(actor=admin, member=serving, year=2026, category="retired", base="4000")
        dues.set_assessment(actor=admin, member=later_retired, year=2026, category="salaried", base="6000")
        fee03 = verdict(tree.a2, "FEE-03")
        assert fee03.status == VerdictStatus.MISSED
        assert fee03.explanation == "核定与规定标准不符：在读研究生（党员信息为学生，却按“在职”核定）"
        fee01 = verdict(tree.a2, "FEE-01")
        assert fee01.explanation == "核定与规定标准不符：在职干部（党员信息为在职，却按“离退休”核定）"
        assert (
            verdict(tree.a2, "FEE-02").status == VerdictStatus.MET
        )  # 4000 yuan of pension at 0.5%: the amount is right
        member_services.update_member(
            actor=admin, member=later_retired, job_position=JobPosition.RETIRED, is_retired=True
        )
        fee02 = verdict(tree.a2, "FEE-02")
        assert (
            fee02.status == VerdictStatus.MISSED and "新近退休（党员信息为离退休，却按“在职”核定）" in fee02.explanation
        )
        dues.set_assessment(actor=admin, member=student, year=2026, category="low_income")
        dues.set_assessment(actor=admin, member=serving, year=2026, category="salaried", base="5400")
        dues.set_assessment(actor=admin, member=later_retired, year=2026, category="retired", base="6000")
        assert {verdict(tree.a2, rule).status for rule in ("FEE-01", "FEE-02", "FEE-03")} == {VerdictStatus.MET}


def test_an_amount_assessed_before_the_brackets_changed_is_missed(tree, personas, monkeypatch):
    with at(2026, 11, 16, 10):
        member = make_member(tree.a2, name="旧标准核定")
        dues.set_assessment(actor=personas["党委管理员A"], member=member, year=2026, category="salaried", base="5400")
        assert verdict(tree.a2, "FEE-01").status == VerdictStatus.MET
        new_brackets = ((amounts.SALARIED_BRACKETS[0]), (amounts.SALARIED_BRACKETS[1]), (None, amounts.Decimal("0.02")))
        monkeypatch.setattr(amounts, "SALARIED_BRACKETS", new_brackets)
        standards.recompute(actor=SETUP, year=2026)
        changed = verdict(tree.a2, "FEE-01")
        assert changed.status == VerdictStatus.MISSED
        assert changed.explanation == "核定与规定标准不符：旧标准核定（基数5400.00元，核定81.00元，应为108.00元）"


def test_dues_start_again_from_a_corrected_admission_date(tree, personas):
    admin = personas["党委管理员A"]
    with at(2026, 11, 16, 10):
        new = make_member(tree.a2, name="新党员", category=Category.PROBATIONARY, joined_on=datetime.date(2026, 3, 10))
        assessment = dues.set_assessment(actor=admin, member=new, year=2026, category="salaried", base="3000")
        assert assessment.starts_on == datetime.date(2026, 3, 10)
        assert verdict(tree.a2, "FEE-04").status == VerdictStatus.MET
        member_services.update_member(actor=admin, member=new, joined_on=datetime.date(2026, 5, 20))
        fee04 = verdict(tree.a2, "FEE-04")
        assert fee04.status == VerdictStatus.MISSED
        assert fee04.explanation == (
            "起缴日期与入党日期不符，请重新核定：新党员（起缴日期2026年3月10日早于入党日期2026年5月20日）"
        )
        new.refresh_from_db()
        dues.set_assessment(actor=admin, member=new, year=2026, category="salaried", base="3000")
        assert verdict(tree.a2, "FEE-04").status == VerdictStatus.MET
