"""Every browser create a user can double-submit runs once per rendered form: the page carries a hidden one-time key,
and posting the same form twice (a double click, a reload that re-posts, a retry after a slow answer) leaves one
record and shows the first one with a note instead of making a second."""

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from zhibu.activities import services as activity_services
from zhibu.activities.models import ActivityKind, Amendment, Attendance, MakeUp, Resolution, Talk, Vote
from zhibu.committees import services as committee_services
from zhibu.committees.models import Position, PositionKind, Term
from zhibu.members.choices import PartyStatus
from zhibu.members.models import Member, MemberEvent, Transfer
from zhibu.organizations.models import Organization, Unit
from zhibu.testing import SETUP, make_member, member_fields

pytestmark = pytest.mark.clock("2026-11-16T10:00")

KEY_FIELD = re.compile(r'name="submission_key" value="([^"]+)"')
REPEAT_NOTE = "该表单已经提交过，没有重复创建"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class Case:
    page: str  # where the form is rendered
    action: str  # where it posts
    data: Callable[[], dict]  # fresh each post: an upload is consumed by the first
    count: Callable[[], int]


def _held_meeting(tree, absent=1):
    members = [make_member(tree.a1, joined_on=datetime.date(2010, 7, 1)) for _ in range(4)]
    activity = activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="重复提交测试会议",
        planned_at=timezone.now() - datetime.timedelta(days=7),
    )
    activity = activity_services.record_held(actor=SETUP, activity=activity, held_at=activity.planned_at)
    entries = {row.member_id: ("present", "", "") for row in Attendance.objects.filter(activity=activity)}
    for member in members[:absent]:
        entries[member.pk] = ("absent", "", "")
    activity_services.record_attendance(actor=SETUP, activity=activity, entries=entries)
    return activity, members


def _vote(tree, personas):
    activity, _ = _held_meeting(tree)
    return Case(
        page=activity.get_absolute_url(),
        action=f"/activities/{activity.pk}/vote/",
        data=lambda: {"subject": "接收预备党员", "yes": 3, "no": 0, "abstain": 0},
        count=lambda: Vote.objects.filter(activity=activity).count(),
    )


def _resolution(tree, personas):
    activity, members = _held_meeting(tree)
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    return Case(
        page=activity.get_absolute_url(),
        action=f"/activities/{activity.pk}/resolution/",
        data=lambda: {"text": "报上级党委审批", "owner_member": members[1].pk, "deadline": deadline},
        count=lambda: Resolution.objects.filter(activity=activity).count(),
    )


def _makeup(tree, personas):
    activity, members = _held_meeting(tree, absent=2)  # one left to make up afterwards keeps the form on the page
    # 补学 is recorded on the signed record.
    activity_services.save_minutes(actor=SETUP, activity=activity, minutes="会议学习了党章，讨论了本月工作安排。")
    activity = activity_services.sign(actor=personas["支部书记A1"], activity=activity)
    absent = Attendance.objects.get(activity=activity, member=members[0])
    return Case(
        page=activity.get_absolute_url(),
        action=f"/activities/{activity.pk}/makeup/",
        data=lambda: {"attendance": absent.pk, "done_on": timezone.localdate().isoformat(), "note": "观看会议录像"},
        count=lambda: MakeUp.objects.filter(attendance__activity=activity).count(),
    )


def _evidence(tree, personas):
    activity, _ = _held_meeting(tree)
    return Case(
        page=activity.get_absolute_url(),
        action=f"/activities/{activity.pk}/evidence/",
        data=lambda: {"upload": SimpleUploadedFile("签到表.png", _png())},
        count=lambda: activity.evidence.count(),
    )


def _member_create(tree, personas):
    fields = {name: value for name, value in member_fields(name="重复登记").items() if value not in (None, False)}
    return Case(
        page="/members/new/",
        action="",  # the page posts to itself
        data=lambda: fields | {"organization": tree.a1.pk, "party_status": PartyStatus.NORMAL},
        count=lambda: Member.objects.filter(name="重复登记").count(),
    )


def _member_event(tree, personas):
    member = make_member(tree.a1)
    return Case(
        page=f"/members/{member.pk}/events/new/",
        action="",
        data=lambda: {"kind": "suspend", "happened_on": "2026-05-01"},
        count=lambda: MemberEvent.objects.filter(member=member).count(),
    )


def _transfer_start(tree, personas):
    member = make_member(tree.a1)
    return Case(
        page=f"/members/{member.pk}/transfer/",
        action="",
        data=lambda: {"kind": "internal", "to_organization": tree.b1.pk, "issued_on": "2026-11-10"},
        count=lambda: Transfer.objects.filter(member=member).count(),
    )


def _unit_create(tree, personas):
    return Case(
        page="/organizations/units/new/",
        action="",
        data=lambda: {"name": "重复单位", "staff_headcount": 30, "owner": tree.a.pk},
        count=lambda: Unit.objects.filter(name="重复单位").count(),
    )


