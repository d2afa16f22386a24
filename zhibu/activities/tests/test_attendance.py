"""The attendance form shows what is stored, saves only what its user changed, and never overwrites a check-in or
someone else's entry. Forms are submitted the way a browser would submit the page as rendered."""

import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from zhibu.activities import services
from zhibu.activities.models import Attendance
from zhibu.activities.tests.test_meetings import held_meeting
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, compact, make_member


class _AttendanceForm(HTMLParser):
    """The fields a browser submits from the attendance form: hidden and text inputs, checked radios, and each
    select's selected option (else its first)."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.select = action, False, None
        self.fields: dict[str, str] = {}
        self.chosen: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("action") or "").split("#")[0] == self.action
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("type", "text") in ("hidden", "text"):
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "input" and attrs.get("type") == "radio" and "checked" in attrs:
            self.fields[attrs["name"]] = attrs["value"]
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and self.select not in self.chosen:
            self.fields[self.select] = attrs.get("value", "")
            if "selected" in attrs:
                self.chosen.add(self.select)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.chosen.add(self.select)
            self.select = None


def open_form(client, activity) -> dict:
    page = client.get(activity.get_absolute_url())
    assert page.status_code == 200
    return read_form(page.content.decode(), activity)


def read_form(html: str, activity) -> dict:
    parser = _AttendanceForm(f"/activities/{activity.pk}/attendance/")
    parser.feed(html)
    assert parser.fields, "the page has no attendance form"
    return parser.fields


def tick(form: dict, member, status: str, leave: str = "", reason: str = "") -> dict:
    form[f"status_{member.pk}"], form[f"leave_{member.pk}"], form[f"reason_{member.pk}"] = status, leave, reason
    return form


def stored(activity) -> dict:
    return {
        row.member_id: (row.status, row.leave_kind, row.reason, row.checked_in_by_qr)
        for row in Attendance.objects.filter(activity=activity)
    }


@pytest.fixture
def meeting(tree, personas):
    """A 党员大会 held on 2025-06-20 by branch A1: three members plus the persona member 普通党员甲."""
    people = [make_member(tree.a1, name=name) for name in ("赵一", "钱二", "孙三")]
    return held_meeting(tree.a1), people


def scan(personas, activity):
    token = services.checkin_token(actor=personas["支部书记A1"], activity=activity)
    member = Client()
    member.force_login(personas["党员A1"])
    assert "签到成功" in member.post(f"/activities/checkin/{token}/").content.decode()


def test_nobody_is_pre_ticked_and_saving_the_form_twice_leaves_identical_rows(meeting, personas, client_as):
    activity, (zhao, qian, sun) = meeting
    secretary = client_as(personas["支部书记A1"])
    first = open_form(secretary, activity)
    assert not [key for key in first if key.startswith("status_")]  # nothing recorded, nothing ticked
    assert "未登记4人" in secretary.get(activity.get_absolute_url()).content.decode()
    tick(first, zhao, "present")
    tick(first, qian, "leave", "sick", "住院")
    tick(first, sun, "absent")
    assert secretary.post(f"/activities/{activity.pk}/attendance/", first).status_code == 302
    after_first = stored(activity)
    assert after_first[qian.pk] == ("leave", "sick", "住院", False)
    assert after_first[personas["党员A1"].member.pk][0] == "unrecorded"
    saves = AuditEvent.objects.filter(event=Event.ACTIVITY_ATTENDANCE_RECORDED).count()

    second = open_form(secretary, activity)
    assert second[f"status_{qian.pk}"] == "leave" and second[f"leave_{qian.pk}"] == "sick"
    assert second[f"reason_{qian.pk}"] == "住院" and f"status_{personas['党员A1'].member.pk}" not in second
    saved_again = secretary.post(f"/activities/{activity.pk}/attendance/", second, follow=True)
    assert "出席情况没有变动" in saved_again.content.decode()
    assert stored(activity) == after_first
    assert AuditEvent.objects.filter(event=Event.ACTIVITY_ATTENDANCE_RECORDED).count() == saves


def test_a_check_in_followed_by_a_form_save_keeps_the_check_in(meeting, personas, client_as):
    activity, (zhao, qian, sun) = meeting
    scanner = personas["党员A1"].member
    secretary = client_as(personas["支部书记A1"])
    services.record_attendance(actor=SETUP, activity=activity, entries={scanner.pk: ("leave", "sick", "住院")})
    loaded_before_the_scan = open_form(secretary, activity)
    scan(personas, activity)
    assert stored(activity)[scanner.pk] == ("present", "", "", True)  # no "出席 — 住院"

    tick(loaded_before_the_scan, zhao, "present")
    assert secretary.post(f"/activities/{activity.pk}/attendance/", loaded_before_the_scan).status_code == 302
    rows = stored(activity)
    assert rows[scanner.pk] == ("present", "", "", True)
    assert rows[zhao.pk][0] == "present" and rows[qian.pk][0] == rows[sun.pk][0] == "unrecorded"

    page = secretary.get(activity.get_absolute_url()).content.decode()
    assert "本人扫码签到" in page and f'name="status_{scanner.pk}"' not in page  # the form cannot change it

    stale = tick(loaded_before_the_scan, scanner, "absent")  # the stale tab tries to overwrite the scan
    refused = secretary.post(f"/activities/{activity.pk}/attendance/", tick(stale, qian, "absent"))
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "普通党员甲：在您打开页面后本人已扫码签到" in text and "本次没有保存任何修改" in text
    assert stored(activity) == rows
    assert read_form(text, activity)[f"status_{qian.pk}"] == "absent"  # what the user typed is still there


def test_two_tabs_keep_each_others_changes_and_a_clash_is_refused(meeting, personas, client_as):
    activity, (zhao, qian, sun) = meeting
    one, two = client_as(personas["支部书记A1"]), client_as(personas["党务干部A1"])
    tab_one, tab_two = open_form(one, activity), open_form(two, activity)
    assert one.post(f"/activities/{activity.pk}/attendance/", tick(tab_one, zhao, "absent")).status_code == 302
    assert (
        two.post(f"/activities/{activity.pk}/attendance/", tick(tab_two, qian, "leave", "official")).status_code == 302
    )
    assert stored(activity)[zhao.pk][0] == "absent" and stored(activity)[qian.pk][:2] == ("leave", "official")

    clash = two.post(f"/activities/{activity.pk}/attendance/", tick(tab_two, zhao, "present"))
    text = clash.content.decode()
    assert "赵一：在您打开页面后已被他人改为“缺席”" in text and "再次保存将改为您的选择" in text
    assert stored(activity)[zhao.pk][0] == "absent"

    shown_again = read_form(text, activity)  # having seen the other entry, saving again is a choice
    assert shown_again[f"status_{zhao.pk}"] == "present"
    assert two.post(f"/activities/{activity.pk}/attendance/", shown_again).status_code == 302
    assert stored(activity)[zhao.pk][0] == "present" and stored(activity)[qian.pk][:2] == ("leave", "official")


def test_the_rest_are_marked_absent_only_on_request_and_signing_needs_everyone_recorded(meeting, personas, client_as):
    activity, (zhao, qian, sun) = meeting
    scanner = personas["党员A1"].member
    secretary = client_as(personas["支部书记A1"])
    scan(personas, activity)
    form = tick(open_form(secretary, activity), zhao, "leave", "personal", "外出")
    assert "保存并将未登记人员记为缺席" in secretary.get(activity.get_absolute_url()).content.decode()
    secretary.post(f"/activities/{activity.pk}/attendance/", form)
    assert stored(activity)[qian.pk][0] == stored(activity)[sun.pk][0] == "unrecorded"

    services.save_minutes(actor=SETUP, activity=activity, minutes="会议学习了上级精神，研究了下半年工作。")
    refused = secretary.post(f"/activities/{activity.pk}/sign/", follow=True).content.decode()
    assert "钱二、孙三的出席情况尚未登记" in refused

    form = tick(open_form(secretary, activity), qian, "present")
    secretary.post(f"/activities/{activity.pk}/attendance/", form | {"rest_absent": "1"})
    rows = stored(activity)
    assert rows[scanner.pk] == ("present", "", "", True) and rows[zhao.pk] == ("leave", "personal", "外出", False)
    assert rows[qian.pk][0] == "present" and rows[sun.pk][0] == "absent"
    assert "已签发" in secretary.post(f"/activities/{activity.pk}/sign/", follow=True).content.decode()


def test_a_signed_meeting_changes_only_by_amendment(meeting, personas, client_as):
    activity, (zhao, qian, sun) = meeting
    secretary = client_as(personas["支部书记A1"])
    form = open_form(secretary, activity)
    everyone = {row.member_id for row in Attendance.objects.filter(activity=activity)}
    secretary.post(f"/activities/{activity.pk}/attendance/", form | {f"status_{pk}": "present" for pk in everyone})
    services.save_minutes(actor=SETUP, activity=activity, minutes="会议学习了上级精神，研究了下半年工作。")
    services.sign(actor=personas["支部书记A1"], activity=activity)
    before = stored(activity)

    page = secretary.get(activity.get_absolute_url()).content.decode()
    assert "保存出席情况" not in page and "登记更正" in page
    refused = secretary.post(f"/activities/{activity.pk}/attendance/", tick(form, zhao, "absent"), follow=True)
    assert "出席情况不能再修改" in refused.content.decode() and "更正" in refused.content.decode()
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    answer = api.post(
        f"/api/v1/activities/{activity.pk}/attendance/", [{"member": zhao.pk, "status": "absent"}], format="json"
    )
    assert answer.status_code == 400 and "出席情况不能再修改" in str(answer.json())
    assert api.post(f"/api/v1/activities/{activity.pk}/rest-absent/").status_code == 400
    assert stored(activity) == before


def test_the_api_saves_changes_only_and_refuses_a_stale_row_with_409(meeting, personas):
    activity, (zhao, qian, sun) = meeting
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    url = f"/api/v1/activities/{activity.pk}"
    rows = {row["member"]: row for row in api.get(f"{url}/").json()["attendance"]}
    assert {row["status"] for row in rows.values()} == {"unrecorded"}

    services.record_attendance(actor=SETUP, activity=activity, entries={zhao.pk: ("absent", "", "")})
    stale = [dict(rows[zhao.pk], status="present"), dict(rows[qian.pk], status="leave", leave_kind="sick")]
    conflict = api.post(f"{url}/attendance/", stale, format="json")
    assert conflict.status_code == 409 and conflict.json()["members"] == [zhao.pk]
    assert "赵一：在您打开页面后已被他人改为“缺席”" in conflict.json()["detail"][0]
    assert stored(activity)[qian.pk][0] == "unrecorded"  # nothing of a refused batch is written

    unchanged = [rows[sun.pk], dict(rows[qian.pk], status="leave", leave_kind="sick")]
    saved = api.post(f"{url}/attendance/", unchanged, format="json")
    assert saved.status_code == 200
    after = {row["member"]: row for row in saved.json()["attendance"]}
    assert after[zhao.pk]["status"] == "absent" and after[qian.pk]["status"] == "leave"
    assert after[sun.pk]["status"] == "unrecorded" and after[sun.pk]["etag"] == rows[sun.pk]["etag"]

    assert api.post(f"{url}/rest-absent/").status_code == 200
    assert stored(activity)[sun.pk][0] == "absent" and stored(activity)[qian.pk][0] == "leave"


def test_not_yet_recorded_is_never_counted_as_present(tree, meeting, personas, client_as, live_verdicts):
    activity, (zhao, qian, sun) = meeting
    services.record_attendance(actor=SETUP, activity=activity, entries={zhao.pk: ("present", "", "")})
    with pytest.raises(ValidationError, match="超过实到有表决权人数1人"):
        services.record_vote(actor=SETUP, activity=activity, subject="表决", yes=2, no=0, abstain=0)
    vote = services.record_vote(actor=SETUP, activity=activity, subject="表决", yes=1, no=0, abstain=0)
    assert not vote.is_valid  # one voter of four present: no quorum
    quorum = Verdict.objects.get(organization=tree.a1, rule_id="MTG-02", period_key="2025-06")
    assert quorum.status == VerdictStatus.MISSED and "实到1人" in quorum.explanation  # 3 未登记: not present
    secretary = client_as(personas["支部书记A1"])
    page = secretary.get(activity.get_absolute_url()).content.decode()
    assert '应到4人，实到1人，请假0人，缺席0人，<b class="alarm">未登记3人</b>' in page
    book = compact(secretary.get(f"/ledgers/meetings/?organization={tree.a1.pk}&year=2025").content)
    listed = re.search(r"<dt>未登记出席情况</dt><dd>([^<]*)</dd>", book)
    assert listed and set(listed.group(1).split("、")) == {"钱二", "孙三", "普通党员甲"}
    assert re.search(r"<dt>实到</dt><dd>1人：赵一</dd>", book) and "<dt>缺席</dt><dd>无</dd>" in book
