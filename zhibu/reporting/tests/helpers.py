"""Builders for the reporting tests, through the services."""

import datetime

from django.utils import timezone

from zhibu.reporting import services
from zhibu.testing import SETUP


def month_request(sender, reach="children", days=5, month=None, picked=(), title="报送上月组织生活月报"):
    today = timezone.localdate()
    previous = month or (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return services.send_request(
        actor=SETUP,
        organization=sender,
        title=title,
        answer_kind="monthly",
        month=previous,
        reach=reach,
        picked=picked,
        deadline=today + datetime.timedelta(days=days),
    )


def form_request(sender, reach="branches", days=5, questions="本季度主题党日次数\n存在的问题", picked=()):
    return services.send_request(
        actor=SETUP,
        organization=sender,
        title="报送本季度主题党日开展情况",
        answer_kind="form",
        questions=questions,
        reach=reach,
        picked=picked,
        deadline=timezone.localdate() + datetime.timedelta(days=days),
    )