def _organization_create(tree, personas):
    return Case(
        page="/organizations/new/",
        action="",
        data=lambda: {
            "name": "中共测试局重复处党支部",
            "kind": "branch",
            "code": "TWICE1",
            "parent": tree.a.pk,
            "founded_on": "2024-04-03",
            "sort_order": 0,
        },
        count=lambda: Organization.objects.filter(code="TWICE1").count(),
    )


def _transfer_inbound(tree, personas):
    fields = {name: value for name, value in member_fields(name="外来重复").items() if value not in (None, False)}
    return Case(
        page="/members/transfers/inbound/",
        action="",
        data=lambda: (
            fields
            | {
                "organization": tree.a1.pk,
                "party_status": PartyStatus.NORMAL,
                "counterpart": "外省某党支部",
                "received_on": "2026-11-10",
            }
        ),
        count=lambda: Transfer.objects.filter(member__name="外来重复").count(),
    )


def _amendment(tree, personas):
    activity, _ = _held_meeting(tree)
    activity_services.save_minutes(
        actor=SETUP, activity=activity, minutes="会议由书记主持，传达学习了上级文件精神并讨论了工作。"
    )
    activity_services.sign(actor=personas["支部书记A1"], activity=activity)
    return Case(
        page=f"/activities/{activity.pk}/",
        action=f"/activities/{activity.pk}/amend/",
        data=lambda: {"part": "minutes", "corrected": "更正后的记录", "reason": "漏记内容"},
        count=lambda: Amendment.objects.filter(activity=activity).count(),
    )


def _term_create(tree, personas):
    return Case(
        page=f"/committees/organizations/{tree.a1.pk}/terms/new/",
        action="",
        data=lambda: {"number": 1, "elected_on": "2025-02-01", "started_on": "2025-02-01"},
        count=lambda: Term.objects.filter(organization=tree.a1).count(),
    )


def _position_assign(tree, personas):
    term = committee_services.create_term(
        actor=SETUP,
        organization=tree.a1,
        number=1,
        elected_on=datetime.date(2025, 2, 1),
        started_on=datetime.date(2025, 2, 1),
    )
    member = make_member(tree.a1)
    return Case(
        page=f"/committees/terms/{term.pk}/positions/new/",
        action="",
        data=lambda: {
            "kind": PositionKind.objects.get(code="organization").pk,
            "holder": member.pk,
            "started_on": "2025-02-01",
        },
        count=lambda: Position.objects.filter(term=term).count(),
    )


def _talk(tree, personas):
    first, second = make_member(tree.a1), make_member(tree.a1)
    return Case(
        page=f"/activities/talks/?organization={tree.a1.pk}",
        action="",
        data=lambda: {"first": first.pk, "second": second.pk, "talked_on": "2026-11-10", "topic": "谈心"},
        count=lambda: Talk.objects.filter(organization=tree.a1).count(),
    )


CASES = {
    "meeting vote": _vote,
    "meeting resolution": _resolution,
    "make-up (补学)": _makeup,
    "meeting evidence upload": _evidence,
    "member event (状态变动)": _member_event,
    "member create": _member_create,
    "transfer start": _transfer_start,
    "transfer in from outside": _transfer_inbound,
    "unit create": _unit_create,
    "organization create": _organization_create,
    "meeting amendment (更正)": _amendment,
    "term create": _term_create,
    "position assign": _position_assign,
    "talk record": _talk,
}


def _key_of_form(page: str, action: str) -> str:
    """The hidden key inside the one form that posts to ``action`` (a meeting page holds several; an empty action is
    the page's main form, posting to itself)."""
    if not action:
        forms = page.split('<form method="post" class="form"')
        found = KEY_FIELD.search(forms[1] if len(forms) > 1 else page)
        assert found, "the form renders no submission key"
        return found.group(1)
    for chunk in page.split("<form")[1:]:
        chunk = chunk.split("</form>")[0]
        # A meeting step's form also names its panel (``…/vote/#votes``), where the browser lands afterwards.
        if re.search(rf'action="{re.escape(action)}(#[\w-]+)?"', chunk):
            found = KEY_FIELD.search(chunk)
            assert found, f"the form posting to {action} renders no submission key"
            return found.group(1)
    raise AssertionError(f"no form posting to {action} on the page")


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_posting_a_create_form_twice_creates_one_record(case, tree, personas, client_as):
    case = case(tree, personas)
    client = client_as(personas["党委管理员A"] if "/organizations/" in case.page else personas["支部书记A1"])
    key = _key_of_form(client.get(case.page).content.decode(), case.action)
    before = case.count()
    action = case.action or case.page
    first = client.post(action, case.data() | {"submission_key": key})
    second = client.post(action, case.data() | {"submission_key": key})
    assert case.count() == before + 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert REPEAT_NOTE in client.get(second["Location"]).content.decode()
    # A freshly rendered form is a new submission with a new key.
    assert _key_of_form(client.get(case.page).content.decode(), case.action) != key
