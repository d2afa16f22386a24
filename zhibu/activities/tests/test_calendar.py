import datetime

import icalendar
from django.test import Client
from django.utils import timezone

from zhibu.activities import services
from zhibu.activities.models import ActivityKind
from zhibu.testing import SETUP


def plan(branch, title, when):
    return services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="party_lecture"),
        title=title,
        planned_at=when,
        place="会议室",
    )


def test_month_view_and_personal_agenda(tree, personas, client_as):
    soon = timezone.localtime() + datetime.timedelta(days=2)
    plan(tree.a1, "本支部党课", soon)
    plan(tree.b1, "外支部党课", soon)
    page = client_as(personas["支部书记A1"]).get("/activities/calendar/", {"month": soon.strftime("%Y-%m")})
    text = page.content.decode()
    assert "党课" in text and page.context["first"].month == soon.month
    events = [a.title for week in page.context["weeks"] for _, items in week for a in items]
    assert events == ["本支部党课"]
    mine = client_as(personas["党员A1"]).get("/activities/calendar/").context["mine"]
    assert [a.title for a in mine] == ["本支部党课"]
    assert client_as(personas["支部书记A1"]).get("/activities/calendar/", {"month": "2025-13"}).status_code == 200


def test_ical_feed_behind_a_secret_link(tree, personas, client_as):
    plan(tree.a1, "订阅党课", timezone.now() + datetime.timedelta(days=5))
    plan(tree.b1, "外部党课", timezone.now() + datetime.timedelta(days=5))
    client = client_as(personas["支部书记A1"])
    client.post("/activities/calendar/link/")
    personas["支部书记A1"].refresh_from_db()
    token = personas["支部书记A1"].calendar_token
    feed = Client().get(f"/activities/ical/{token}.ics")
    body = feed.content.decode()
    assert feed["Content-Type"].startswith("text/calendar") and body.startswith("BEGIN:VCALENDAR\r\n")
    assert "订阅党课" in body and "外部党课" not in body and body.count("BEGIN:VEVENT") == 1
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    (event,) = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["summary"]).endswith("：订阅党课")
    assert Client().get("/activities/ical/wrong-token-wrong-token-wrong-token.ics").status_code == 404
    client.post("/activities/calendar/link/")
    assert Client().get(f"/activities/ical/{token}.ics").status_code == 404


def test_ical_feed_keeps_punctuation_and_long_chinese_text_intact(tree, personas, client_as):
    title = "学习研讨；传达精神，部署工作\\总结" + "（专题）" * 20
    plan(tree.a1, title, timezone.now() + datetime.timedelta(days=3))
    client = client_as(personas["支部书记A1"])
    client.post("/activities/calendar/link/")
    personas["支部书记A1"].refresh_from_db()
    feed = Client().get(f"/activities/ical/{personas['支部书记A1'].calendar_token}.ics")
    assert all(len(line) <= 75 for line in feed.content.split(b"\r\n"))
    (event,) = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["summary"]).endswith(title)
