"""Person pickers never list a whole organisation: a short select and a search (htmx) over the members one may see."""

import datetime
import re

import pytest
from django.utils import timezone

from zhibu.activities import services
from zhibu.activities.forms import PICKER_SHOWN
from zhibu.activities.models import ActivityKind
from zhibu.testing import SETUP, make_member

OPTION = re.compile(r'<option value="(\d+)"')


def host_options(page: str) -> list[str]:
    select = re.search(r'<select name="host".*?</select>', page, re.S)
    assert select is not None
    return OPTION.findall(select.group(0))


@pytest.fixture
def crowd(tree):
    return [make_member(tree.a1, name=f"张{index:02d}") for index in range(PICKER_SHOWN + 10)]


def test_the_plan_form_renders_a_short_select_with_a_search(tree, personas, client_as, crowd):
    page = client_as(personas["支部书记A1"]).get(f"/activities/new/?organization={tree.a1.pk}").content.decode()
    assert len(host_options(page)) <= PICKER_SHOWN + 1
    assert 'hx-get="/activities/people/"' in page and 'hx-include="#id_organization"' in page


def test_search_finds_by_name_and_initials_only_among_visible_members(tree, personas, client_as, crowd):
    stranger = make_member(tree.b1, name="张陌生")
    client = client_as(personas["支部书记A1"])
    by_name = client.get("/activities/people/", {"host_q": "张29"}).content.decode()
    assert OPTION.findall(by_name) == [str(crowd[29].pk)]
    by_initials = client.get("/activities/people/", {"host_q": "z", "organization": tree.a1.pk}).content.decode()
    assert str(stranger.pk) not in OPTION.findall(by_initials)
    assert 0 < len(OPTION.findall(by_initials)) <= PICKER_SHOWN
    assert OPTION.findall(client.get("/activities/people/", {"q": "张陌生"}).content.decode()) == []
    # A stranger's organisation asked for answers nothing rather than everything.
    assert OPTION.findall(client.get("/activities/people/", {"organization": tree.b1.pk}).content.decode()) == []
    assert "没有找到" in client.get("/activities/people/", {"q": "无此人"}).content.decode()


def test_a_member_beyond_the_first_screen_can_be_chosen_and_stays_shown(tree, personas, client_as, crowd):
    meeting = services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="party_lecture"),
        title="党课",
        planned_at=timezone.now() + datetime.timedelta(days=3),
    )
    last = crowd[-1]
    client = client_as(personas["支部书记A1"])
    when = timezone.localtime(meeting.planned_at).strftime("%Y-%m-%dT%H:%M")
    data = {"title": "党课", "planned_at": when, "host": last.pk, "place": "", "agenda": ""}
    assert client.post(f"/activities/{meeting.pk}/reschedule/", data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.host == last
    page = client.get(f"/activities/{meeting.pk}/reschedule/").content.decode()
    assert str(last.pk) in host_options(page)
    assert re.search(rf'<option value="{last.pk}" selected>', page)
