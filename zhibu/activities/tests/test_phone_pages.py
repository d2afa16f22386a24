"""The meeting page on a phone: after each step the browser lands back on that step's panel, the page links to the
step the meeting waits for, and the attendance sheet is one card per expected person with three choices."""

import datetime
import re
import uuid
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhibu.activities import services
from zhibu.activities.models import Activity, ActivityKind, Attendance
from zhibu.activities.tests.test_meetings import DAY, full_members, held_meeting, mark, signed_meeting
from zhibu.activities.tests.test_pages import _png
from zhibu.testing import SETUP


def planned_meeting(branch):
    return services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="手机上开的会",
        planned_at=timezone.now() - datetime.timedelta(hours=2),
    )


def landed(response, activity, anchor):
    assert response.status_code == 302, re.findall(r'class="error">([^<]*)', response.content.decode())
    assert response["Location"] == f"{activity.get_absolute_url()}#{anchor}"


def test_each_step_returns_to_its_panel(tree, personas, client_as):
    members = full_members(tree.a1, 4)
    client = client_as(personas["支部书记A1"])
    meeting = planned_meeting(tree.a1)
    held_at = timezone.localtime(meeting.planned_at).strftime("%Y-%m-%dT%H:%M")
    # The 登记召开 panel is gone once held: the attendance sheet in its place is where the user continues.
    landed(client.post(f"/activities/{meeting.pk}/held/", {"held_at": held_at}), meeting, "attendance")
    attendance = {f"status_{member.pk}": "present" for member in members[:3]} | {
        f"status_{members[3].pk}": "leave",
        f"leave_{members[3].pk}": "sick",
        "rest_absent": "1",
    }
    landed(client.post(f"/activities/{meeting.pk}/attendance/", attendance), meeting, "attendance")
    vote = {"subject": "接收预备党员", "yes": 3, "no": 0, "abstain": 0, "submission_key": uuid.uuid4().hex}
    landed(client.post(f"/activities/{meeting.pk}/vote/", vote), meeting, "votes")
    resolution = {
        "text": "报上级党委审批",
        "owner_member": members[0].pk,
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "submission_key": uuid.uuid4().hex,
    }
    landed(client.post(f"/activities/{meeting.pk}/resolution/", resolution), meeting, "resolutions")
    upload = {"upload": SimpleUploadedFile("签到表.png", _png()), "submission_key": uuid.uuid4().hex}
    landed(client.post(f"/activities/{meeting.pk}/evidence/", upload), meeting, "evidence")
    minutes = {"minutes": "会议学习了最新重要讲话精神，表决通过接收预备党员。"}
    landed(client.post(f"/activities/{meeting.pk}/minutes/", minutes), meeting, "minutes")
    # Signed, the button is gone and the locked record is what to look at.
    landed(client.post(f"/activities/{meeting.pk}/sign/"), meeting, "minutes")
    amendment = {
        "part": "minutes",
        "corrected": "会议学习了讲话精神。",
        "reason": "会议记录漏记了表决结论",
        "submission_key": uuid.uuid4().hex,
    }
    landed(client.post(f"/activities/{meeting.pk}/amend/", amendment), meeting, "amendments")
    absent = Attendance.objects.get(activity=meeting, member=members[3])
    makeup = {
        "attendance": absent.pk,
        "done_on": DAY.isoformat(),
        "note": "观看录像",
        "submission_key": uuid.uuid4().hex,
    }
    landed(client.post(f"/activities/{meeting.pk}/makeup/", makeup), meeting, "makeup")
    page = client.get(meeting.get_absolute_url()).content.decode()
    for anchor in ("attendance", "votes", "resolutions", "evidence", "minutes", "amendments", "makeup"):
        assert f'id="{anchor}"' in page, anchor


def test_a_refused_signature_returns_to_the_sign_button(tree, personas, client_as):
    host = personas["党员A1"].member
    meeting = held_meeting(tree.a1, code="theme_day", host=host)
    mark(meeting, present=[host])
    services.save_minutes(actor=SETUP, activity=meeting, minutes="会议学习了党章，讨论了本月工作安排。")
    refused = client_as(personas["支部书记A1"]).post(f"/activities/{meeting.pk}/sign/")
    landed(refused, meeting, "sign")
    assert Activity.objects.get(pk=meeting.pk).status == Activity.Status.MINUTED


