"""The demo's 学习清单: the 工委 issues one monthly list (the month of the latest meeting held) with two topics, and
every other branch that held a 党员大会 or 支委会 that month linked the first topic to it, so the coverage shows some
branches done and others not yet."""

import datetime

from django.utils import timezone

from zhibu.activities.models import Activity, ActivityKind
from zhibu.core.actors import CommandActor
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.study import services

KINDS = ("general_meeting", "branch_committee")


class StudyYear:
    def __init__(self, builder):
        self.today: datetime.date = builder.today
        self.actor = CommandActor("demo")

    def build(self) -> int:
        gongwei = Organization.objects.get(kind=OrganizationKind.GONGWEI, parent=None, name__contains="演示")
        held = Activity.objects.filter(
            organization__path__startswith=gongwei.path,
            kind__code__in=KINDS,
            held_at__isnull=False,
            held_at__date__lte=self.today,
        ).order_by("-held_at")
        latest = held.first()
        if latest is None:
            return 0
        day = timezone.localtime(latest.held_at).date()
        study_list = services.issue_list(
            actor=self.actor, organization=gongwei, period="month", year=day.year, number=day.month
        )
        kinds = list(ActivityKind.objects.filter(code__in=KINDS))
        first = services.add_topic(
            actor=self.actor,
            study_list=study_list,
            title="学习党章关于党员权利和义务的规定",
            suggested_form="collective",
            materials="《中国共产党章程》第一章\n《中国共产党党员权利保障条例》",
            kinds=kinds,
        )
        services.add_topic(
            actor=self.actor,
            study_list=study_list,
            title="学习机关基层组织工作条例关于党员教育管理的规定",
            suggested_form="discussion",
            materials="《中国共产党党和国家机关基层组织工作条例》",
            kinds=kinds,
        )
        in_month = held.filter(held_at__date__gte=study_list.starts_on, held_at__date__lte=study_list.ends_on)
        meetings: dict[int, Activity] = {}
        for activity in in_month.order_by("organization__path", "held_at"):
            meetings.setdefault(activity.organization_id, activity)
        for activity in list(meetings.values())[::2]:
            services.link_topics(actor=self.actor, activity=activity, topics=[first])
        return 1
