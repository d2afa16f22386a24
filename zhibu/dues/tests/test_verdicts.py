import datetime

import pytest
from django.utils import timezone

from zhibu.dues import services
from zhibu.members.validation import add_months
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import make_member

pytestmark = pytest.mark.usefixtures("live_verdicts")
TODAY = timezone.localdate()


def verdict(org, rule_id):
    return Verdict.objects.get(organization=org, rule_id=rule_id, period_key="now")


def test_the_fee_rules_follow_the_dues_records_as_they_change(tree, personas):
    secretary = personas["支部书记A1"]
    payer = make_member(tree.a1, name="按时缴纳", joined_on=datetime.date(2010, 7, 1))
    late = make_member(tree.a1, name="长期未缴", joined_on=datetime.date(2010, 7, 1))
    services.set_assessment(actor=secretary, member=payer, year=TODAY.year, category="salaried", base="5400")
    assert verdict(tree.a1, "FEE-01").status == VerdictStatus.MET
    # 长期未缴 (and others) not yet assessed: in progress during the first quarter, missed after it
    start_of_year = TODAY.month <= 3
    assert verdict(tree.a1, "FEE-05").status == (VerdictStatus.IN_PROGRESS if start_of_year else VerdictStatus.MISSED)
    assert "长期未缴" in verdict(tree.a1, "FEE-05").explanation
    for year in {TODAY.year, add_months(TODAY, -7).year}:
        services.set_assessment(actor=secretary, member=late, year=year, category="salaried", base="3000")
    fee07 = verdict(tree.a1, "FEE-07")
    behind = services.months_in_arrears(late)
    if behind >= 6:
        assert fee07.status == VerdictStatus.MISSED and "长期未缴" in fee07.explanation
    for offset in range(1, behind + 1):
        services.record_payment(
            actor=secretary,
            member=late,
            month=add_months(TODAY.replace(day=1), -offset),
            method="cash",
            key=f"late-{offset:08d}",
        )
    assert "长期未缴" not in verdict(tree.a1, "FEE-07").explanation  # refreshed as soon as the payments were recorded
    if behind > 6:  # paying a month more than six months back is itself flagged
        assert (
            verdict(tree.a1, "FEE-06").status == VerdictStatus.MISSED
            and "长期未缴" in verdict(tree.a1, "FEE-06").explanation
        )
    assert verdict(tree.a1, "FEE-10").status == VerdictStatus.NOT_APPLICABLE  # nobody has a reduction


def test_remittance_and_publication_are_recorded_and_judged(tree, personas, client_as):
    secretary = personas["支部书记A1"]
    member = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    services.set_assessment(actor=secretary, member=member, year=TODAY.year, category="salaried", base="5400")
    big, _ = services.record_payment(
        actor=secretary,
        member=member,
        month=TODAY.replace(day=1),
        method="transfer",
        key="big-00000001",
        amount="1200",
        voluntary=True,
    )
    assert verdict(tree.a1, "FEE-08").status == VerdictStatus.MISSED
    client = client_as(secretary)
    page = client.get(f"/dues/members/{member.pk}/").content.decode()
    assert "登记已上缴中央" in page
    client.post(f"/dues/payments/{big.pk}/remit/")
    assert verdict(tree.a1, "FEE-08").status == VerdictStatus.MET
    again = client.post(f"/dues/payments/{big.pk}/remit/", follow=True).content.decode()
    assert "已于" in again and "登记上缴" in again
    year_verdict = Verdict.objects.get(organization=tree.a1, rule_id="FEE-09", period_key=str(TODAY.year))
    assert year_verdict.status == VerdictStatus.IN_PROGRESS
    totals = client.get(f"/dues/totals/?organization={tree.a1.pk}&year={TODAY.year}").content.decode()
    assert "尚未公示" in totals
    client.post("/dues/publish/", {"organization": tree.a1.pk, "year": TODAY.year})
    assert Verdict.objects.get(pk=year_verdict.pk).status == VerdictStatus.MET
    assert "已公示" in client.get(f"/dues/totals/?organization={tree.a1.pk}&year={TODAY.year}").content.decode()
    refused = client.post("/dues/publish/", {"organization": tree.a1.pk, "year": "0"}, follow=True).content.decode()
    assert "公示的年度应在" in refused


@pytest.mark.clock("2026-11-16T10:00")
def test_an_ordinary_member_does_not_read_verdicts_that_name_other_members(tree, personas, client_as):
    late = make_member(tree.a1, name="长期未缴", joined_on=datetime.date(2010, 7, 1))
    services.set_assessment(actor=personas["支部书记A1"], member=late, year=2026, category="salaried", base="3000")
    assert "长期未缴" in verdict(tree.a1, "FEE-07").explanation
    officer_page = client_as(personas["支部书记A1"]).get(tree.a1.get_absolute_url()).content.decode()
    assert "长期未缴" in officer_page
    member = client_as(personas["党员A1"])
    page = member.get(tree.a1.get_absolute_url()).content.decode()
    assert "长期未缴" not in page and "FEE-07" not in page
    assert member.get(f"/standards/verdicts/{verdict(tree.a1, 'FEE-07').pk}/").status_code == 404
    publication = Verdict.objects.get(organization=tree.a1, rule_id="FEE-09", period_key="2026")
    assert member.get(f"/standards/verdicts/{publication.pk}/").status_code == 200
