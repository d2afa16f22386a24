"""Building study lists and meetings for the tests, through the services."""

import datetime

from django.utils import timezone

from zhibu.activities import services as activity_services
from zhibu.activities.models import Activity, ActivityKind
from zhibu.study import services
from zhibu.study.models import StudyList, StudyTopic
from zhibu.testing import SETUP


def this_month() -> tuple[int, int]:
    today = timezone.localdate()
    return today.year, today.month


def monthly_list(organization, titles=("学习新修订的支部工作条例", "学习党章第一章")) -> StudyList:
    year, month = this_month()
    made = services.issue_list(actor=SETUP, organization=organization, period="month", year=year, number=month)
    for title in titles:
        services.add_topic(
            actor=SETUP,
            study_list=made,
            title=title,
            suggested_form="collective",
            materials="《中国共产党支部工作条例》",
            kinds=ActivityKind.objects.filter(code="general_meeting"),
        )
    return made


def meeting(organization, code="general_meeting", title="党员大会", days_ago=0) -> Activity:
    when = timezone.now() - datetime.timedelta(days=days_ago)  # today: inside this month's list
    return activity_services.plan_activity(
        actor=SETUP, organization=organization, kind=ActivityKind.objects.get(code=code), title=title, planned_at=when
    )


def topics(study_list: StudyList) -> list[StudyTopic]:
    return list(study_list.topics.order_by("position"))


def theory_group(organization, members, name="理论学习中心组"):
    """A 中心组 of ``organization`` with ``members`` seated (the first as 组长)."""
    group = services.create_group(actor=SETUP, organization=organization, name=name)
    services.seat_members(actor=SETUP, group=group, members=members, leader=members[0] if members else None)
    return group


def theory_session(group, present, days_ago=1, hours=2, **extra):
    return services.record_session(
        actor=SETUP,
        group=group,
        held_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        topic=extra.pop("topic", "学习党的创新理论"),
        hours=hours,
        present=present,
        **extra,
    )
