"""The second slice: routing a new complaint to the unit head and the 效能办 at once, the yellow and red cards of an
overdue complaint, the 说“不” with its review and its escalation to the next level on the right working day, and the
link into the 整改 loop."""

import datetime
import uuid
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhibu.accounts.models import Role
from zhibu.complaints import routing, services
from zhibu.complaints.inbox import open_complaints, refusals_to_decide, refusals_to_review
from zhibu.complaints.models import Complaint
from zhibu.complaints.tests.helpers import CLOCK, complaint, intake_point
from zhibu.core.models import Notification
from zhibu.testing import SETUP, compact, persona

pytestmark = pytest.mark.clock(CLOCK)
D = datetime.date


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def routed(tree, personas):
    head = persona("unit_head_a", tree.a, Role.DANGWEI_ADMIN)
    office = persona("xiaonengban", tree.gongwei, Role.GONGWEI_ADMIN)
    point = services.create_intake_point(
        actor=personas["党委管理员A"],
        organization=tree.a1,
        unit_name="市行政审批局",
        kind="unit",
        unit_head=head,
        efficiency_office=office,
    )
    return point, head, office


# Routing -----------------------------------------------------------------------------------------------------------


def test_the_unit_head_and_the_efficiency_office_are_told_at_once(routed, personas):
    point, head, office = routed
    made = complaint(point)
    told = Notification.objects.filter(url=f"/complaints/{made.pk}/")
    assert sorted(told.values_list("user__username", flat=True)) == ["unit_head_a", "xiaonengban"]
    assert all("新的群众投诉" in text and "2026年11月21日" in text for text in told.values_list("text", flat=True))
    # Nobody else is told when both are named: the branch's secretary finds it in the 待办 inbox instead.
    assert not Notification.objects.filter(user=personas["支部书记A1"]).exists()


def test_the_notifications_are_part_of_the_submissions_transaction(routed, monkeypatch):
    point, _, _ = routed

    def broken(*args, **kwargs):
        raise RuntimeError("notification store down")

    monkeypatch.setattr(routing, "notify", broken)
    with pytest.raises(RuntimeError):
        complaint(point)
    assert not Complaint.objects.exists()  # no complaint kept without telling the unit head and the 效能办


def test_an_unnamed_role_falls_back_to_the_branchs_record_keepers(tree, personas):
    point = intake_point(tree.a1)
    made = complaint(point)
    told = set(Notification.objects.filter(url=f"/complaints/{made.pk}/").values_list("user__username", flat=True))
    assert told == {"secretary_a1", "worker_a1"}


def test_a_recipient_must_be_able_to_open_the_complaint(tree, personas, client_as):
    with pytest.raises(ValidationError) as refused:
        services.create_intake_point(
            actor=personas["党委管理员A"],
            organization=tree.a1,
            unit_name="市行政审批局",
            kind="unit",
            unit_head=personas["支部书记B1"],
        )
    assert "单位负责人须是支部A1或其上级组织有角色的用户" in str(refused.value)
    # Through the form: the stranger is not among the choices, a clear message instead of a 500.
    answer = client_as(personas["党委管理员A"]).post(
        "/complaints/intake-points/new/",
        {
            "organization": tree.a1.pk,
            "unit_name": "市行政审批局",
            "kind": "unit",
            "unit_head": personas["支部书记B1"].pk,
            "submission_key": uuid.uuid4().hex,
        },
    )
    assert answer.status_code == 200 and "选择一个有效的选项" in compact(answer.content)


# Cards -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "words", "css"),
    [
        ("2026-11-21T18:00", "", ""),
        ("2026-11-22T09:00", "已超期1天", "red"),
        ("2026-11-24T09:00", "黄牌：逾期3天", "yellow"),
        ("2026-11-28T09:00", "红牌：逾期7天", "red card"),
    ],
)
def test_an_overdue_complaint_gets_its_card_on_the_right_day(tree, personas, client_as, day, words, css):
    made = complaint(intake_point(tree.a1))  # due 21 November; yellow after 3 days late, red after 7
    with time_machine.travel(moment(day), tick=False):
        page = client_as(personas["支部书记A1"]).get("/complaints/")
        today = datetime.date.fromisoformat(day[:10])
        [task] = open_complaints(personas["党委管理员A"], None, today)
    assert page.context["rows"][0][1][6] == words
    if words:
        assert f'<span class="badge {css}">{words}</span>' in page.content.decode()
        assert task.title.endswith(f"，{words}")
    else:
        assert task.title.endswith("前办结")
    assert made.pk == page.context["rows"][0][0].pk


# 说“不” -----------------------------------------------------------------------------------------------------------


MONDAY = D(2026, 11, 16)


def refuse(made, actor):
    return services.record_refusal(
        actor=actor, complaint=made, decided_on=MONDAY, official="王科长", reason="所反映事项属于市场监管部门职权"
    )


