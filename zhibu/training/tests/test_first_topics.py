"""The 第一议题 library: kept by the 工委, read by every official, with the meetings that took each topic as 第一议题
(the activities app's agenda flag)."""

import datetime

from django.utils import timezone

from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind
from zhibu.testing import SETUP
from zhibu.training.models import FirstTopic


def test_the_gongwei_keeps_the_library_and_branches_see_who_took_it(tree, personas, client_as):
    admin = client_as(personas["工委管理员"])
    body = {"title": "学习新修订的支部工作条例", "source": "《求是》2026年第1期", "published_on": "2026-01-02"}
    assert admin.post("/training/first-topics/", body).status_code == 302
    refused = admin.post("/training/first-topics/", {**body, "title": "另一议题", "source": ""})
    assert refused.status_code == 200 and FirstTopic.objects.count() == 1  # the form names the missing 出处
    assert "第一议题库中已有" in admin.post("/training/first-topics/", body).content.decode()
    assert FirstTopic.objects.count() == 1
    when = timezone.now() - datetime.timedelta(days=3)
    for branch in (tree.a1, tree.b1):
        activity_services.plan_activity(
            actor=SETUP,
            organization=branch,
            kind=ActivityKind.objects.get(code="party_lecture"),
            title="党课",
            planned_at=when,
            agenda=["学习新修订的支部工作条例"],
            first_topic=True,
        )
    secretary = client_as(personas["支部书记A1"])
    page = secretary.get("/training/first-topics/").content.decode()
    assert "学习新修订的支部工作条例" in page and "1次" in page  # B1's meeting is out of A1's scope
    assert "新增第一议题" not in page
    assert secretary.post("/training/first-topics/", body).status_code == 403
    assert client_as(personas["工委管理员"]).get("/training/first-topics/").content.decode().count("2次") == 1
