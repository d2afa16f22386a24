"""EDU-01 (members ≥ 32 hours a year) and EDU-02 (committee members ≥ 56 hours and a concentrated training), judged
from the records through the live refresh; the verdict names who is short and by how much."""

import datetime

import pytest

from zhibu.standards import services as standards_services
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, make_member, seat_committee
from zhibu.training.tests.helpers import class_with, external

pytestmark = pytest.mark.usefixtures("live_verdicts")
IN_YEAR = pytest.mark.clock("2026-11-16T10:00")
NEXT_YEAR = pytest.mark.clock("2027-01-10T10:00")


def verdict(org, rule_id, key="2026"):
    return Verdict.objects.get(organization=org, rule_id=rule_id, period_key=key)


@pytest.fixture
def people(tree):
    old = datetime.date(2010, 7, 1)
    return [make_member(tree.a1, name=name, joined_on=old) for name in ("学员一", "学员二", "学员三")]


@IN_YEAR
def test_edu_01_in_progress_names_who_is_short_and_by_how_much(tree, personas, people):
    for person in people[:2]:
        external(person, tree.a1, "40")
    external(people[2], tree.a1, "12")
    found = verdict(tree.a1, "EDU-01")
    assert found.status == VerdictStatus.IN_PROGRESS
    assert "学员三（已12学时，差20学时）" in found.explanation
    assert "普通党员甲" in found.explanation  # the persona has no hours at all
    assert "学员一" not in found.explanation


@IN_YEAR
def test_edu_01_met_when_everyone_has_32_hours(tree, personas, people):
    for person in [*people, personas["党员A1"].member]:
        external(person, tree.a1, "32")
    found = verdict(tree.a1, "EDU-01")
    assert found.status == VerdictStatus.MET
    assert "均已达到32学时" in found.explanation


@NEXT_YEAR
def test_edu_01_missed_after_the_year(tree, personas, people):
    for person in [*people, personas["党员A1"].member]:
        external(person, tree.a1, "30", ended=datetime.date(2026, 6, 1))
    standards_services.recompute(actor=SETUP, year=2026)
    found = verdict(tree.a1, "EDU-01")
    assert found.status == VerdictStatus.MISSED
    assert "差2学时" in found.explanation


@IN_YEAR
def test_edu_02_needs_56_hours_and_a_concentrated_training(tree, people):
    committee = seat_committee(tree.a1, people)
    external(committee[0], tree.a1, "60")  # hours, but not concentrated
    class_with(committee[1:], tree.a1, hours=("8",) * 7, concentrated=True)  # 56, concentrated
    found = verdict(tree.a1, "EDU-02")
    assert found.status == VerdictStatus.IN_PROGRESS
    assert "学员一（未参加集中培训）" in found.explanation
    assert "学员二" not in found.explanation
    class_with(committee[:1], tree.a1, hours=("2",), name="书记轮训班", category="secretary")
    assert verdict(tree.a1, "EDU-02").status == VerdictStatus.MET


@IN_YEAR
def test_an_ordinary_member_does_not_read_verdicts_naming_others_hours(tree, personas, people):
    from rest_framework.test import APIClient

    found = verdict(tree.a1, "EDU-01")
    client = APIClient()
    client.force_authenticate(personas["党员A1"])
    assert client.get(f"/api/v1/verdicts/{found.pk}/").status_code == 404
    client.force_authenticate(personas["支部书记A1"])
    assert client.get(f"/api/v1/verdicts/{found.pk}/").status_code == 200
