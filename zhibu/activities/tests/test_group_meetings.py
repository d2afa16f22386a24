"""A member of a 党小组 is told of the group's meetings and can open them; another group's meetings stay hidden."""

import datetime

from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.accounts.roles import Role
from zhibu.activities import services
from zhibu.activities.models import ActivityKind
from zhibu.core.models import Notification
from zhibu.testing import SETUP, make_member, make_org, persona


def _meeting(group, title, code="group_meeting"):
    return services.plan_activity(
        actor=SETUP,
        organization=group,
        kind=ActivityKind.objects.get(code=code),
        title=title,
        planned_at=timezone.now() + datetime.timedelta(days=2),
    )


def test_a_group_member_opens_the_group_meeting_they_were_told_of_and_no_other_groups(tree, client_as):
    member = make_member(tree.a1, name="小组成员乙", party_group=tree.a1_group)
    user = persona("group_member", tree.a1, Role.MEMBER, member=member)
    other_group = make_org(tree.a1, "党小组A1-2", "group")
    own = _meeting(tree.a1_group, "小组学习")
    other = _meeting(other_group, "另一小组学习")
    foreign = _meeting(make_org(tree.a2, "党小组A2-1", "group"), "外支部小组学习")

    note = Notification.objects.get(user=user)
    assert note.url == own.get_absolute_url()
    client = client_as(user)
    page = client.get(note.url)
    assert page.status_code == 200 and "小组学习" in page.content.decode()
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(f"/api/v1/activities/{own.pk}/").status_code == 200
    for hidden in (other, foreign):
        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert api.get(f"/api/v1/activities/{hidden.pk}/").status_code == 404
    listed = client.get("/activities/").content.decode()
    assert "小组学习" in listed and "另一小组学习" not in listed and "外支部小组学习" not in listed
    # Read-only: the member cannot record the meeting as held.
    assert client.post(f"/activities/{own.pk}/held/", {"held_at": "2026-11-18T09:00"}).status_code in (403, 404)


def test_a_linked_user_whose_grant_is_elsewhere_still_opens_their_own_groups_meeting(tree, client_as):
    # A secretary of another branch is also a member of A1's group: they are told of its meeting, and open it.
    member = make_member(tree.a1, name="兼职书记丙", party_group=tree.a1_group)
    user = persona("secretary_elsewhere", tree.b1, Role.SECRETARY, member=member)
    own = _meeting(tree.a1_group, "小组学习")
    other = _meeting(make_org(tree.a1, "党小组A1-2", "group"), "另一小组学习")
    assert Notification.objects.get(user=user).url == own.get_absolute_url()
    client = client_as(user)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_a_leading_cadre_opens_the_meeting_of_their_dual_life_branch(tree, client_as):
    cadre = make_member(tree.a2, name="领导干部丁", is_leading_cadre=True, dual_life_organization=tree.a1)
    user = persona("cadre", tree.a2, Role.MEMBER, member=cadre)
    meeting = _meeting(tree.a1, "支部党员大会", code="general_meeting")
    assert Notification.objects.get(user=user).url == meeting.get_absolute_url()
    assert client_as(user).get(meeting.get_absolute_url()).status_code == 200
    elsewhere = _meeting(tree.a3a, "别的支部大会", code="general_meeting")
    assert client_as(user).get(elsewhere.get_absolute_url()).status_code == 404