def panel(page: str, anchor: str) -> str:
    """The HTML of the meeting page's panel with this id (panels are not nested: it ends where the next begins)."""
    start = page.index(f'id="{anchor}"')
    following = re.compile(r'<div class="panel[ "]').search(page, start)
    return page[start : following.start() if following else len(page)]


def refused_in_panel(response, activity, step, anchor, message):
    """A refused step is shown again in place (the user's input kept), its form posts to ``…/<step>/#<anchor>`` so
    the browser lands on that panel, and the message stands inside that panel."""
    assert response.status_code == 200
    page = response.content.decode()
    here = panel(page, anchor)
    assert f'action="/activities/{activity.pk}/{step}/#{anchor}"' in here
    assert message in here, re.findall(r'class="error">([^<]*)', page)
    return here


def test_a_refused_step_lands_on_its_panel_with_the_message_beside_the_field(tree, personas, client_as):
    members = full_members(tree.a1, 2)
    client = client_as(personas["支部书记A1"])
    meeting = planned_meeting(tree.a1)
    tomorrow = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    held = refused_in_panel(
        client.post(f"/activities/{meeting.pk}/held/", {"held_at": tomorrow}), meeting, "held", "held", "会议尚未召开"
    )
    # Beside the field: inside the label that holds the 召开时间 input.
    assert re.search(r'<label>\s*召开时间.*?name="held_at".*?会议尚未召开.*?</label>', held, re.S)
    meeting = services.record_held(actor=SETUP, activity=meeting, held_at=meeting.planned_at)

    leave_without_kind = {f"status_{members[0].pk}": "leave", f"reason_{members[0].pk}": "出差"}
    sheet = refused_in_panel(
        client.post(f"/activities/{meeting.pk}/attendance/", leave_without_kind),
        meeting,
        "attendance",
        "attendance",
        "请假须选择事假、病假或因公",
    )
    # On the person's own card, with what they chose kept.
    assert re.search(rf"<b>{members[0].name}</b>.*?请假须选择事假、病假或因公.*?</tr>", sheet, re.S)
    assert 'value="出差"' in sheet
    assert not Attendance.objects.filter(activity=meeting).exclude(status="unrecorded").exists()

    no_owner = {"text": "", "deadline": "明天", "submission_key": uuid.uuid4().hex}
    resolutions = refused_in_panel(
        client.post(f"/activities/{meeting.pk}/resolution/", no_owner), meeting, "resolution", "resolutions", "日期"
    )
    assert re.search(r'<label>\s*完成时限.*?name="deadline".*?class="error".*?</label>', resolutions, re.S)
    refused_in_panel(
        client.post(f"/activities/{meeting.pk}/minutes/", {"minutes": "短"}),
        meeting,
        "minutes",
        "minutes",
        "会议记录过短",
    )
    assert Activity.objects.get(pk=meeting.pk).status == Activity.Status.HELD


class _NextStep(HTMLParser):
    """The 下一步 link's target and the panels marked as the next step."""

    def __init__(self) -> None:
        super().__init__()
        self.link: str | None = None
        self.marked: list[str] = []
        self.in_next = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "p" and "next-step" in classes:
            self.in_next = True
        elif tag == "a" and self.in_next:
            self.link = attrs["href"]
        elif tag == "div" and "panel" in classes and "next" in classes:
            self.marked.append(attrs.get("id", ""))

    def handle_endtag(self, tag):
        if tag == "p":
            self.in_next = False


def next_step(client, meeting) -> tuple[str | None, list[str], str]:
    page = client.get(meeting.get_absolute_url()).content.decode()
    parser = _NextStep()
    parser.feed(page)
    return parser.link, parser.marked, page


def test_the_page_links_to_the_step_the_meeting_waits_for(tree, personas, client_as):
    members = full_members(tree.a1, 2)
    secretary = client_as(personas["支部书记A1"])
    meeting = planned_meeting(tree.a1)
    assert next_step(secretary, meeting)[:2] == ("#held", ["held"])
    meeting = services.record_held(actor=SETUP, activity=meeting, held_at=meeting.planned_at)
    link, marked, page = next_step(secretary, meeting)
    assert (link, marked) == ("#attendance", ["attendance"]) and "下一步：录入考勤" in page
    mark(meeting, present=members)
    assert next_step(secretary, meeting)[:2] == ("#minutes", ["minutes"])
    services.save_minutes(actor=SETUP, activity=meeting, minutes="会议学习了最新重要讲话精神。")
    assert next_step(secretary, meeting)[:2] == ("#sign", ["minutes"])
    services.sign(actor=personas["支部书记A1"], activity=meeting)
    assert next_step(secretary, meeting)[:2] == (None, [])


