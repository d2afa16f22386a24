"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

import datetime

from django.utils import timezone

from zhibu.activities import services, talks
from zhibu.activities.models import ActivityKind, Appraisal
from zhibu.testing import SETUP, make_member

BRANCHES = ("a1", "b1")


def _planned(branch, title):
    return services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title=title,
        planned_at=timezone.now() - datetime.timedelta(days=2),
    )


def _activities(tree, personas):
    return {key: _planned(getattr(tree, key), f"会议{key}") for key in BRANCHES}


def _resolutions(tree, personas):
    made = {}
    for key in BRANCHES:
        branch = getattr(tree, key)
        owner = make_member(branch, name=f"责任人{key}")
        activity = _planned(branch, f"有决议的会议{key}")
        activity = services.record_held(actor=SETUP, activity=activity, held_at=activity.planned_at)
        made[key] = services.add_resolution(
            actor=SETUP,
            activity=activity,
            text=f"落实决议{key}",
            owner_member=owner,
            deadline=timezone.localdate() + datetime.timedelta(days=30),
        )
    return made


def _talks(tree, personas):
    made = {}
    for key in BRANCHES:
        branch = getattr(tree, key)
        first, second = make_member(branch, name=f"谈话甲{key}"), make_member(branch, name=f"谈话乙{key}")
        made[key] = talks.record_talk(
            actor=SETUP,
            organization=branch,
            first=first,
            second=second,
            talked_on=timezone.localdate() - datetime.timedelta(days=1),
            topic="交流思想",
        )
    return made


def _appraisals(tree, personas):
    year = timezone.localdate().year - 1
    made = {}
    for key in BRANCHES:
        branch = getattr(tree, key)
        member = make_member(branch, name=f"评议{key}")
        talks.save_appraisals(actor=SETUP, organization=branch, year=year, grades={member.pk: "qualified"})
        made[key] = Appraisal.objects.get(member=member, year=year)
    return made


def _kinds(tree, personas):
    # Kinds are reference data shared by every branch: two of them stand in for "ours" and "a stranger's".
    return {
        key: services.save_activity_kind(
            actor=SETUP,
            code=f"route_kind_{key}",
            name=f"路由测试类型{key}",
            attendees=ActivityKind.Attendees.MEMBERS,
        )
        for key in BRANCHES
    }


RECORD_BUILDERS = {
    "activities.activity": _activities,
    "activities.resolution": _resolutions,
    "activities.talk": _talks,
    "activities.appraisal": _appraisals,
    "activities.activitykind": _kinds,
}