def test_a_refusal_goes_to_the_next_level_on_the_fifth_working_day(tree, personas, client_as):
    made = complaint(intake_point(tree.a1))
    refusal = refuse(made, personas["支部书记A1"])
    assert refusal.next_level == tree.a and refusal.report_by == D(2026, 11, 23)  # Mon 16 + 5 working days
    a_admin = personas["党委管理员A"]
    # The working day before (Friday 20th, and over the weekend): still the unit's, to review.
    for day in ("2026-11-20T17:00", "2026-11-22T12:00"):
        with time_machine.travel(moment(day), tick=False):
            today = datetime.date.fromisoformat(day[:10])
            assert refusal.escalated_on(today) is None
            assert refusals_to_decide(a_admin, None, today) == []
            assert [t.url for t in refusals_to_review(personas["支部书记A1"], None, today)] == [
                f"/complaints/refusals/{refusal.pk}/review/"
            ]
            assert client_as(a_admin).get("/complaints/", {"refusal": "escalated"}).context["rows"] == []
    # On the day: escalated, in the next level's inbox and list; the unit's review task is gone.
    with time_machine.travel(moment("2026-11-23T08:00"), tick=False):
        today = D(2026, 11, 23)
        assert refusal.escalated_on(today) == today
        [task] = refusals_to_decide(a_admin, None, today)
        assert task.organization == tree.a and task.url == f"/complaints/refusals/{refusal.pk}/decide/"
        assert refusals_to_decide(personas["支部书记A1"], None, today) == []  # not the unit's decision
        assert refusals_to_review(personas["支部书记A1"], None, today) == []
        listed = client_as(a_admin).get("/complaints/", {"refusal": "escalated"})
        assert [row[0].pk for row in listed.context["rows"]] == [made.pk]
        assert "已报上级" in compact(listed.content)
        # Too late for the unit to resolve it alone; the next level decides, dated.
        with pytest.raises(ValidationError, match="已过本级解决期限"):
            services.review_refusal(
                actor=personas["支部书记A1"], refusal=refusal, reviewed_on=today, reviewer="李书记", decision="resolve"
            )
        secretary = client_as(personas["支部书记A1"])
        shown = secretary.get(f"/complaints/refusals/{refusal.pk}/decide/")
        assert shown.status_code == 200 and shown.context["form"] is None  # may see the matter, not decide it …
        answer = secretary.post(
            f"/complaints/refusals/{refusal.pk}/decide/",
            {"closed_on": "2026-11-23", "official": "李书记", "decision": "维持不予办理"},
        )
        assert answer.status_code == 403  # … but the decision belongs to the next level
        answer = client_as(a_admin).post(
            f"/complaints/refusals/{refusal.pk}/decide/",
            {"closed_on": "2026-11-23", "official": "张书记", "decision": "维持不予办理，转市场监管局并告知投诉人"},
        )
        assert answer.status_code == 302
        refusal.refresh_from_db()
        assert (refusal.closed_on, refusal.closing_official) == (today, "张书记")
        assert refusals_to_decide(a_admin, None, today) == []
        page = compact(client_as(a_admin).get(f"/complaints/{made.pk}/").content)
        assert "2026年11月23日报党委A" in page and "维持不予办理，转市场监管局" in page


def test_a_review_reporting_it_sends_it_up_the_same_day(tree, personas):
    made = complaint(intake_point(tree.a1))
    refusal = refuse(made, personas["支部书记A1"])
    refusal = services.review_refusal(
        actor=personas["支部书记A1"], refusal=refusal, reviewed_on=D(2026, 11, 16), reviewer="李书记", decision="report"
    )
    assert refusal.escalated_on(D(2026, 11, 16)) == D(2026, 11, 16)
    assert len(refusals_to_decide(personas["党委管理员A"], None, D(2026, 11, 16))) == 1


def test_a_refusal_resolved_at_this_level_never_goes_up(tree, personas):
    made = complaint(intake_point(tree.a1))
    refusal = refuse(made, personas["支部书记A1"])
    refusal = services.review_refusal(
        actor=personas["支部书记A1"],
        refusal=refusal,
        reviewed_on=D(2026, 11, 16),
        reviewer="李书记",
        decision="resolve",
    )
    assert refusal.escalated_on(D(2026, 12, 31)) is None
    assert refusals_to_decide(personas["党委管理员A"], None, D(2026, 12, 31)) == []
    with pytest.raises(ValidationError, match="尚未报到上级组织"):
        services.close_refusal(
            actor=personas["党委管理员A"],
            refusal=refusal,
            closed_on=D(2026, 11, 16),
            official="张",
            decision="维持原决定",
        )