def test_only_who_can_take_the_step_is_pointed_to_it(tree, personas, client_as):
    full_members(tree.a1, 1)
    meeting = planned_meeting(tree.a1)
    assert next_step(client_as(personas["党员A1"]), meeting)[:2] == (None, [])
    host = personas["党员A1"].member
    minuted = held_meeting(tree.a1, code="theme_day", host=host)
    mark(minuted, present=[host])
    services.save_minutes(actor=SETUP, activity=minuted, minutes="会议学习了党章，讨论了本月工作安排。")
    # The signature is the host's: the secretary is not sent to a button they do not have.
    assert next_step(client_as(personas["支部书记A1"]), minuted)[0] is None
    assert next_step(client_as(personas["党员A1"]), minuted)[0] == "#sign"


def test_cancelled_and_signed_meetings_have_no_next_step(tree, personas, client_as):
    secretary = client_as(personas["支部书记A1"])
    signed, _ = signed_meeting(tree, personas)
    assert next_step(secretary, signed)[0] is None
    cancelled = services.cancel_activity(actor=SETUP, activity=planned_meeting(tree.a1), reason="改期")
    assert next_step(secretary, cancelled)[0] is None


class _Cards(HTMLParser):
    """The attendance form's people: each body row is one person's card, with the name, the statuses offered as
    radios and the fields the card submits."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.in_body, self.in_name = action, False, False, False
        self.cards: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("action") or "").split("#")[0] == self.action
        elif not self.inside:
            return
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.cards.append({"name": "", "statuses": [], "fields": set(), "group": None})
        elif not self.cards:
            return
        elif tag == "td" and "who" in attrs.get("class", ""):
            self.in_name = True
        elif tag == "span" and attrs.get("role") == "radiogroup":
            self.cards[-1]["group"] = attrs.get("aria-label")
        elif tag == "input" and attrs.get("type") == "radio":
            self.cards[-1]["statuses"].append(attrs["value"])
            self.cards[-1]["fields"].add(attrs["name"])
        elif tag in ("input", "select"):
            self.cards[-1]["fields"].add(attrs["name"])

    def handle_data(self, data):
        if self.in_name:
            self.cards[-1]["name"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "tbody":
            self.in_body = False
        elif tag in ("b", "td"):
            self.in_name = False


def cards_on(client, meeting) -> dict[str, dict]:
    parser = _Cards(f"/activities/{meeting.pk}/attendance/")
    parser.feed(client.get(meeting.get_absolute_url()).content.decode())
    assert len({card["name"] for card in parser.cards}) == len(parser.cards), "a person has two cards"
    return {card["name"]: card for card in parser.cards}


def test_the_attendance_sheet_is_one_card_per_expected_member_with_three_choices(tree, personas, client_as):
    full_members(tree.a1, 3)
    meeting = held_meeting(tree.a1)
    cards = cards_on(client_as(personas["支部书记A1"]), meeting)
    expected = list(Attendance.objects.filter(activity=meeting).select_related("member"))
    assert len(expected) >= 3 and set(cards) == {str(row.member) for row in expected}
    for row in expected:
        card, member_id = cards[str(row.member)], row.member_id
        assert card["statuses"] == ["present", "leave", "absent"]
        assert card["group"] == f"{row.member}的出席情况"
        assert card["fields"] == {
            f"status_{member_id}",
            f"seen_{member_id}",
            f"leave_{member_id}",
            f"reason_{member_id}",
        }


@pytest.mark.clock("2025-06-21 10:00")
def test_the_phone_stylesheets_are_on_the_meeting_page(tree, personas, client_as):
    meeting = held_meeting(tree.a1)
    page = client_as(personas["支部书记A1"]).get(meeting.get_absolute_url()).content.decode()
    assert "activities/attendance.css" in page and "activities/meeting.css" in page
