"""The 待办 inbox: each kind of work a person owes appears with its button, and leaves when the work is done."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from zhibu.activities import attendance
from zhibu.activities import services as activity_services
from zhibu.activities.models import Activity, ActivityKind, Attendance
from zhibu.committees import services as committee_services
from zhibu.core.models import Notification
from zhibu.inbox import services
from zhibu.inspections.models import InspectionPlan, RectificationItem
from zhibu.inspections.tests.test_inspections import finding_data, plan_data
from zhibu.members import transfers
from zhibu.members.models import Transfer
from zhibu.testing import SETUP, api_token, make_member, make_org

pytestmark = pytest.mark.clock("2026-05-12T10:00")
TODAY = datetime.date(2026, 5, 12)


def tasks_of(user, source, within=None, today=TODAY):
    return [task for task in services.collect(user, within, today).tasks if task.source == source]


def general_meeting(branch, when):
    return activity_services.plan_activity(
        actor=SETUP,
        organization=branch,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="五月党员大会",
        planned_at=when,
    )


def test_a_meeting_moves_through_the_inbox_until_it_is_signed(tree, personas, client_as):
    secretary = personas["支部书记A1"]
    make_member(tree.a1)
    meeting = general_meeting(tree.a1, timezone.now() + datetime.timedelta(days=2))
    [hold] = tasks_of(secretary, "meeting.hold")
    assert hold.url == f"/activities/{meeting.pk}/#held" and hold.action == "查看会议"
    assert tasks_of(personas["支部书记B1"], "meeting.hold") == []

    activity_services.record_held(actor=SETUP, activity=meeting, held_at=timezone.now())
    assert tasks_of(secretary, "meeting.hold") == []
    [record] = tasks_of(secretary, "meeting.attendance")
    assert record.url.endswith("#attendance") and record.due == TODAY + datetime.timedelta(days=7)
    assert tasks_of(secretary, "meeting.minutes") == []

    attendance.record_attendance(
        actor=SETUP,
        activity=meeting,
        entries={row.member_id: (Attendance.Status.PRESENT, "", "") for row in meeting.attendance.all()},
    )
    assert tasks_of(secretary, "meeting.attendance") == []
    [minutes] = tasks_of(secretary, "meeting.minutes")
    assert minutes.url.endswith("#minutes")

    activity_services.save_minutes(actor=SETUP, activity=meeting, minutes="会议传达学习了有关精神，讨论了支部工作。")
    [sign] = tasks_of(secretary, "meeting.sign")
    assert sign.url.endswith("#sign") and sign.action == "去签发"
    page = client_as(secretary).get("/inbox/").content.decode()
    assert f'href="/activities/{meeting.pk}/#sign"' in page and "去签发" in page
    client_as(secretary).post(f"/activities/{meeting.pk}/sign/")
    assert Activity.objects.get(pk=meeting.pk).status == Activity.Status.SIGNED
    assert [t for t in services.collect(secretary, None, TODAY).tasks if f"/activities/{meeting.pk}/" in t.url] == []


def test_a_kind_not_yet_held_links_to_the_plan_form_with_it_chosen(tree, personas, client_as):
    secretary = personas["支部书记A1"]
    lecture = ActivityKind.objects.get(code="party_lecture")
    plan = [task for task in tasks_of(secretary, "meeting.plan", tree.a1) if f"kind={lecture.pk}" in task.url]
    assert plan, "本季度党课尚未召开，应列为待办"
    page = client_as(secretary).get(plan[0].url)
    assert page.context["form"].initial["kind"] == lecture
    assert page.context["form"].initial["organization"] == tree.a1
    activity_services.plan_activity(
        actor=SETUP, organization=tree.a1, kind=lecture, title="专题党课", planned_at=timezone.now()
    )
    assert [t for t in tasks_of(secretary, "meeting.plan", tree.a1) if f"kind={lecture.pk}" in t.url] == []


def test_a_link_to_the_plan_form_naming_another_branch_is_ignored(tree, personas, client_as):
    page = client_as(personas["支部书记A1"]).get(f"/activities/new/?organization={tree.b1.pk}&kind=abc")
    assert page.status_code == 200 and page.context["form"].initial["organization"] != tree.b1


def test_a_members_own_resolution_is_in_their_inbox_and_no_one_elses(tree, personas, client_as):
    member = personas["党员A1"]
    meeting = general_meeting(tree.a1, timezone.now() - datetime.timedelta(days=1))
    activity_services.record_held(actor=SETUP, activity=meeting, held_at=timezone.now() - datetime.timedelta(days=1))
    resolution = activity_services.add_resolution(
        actor=SETUP,
        activity=meeting,
        text="整理支部学习资料汇编",
        owner_member=member.member,
        deadline=TODAY + datetime.timedelta(days=3),
    )
    [task] = tasks_of(member, "resolution")
    assert task.personal and task.url == f"/activities/{meeting.pk}/#resolutions"  # the branch records it done
    assert client_as(member).get(task.url).status_code == 200
    assert tasks_of(personas["支部书记A1"], "resolution") == []  # the branch hears of it once it is overdue
    [kept] = tasks_of(personas["支部书记A1"], "resolution", today=TODAY + datetime.timedelta(days=4))
    assert kept.url == f"/activities/resolutions/{resolution.pk}/complete/" and not kept.personal
    assert tasks_of(personas["支部书记B1"], "resolution") == []
    home = client_as(member).get("/").content.decode()
    assert "整理支部学习资料汇编" in home and "查看决议" in home


def test_rectification_items_reach_their_owner_and_the_inspector_once_reported(tree, personas, client_as):
    admin = client_as(personas["工委管理员"])
    admin.post("/inspections/new/", plan_data(tree, personas, period_start="2026-01-01", period_end="2026-03-31"))
    plan = InspectionPlan.objects.get()
    owner = personas["党员A1"].member
    target = plan.targets.get(organization=tree.a1)
    deadline = (TODAY + datetime.timedelta(days=10)).isoformat()
    admin.post(
        f"/inspections/{plan.pk}/targets/{target.pk}/",
        finding_data(owner, found_on=TODAY.isoformat(), deadline_1=deadline),
    )
    item = RectificationItem.objects.get()
    [mine] = tasks_of(personas["党员A1"], "rectification")
    assert mine.personal and mine.url == item.get_absolute_url() and mine.action == "查看整改要求"
    assert client_as(personas["党员A1"]).get(mine.url).status_code == 200
    assert len(tasks_of(personas["支部书记A1"], "rectification")) == 1
    assert tasks_of(personas["支部书记B1"], "rectification") == []
    assert tasks_of(personas["工委管理员"], "rectification.review") == []


def test_an_inbound_transfer_waits_in_the_receiving_branch_only(tree, personas):
    member = make_member(tree.b1)
    transfer = transfers.start_transfer(
        actor=SETUP, member=member, kind=Transfer.Kind.INTERNAL, issued_on=TODAY, to_organization=tree.a1
    )
    [task] = tasks_of(personas["支部书记A1"], "transfer.receive")
    assert task.url == f"/members/transfers/{transfer.pk}/complete/"
    assert tasks_of(personas["支部书记B1"], "transfer.receive") == []  # the sender does not "receive" it


def test_a_term_due_is_in_the_branch_and_the_level_above_until_renewed(tree, personas, client_as):
    term = committee_services.create_term(
        actor=SETUP,
        organization=tree.a1,
        number=3,
        elected_on=datetime.date(2023, 7, 1),
        started_on=datetime.date(2023, 7, 1),
        planned_end_on=datetime.date(2026, 7, 1),
    )
    for keeper in (personas["支部书记A1"], personas["党委管理员A"]):
        [task] = [t for t in tasks_of(keeper, "term.renew") if t.organization.pk == tree.a1.pk]
        assert "3个月内到期" in task.title and task.url == f"/committees/organizations/{tree.a1.pk}/terms/new/"
    assert [t for t in tasks_of(personas["支部书记B1"], "term.renew") if t.organization.pk == tree.a1.pk] == []
    committee_services.create_term(actor=SETUP, organization=tree.a1, number=4, elected_on=TODAY, started_on=TODAY)
    assert (
        term.pk and [t for t in tasks_of(personas["支部书记A1"], "term.renew") if t.organization.pk == tree.a1.pk] == []
    )


def test_term_reminders_go_at_six_three_one_months_and_monthly_once_overdue(tree, personas):
    committee_services.create_term(
        actor=SETUP,
        organization=tree.a1,
        number=1,
        elected_on=datetime.date(2023, 12, 1),
        started_on=datetime.date(2023, 12, 1),
        planned_end_on=datetime.date(2026, 12, 1),
    )

    def told(user):
        return Notification.objects.filter(user=user, task__startswith=f"term.renew:{tree.a1.pk}:").count()

    secretary, above, stranger = personas["支部书记A1"], personas["党委管理员A"], personas["支部书记B1"]
    for day, expected in [
        ("2026-05-30", 0),
        ("2026-06-01", 1),  # six months ahead
        ("2026-06-02", 1),  # once only
        ("2026-09-03", 2),  # three months
        ("2026-11-01", 3),  # one month
        ("2026-12-02", 4),  # overdue
        ("2026-12-30", 4),
        ("2027-01-02", 5),  # overdue, the next month
    ]:
        with time_machine.travel(datetime.datetime.fromisoformat(f"{day}T08:00+08:00"), tick=False):
            call_command("send_term_reminders", stdout=io.StringIO())
        assert told(secretary) == expected and told(above) == expected, day
    assert told(stranger) == 0


def test_a_committee_sees_organisations_with_counts_and_drills_down(tree, personas, client_as):
    admin = personas["工委管理员"]
    for number in range(4, 18):  # more branches, each with its own kinds not yet held this period
        make_org(tree.a, f"支部A{number}", "branch")
    inbox = services.collect(admin, tree.gongwei, TODAY)
    assert len(inbox.tasks) > services.FLAT_LIMIT
    groups = inbox.groups
    assert (
        {tree.a.pk, tree.b.pk} <= {group.organization.pk for group in groups} <= {tree.gongwei.pk, tree.a.pk, tree.b.pk}
    )
    assert sum(len(group.tasks) for group in groups) == len(inbox.tasks)
    page = client_as(admin).get("/inbox/", {"organization": tree.gongwei.pk}).content.decode()
    assert f"/inbox/?organization={tree.a.pk}" in page and "按党组织" in page
    branch = services.collect(personas["支部书记A1"], tree.a1, TODAY)
    assert branch.groups is None  # a branch and its 党小组: one list, however long
    drilled = client_as(admin).get("/inbox/", {"organization": tree.b.pk})
    assert drilled.context["inbox"].tasks
    assert all(task.organization.path.startswith(tree.b.path) for task in drilled.context["inbox"].tasks)


def test_bad_or_foreign_narrowing_is_a_message_not_an_error(tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    for query in ({"organization": "9" * 30}, {"organization": tree.b1.pk}, {"source": "nonsense"}):
        response = client.get("/inbox/", query)
        assert response.status_code == 200 and "查询条件有误" in response.content.decode()
        assert all(not t.organization.path.startswith(tree.b1.path) for t in response.context["inbox"].tasks)


def test_the_api_lists_the_same_tasks_and_refuses_bad_narrowing(tree, personas, client):
    secretary = personas["支部书记A1"]
    make_member(tree.a1)
    general_meeting(tree.a1, timezone.now() + datetime.timedelta(days=1))
    headers = {"HTTP_AUTHORIZATION": f"Token {api_token(secretary)}"}
    answer = client.get("/api/v1/inbox/", **headers)
    assert answer.status_code == 200
    page = services.collect(secretary, None, TODAY).tasks
    assert [row["title"] for row in answer.json()] == [task.title for task in page]
    hold = [row for row in answer.json() if row["kind"] == "meeting.hold"][0]
    assert hold["urgency"] in ("due_soon", "open") and hold["url"].startswith("http://testserver/activities/")
    refused = client.get("/api/v1/inbox/", {"organization": tree.b1.pk}, **headers)
    assert refused.status_code == 400 and "权限" in str(refused.json())
    assert client.get("/api/v1/inbox/", {"source": "meeting.hold"}, **headers).json()[0]["kind"] == "meeting.hold"


def test_a_person_with_no_role_gets_an_empty_inbox(tree, personas, client_as):
    response = client_as(personas["无角色"]).get("/inbox/")
    assert response.status_code == 200 and "没有待办事项" in response.content.decode()


def test_a_members_home_is_their_own_work_not_the_committee_board(tree, personas, client_as):
    home = client_as(personas["党员A1"]).get("/")
    page = home.content.decode()
    assert home.status_code == 200 and "我的档案" in page and "党费连续未缴" in page
    assert "在册党员" not in page and "换届已超期" not in page
    board = client_as(personas["支部书记A1"]).get("/").content.decode()
    assert "我的待办" in board and "在册党员" in board


def test_a_member_behind_with_dues_is_told_in_their_own_inbox(tree, personas):
    from zhibu.dues import services as dues

    member = personas["党员A1"].member
    dues.set_assessment(actor=personas["支部书记A1"], member=member, year=2026, category="salaried", base="5000")
    [own] = tasks_of(personas["党员A1"], "dues.own")
    assert own.personal and own.url == "/me/dues/" and "已连续4个月未缴纳" in own.title
    assert tasks_of(personas["支部书记A1"], "dues.own") == []


@pytest.mark.clock("2026-09-26T10:00")
def test_a_due_date_on_a_holiday_moves_to_the_first_working_day_after_it(tree, personas):
    """民法典第二百零三条: the 7 days for the attendance end on 3 October, inside the National Day holiday, so the
    task is due on Thursday 8 October, the first working day after it."""
    today = datetime.date(2026, 9, 26)
    meeting = general_meeting(tree.a1, timezone.now() + datetime.timedelta(hours=1))
    activity_services.record_held(actor=SETUP, activity=meeting, held_at=timezone.now() + datetime.timedelta(hours=1))
    [record] = tasks_of(personas["支部书记A1"], "meeting.attendance", today=today)
    assert record.due == datetime.date(2026, 10, 8)