def test_bad_refusal_input_is_refused_in_chinese(tree, personas, client_as):
    made = complaint(intake_point(tree.a1))
    secretary = client_as(personas["支部书记A1"])
    url = f"/complaints/{made.pk}/refusal/new/"
    for data, message in (
        ({"decided_on": "2026-11-16", "official": "", "reason": "超出职权范围"}, "决定人"),
        ({"decided_on": "2026-11-16", "official": "王", "reason": "不"}, "请写明不予办理的理由"),
        ({"decided_on": "2026-11-10", "official": "王", "reason": "超出职权范围"}, "不能早于收到投诉的日期"),
        ({"decided_on": "2026-11-30", "official": "王", "reason": "超出职权范围"}, "不能晚于今天"),
    ):
        answer = secretary.post(url, data)
        assert answer.status_code == 200 and message in compact(answer.content), data
    assert (
        secretary.post(url, {"decided_on": "2026-11-16", "official": "王", "reason": "超出职权范围"}).status_code == 302
    )
    again = secretary.post(url, {"decided_on": "2026-11-16", "official": "王", "reason": "超出职权范围"})
    assert again.status_code == 200 and "已登记过说“不”" in compact(again.content)  # a double submit


def test_another_branchs_refusal_is_not_found(tree, personas, client_as):
    refusal = refuse(complaint(intake_point(tree.b1)), SETUP)
    secretary = client_as(personas["支部书记A1"])
    assert secretary.get(f"/complaints/refusals/{refusal.pk}/review/").status_code == 404
    assert secretary.get(f"/complaints/refusals/{refusal.pk}/decide/").status_code == 404
    assert secretary.get(f"/complaints/{refusal.complaint_id}/refusal/new/").status_code == 404
    assert refusals_to_decide(personas["党委管理员A"], None, D(2026, 12, 31)) == []


# 整改 ---------------------------------------------------------------------------------------------------------------


def test_a_work_style_problem_is_linked_to_a_rectification_item(tree, personas, client_as):
    from zhibu.inspections.tests.route_records import _items

    items = _items(tree, personas)
    made = complaint(intake_point(tree.a1))
    secretary = client_as(personas["支部书记A1"])
    url = f"/complaints/{made.pk}/rectification/"
    form = secretary.get(url).context["form"]
    assert list(form.fields["item"].queryset) == [items["a1"]]  # another branch's item is no choice
    refused = secretary.post(url, {"item": items["b1"].pk})
    assert refused.status_code == 200 and "选择一个有效的选项" in compact(refused.content)
    assert secretary.post(url, {"item": items["a1"].pk}).status_code == 302
    made.refresh_from_db()
    assert made.rectification == items["a1"]  # linked, not copied: the item stays in the inspections loop
    page = compact(secretary.get(f"/complaints/{made.pk}/").content)
    assert f'href="/inspections/items/{items["a1"].pk}/"' in page and "整改中" in page


def test_a_work_style_problem_opens_a_new_rectification_item_linked_both_ways(tree, personas, client_as):
    from zhibu.inspections.models import RectificationItem
    from zhibu.inspections.tests.route_records import _plans
    from zhibu.members.models import Member

    plans = _plans(tree, personas)
    made = complaint(intake_point(tree.a1))
    owner = Member.objects.filter(organization__path__startswith=tree.a1.path, record_status="active").first()
    assert owner is not None
    url = f"/complaints/{made.pk}/rectification/new/"
    # The branch secretary handles the complaint but does not inspect their own branch: no plan to choose.
    secretary = client_as(personas["支部书记A1"])
    assert "没有您负责的" in compact(secretary.get(url).content)
    assert secretary.post(url, {"plan": plans["a1"].pk}).status_code == 200
    assert not RectificationItem.objects.exists()
    # The 党委 that inspects it opens the item from the complaint page, pre-filled from the complaint.
    admin = client_as(personas["党委管理员A"])
    assert "新建整改事项" in compact(admin.get(f"/complaints/{made.pk}/").content)
    form = admin.get(url).context["form"]
    assert [choice for choice, _label in form.fields["plan"].choices][1:] == [plans["a1"].pk]
    assert made.what in form.initial["description"]
    data = {
        "plan": plans["a1"].pk,
        "description": form.initial["description"],
        "task": form.initial["task"],
        "owner": owner.pk,
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "required_evidence": form.initial["required_evidence"],
    }
    other_plan = admin.post(url, {**data, "plan": plans["b1"].pk})  # another 党委's plan: no choice
    assert other_plan.status_code == 200 and not RectificationItem.objects.exists()
    assert admin.post(url, data).status_code == 302
    assert admin.post(url, data).status_code == 200  # a double submit makes no second item
    item = RectificationItem.objects.get()
    made.refresh_from_db()
    assert made.rectification == item and item.finding.plan == plans["a1"] and item.owner == owner
    assert f'href="/inspections/items/{item.pk}/"' in compact(admin.get(f"/complaints/{made.pk}/").content)
    assert f'href="/complaints/{made.pk}/"' in compact(admin.get(f"/inspections/items/{item.pk}/").content)
    # Another organisation's officer cannot open one for this complaint.
    assert client_as(personas["支部书记B1"]).get(url).status_code == 404
