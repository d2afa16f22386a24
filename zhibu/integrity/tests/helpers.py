"""Builders for the integrity tests: a risk point and a discipline record, through the services."""

import datetime

from django.utils import timezone

from zhibu.integrity import services
from zhibu.testing import SETUP, make_member


def risk(organization, identified_on=datetime.date(2026, 3, 1), months: int = 6, post: str = "财务科会计岗"):
    return services.create_risk(
        actor=SETUP,
        organization=organization,
        post=post,
        process="经费报销审批",
        description="报销单据审核不严，虚列支出",
        level="high",
        controls="报销单据双人审核，每月对账",
        owner="财务科长",
        identified_on=identified_on,
        review_interval_months=months,
    )


def discipline(
    organization, name: str = "被谈话人", kind: str = "reminder_talk", actor=SETUP, member=None, happened_on=None
):
    member = member or make_member(organization, name=name)
    return services.record_discipline(
        actor=actor,
        member=member,
        kind=kind,
        happened_on=happened_on or timezone.localdate() - datetime.timedelta(days=30),  # any test clock
        reason=f"秘密事由：{member.name}工作日饮酒苗头",
        outcome="本人作出说明并表示改正",
    )
