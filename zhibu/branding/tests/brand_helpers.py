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


def recognised(organization, **overrides):
    made = brand(organization, **overrides)
    return services.evaluate_brand(
        actor=SETUP, brand=made, happened_on=timezone.localdate(), recognised=True, note="特色鲜明，成效明显"
    )


def project(made_brand, progress="", **overrides):
    from zhibu.branding import projects

    fields = {"year": timezone.localdate().year, "title": "窗口服务提速", "goal": "群众办事平均时间缩短三分之一"}
    fields.update(overrides)
    made = projects.add_project(actor=SETUP, brand=made_brand, **fields)
    if progress:
        made = projects.report_progress(actor=SETUP, brandproject=made, progress=progress, results="办事时间缩短40%")
    return made
