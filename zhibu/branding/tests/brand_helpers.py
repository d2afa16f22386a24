"""Builders for the 党建品牌 tests: a held meeting of a branch (a record that bears a brand out) and a brand."""

import datetime

from django.utils import timezone

from zhibu.activities import services as activities
from zhibu.activities.models import ActivityKind
from zhibu.branding import services
from zhibu.testing import SETUP

DESCRIPTION = "以“红色窗口”为载体，党员示范岗每周轮值，疑难事项支委包联，每月主题党日复盘群众意见。"


def held_meeting(branch, title="主题党日：窗口服务复盘"):
    when = timezone.now() - datetime.timedelta(days=1)
    activity = activities.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title=title,
        planned_at=when,
    )
    return activities.record_held(actor=SETUP, activity=activity, held_at=when)


def brand(organization, actor=SETUP, **overrides):
    fields = {"name": "红色窗口", "slogan": "党员亮身份，服务零距离", "kind": "engine", "description": DESCRIPTION}
    fields.update(overrides)
    return services.register_brand(actor=actor, organization=organization, **fields)
