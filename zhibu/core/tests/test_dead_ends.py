"""No dead ends on the test tree: each persona follows every link and presses every button it is shown, and a link
or button that fails for that persona is a defect (the demo-wide crawl is ``zhibu/demo/tests/test_crawl.py``)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind
from zhibu.demo.tests.crawler import crawl
from zhibu.dues import services as dues_services
from zhibu.members.models import Member
from zhibu.standards import services as standards_services
from zhibu.testing import SETUP, make_member


def records(tree, personas):
    """A little of everything a page links to: a member with dues paid, a 党小组 meeting, the year's verdicts."""
    today = timezone.localdate()
    member = make_member(tree.a1, name="缴费党员", joined_on=datetime.date(2010, 7, 1))
    secretary = personas["支部书记A1"]
    dues_services.set_assessment(actor=secretary, member=member, year=today.year, category="salaried", base="5400")
    dues_services.record_payment(
        actor=secretary, member=member, month=today.replace(day=1), method="transfer", key="p" * 16
    )
    Member.objects.filter(pk=personas["党员A1"].member.pk).update(party_group=tree.a1_group)
    activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a1_group,
        kind=ActivityKind.objects.get(code="group_meeting"),
        title="党小组学习",
        planned_at=timezone.now() + datetime.timedelta(days=3),
    )
    standards_services.recompute(actor=SETUP, year=today.year)
    return member


@pytest.mark.slow  # walks every page or form as every persona
@pytest.mark.any_clock
def test_no_persona_meets_a_link_or_button_it_cannot_use(tree, personas):
    records(tree, personas)
    defects = []
    for name, user in personas.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        defects += crawl(client, name, max_pages=120).defects
    assert not defects, "\n".join(str(defect) for defect in defects)


def test_read_only_roles_are_not_offered_writes(tree, personas, client_as):
    member = records(tree, personas)
    discipline = client_as(personas["纪检A"])
    home = discipline.get("/").content.decode()
    assert "/members/import/" not in home
    assert discipline.get("/members/import/").status_code == 403
    dues = discipline.get(f"/dues/members/{member.pk}/").content.decode()
    assert member.name in dues and "冲正" not in dues and "核定</button>" not in dues
    secretary = client_as(personas["支部书记A1"]).get(f"/dues/members/{member.pk}/").content.decode()
    assert "冲正</button>" in secretary and "核定</button>" in secretary


def test_the_organisation_above_is_linked_only_for_those_who_may_open_it(tree, personas, client_as):
    records(tree, personas)
    year = timezone.localdate().year
    secretary = client_as(personas["支部书记A1"])
    page = secretary.get(tree.a1.get_absolute_url()).content.decode()
    assert "党委A" in page and tree.a.get_absolute_url() not in page
    sheet = secretary.get(f"/standards/sheet/?organization={tree.a1.pk}&year={year}").content.decode()
    assert "返回上级总览" not in sheet
    committee = client_as(personas["党委管理员A"])
    assert tree.a.get_absolute_url() in committee.get(tree.a1.get_absolute_url()).content.decode()
    assert "返回上级总览" in committee.get(f"/standards/sheet/?organization={tree.a1.pk}&year={year}").content.decode()
