"""The pipeline board, the reminders in the 待办 inbox, the step form that asks only what the chosen step needs, and
the new-recruit form's branch."""

import datetime

import pytest

from zhibu.inbox import services as inbox
from zhibu.recruitment import services
from zhibu.recruitment.tests.paths import CLOCK, new_recruit, walk
from zhibu.testing import SETUP, api_token, compact

pytestmark = pytest.mark.clock(CLOCK)  # 2026-06-15
D = datetime.date
TODAY = D(2026, 6, 15)


def reminders(user, today=TODAY):
    return [task for task in inbox.collect(user, None, today).tasks if task.source == "recruitment.due"]


def test_the_board_groups_a_branchs_recruits_by_stage_with_what_is_due(tree, personas, client_as):
    new_recruit(tree.a1, applied_on=D(2026, 5, 14), name="王逾期", birth=D(1996, 1, 1))
    new_recruit(tree.a1, applied_on=D(2026, 6, 1), name="李按时", birth=D(1997, 1, 1))
    activist = new_recruit(tree.a1, name="赵积极", birth=D(1998, 1, 1))
    walk(tree, activist, "mentors")
    new_recruit(tree.b1, applied_on=D(2026, 6, 1), name="外支部", birth=D(1999, 1, 1))
    answer = client_as(personas["支部书记A1"]).get("/recruitment/board/")
    html = compact(answer.content)
    assert answer.status_code == 200 and "外支部" not in html and "<table" not in html
    counts = {column["label"]: [card["name"] for card in column["cards"]] for column in answer.context["columns"]}
    assert counts == {"入党申请人": ["王逾期", "李按时"], "入党积极分子": ["赵积极"], "发展对象": [], "预备党员": []}
    assert "已逾期 党组织派人谈话：2026年6月14日前（DEV-02）" in html
    assert "党组织派人谈话：2026年7月1日前（DEV-02）" in html
    assert "已到：指定培养联系人" in html and "下一步：确定发展对象" in html and "最早2024年9月1日" in html
    assert "已逾期 培养教育考察：2024年3月1日前（DEV-06）" in html
    assert answer.context["overdue"] == 3  # 王逾期's talk; 赵积极's assessment and thought report
    assert html.count('class="recruit-card late"') == 2


def test_a_committee_sees_its_branches_and_narrows_to_one(tree, personas, client_as):
    new_recruit(tree.a1, applied_on=D(2026, 6, 1), name="甲支部人", birth=D(1996, 1, 1))
    new_recruit(tree.a2, applied_on=D(2026, 6, 1), name="乙支部人", birth=D(1997, 1, 1))
    new_recruit(tree.b1, applied_on=D(2026, 6, 1), name="外党委人", birth=D(1998, 1, 1))
    client = client_as(personas["党委管理员A"])
    html = compact(client.get("/recruitment/board/").content)
    assert "甲支部人" in html and "乙支部人" in html and "支部A2" in html and "外党委人" not in html
    narrowed = compact(client.get("/recruitment/board/", {"organization": tree.a2.pk}).content)
    assert "乙支部人" in narrowed and "甲支部人" not in narrowed
    foreign = client_as(personas["支部书记A1"]).get("/recruitment/board/", {"organization": tree.b1.pk})
    assert "外党委人" not in compact(foreign.content)
    refused = client.get("/recruitment/board/", {"organization": "abc"})
    assert refused.status_code == 200 and refused.context["total"] == 0
    assert refused.context["filter"].errors and "甲支部人" not in compact(refused.content)
    token = {"HTTP_AUTHORIZATION": f"Token {api_token(personas['党委管理员A'])}"}
    assert client.get("/api/v1/recruits/", {"stage": "nonsense"}, **token).status_code == 400


def test_the_board_is_in_the_navigation(tree, personas, client_as):
    html = compact(client_as(personas["支部书记A1"]).get("/recruitment/").content)
    assert 'href="/recruitment/board/"' in html and "发展党员看板" in html


def test_the_talk_reminder_is_due_today_then_overdue_and_leaves_when_recorded(tree, personas):
    on_time = new_recruit(tree.a1, applied_on=D(2026, 5, 15), name="今天到期", birth=D(1996, 1, 1))
    new_recruit(tree.a1, applied_on=D(2026, 5, 14), name="昨天到期", birth=D(1997, 1, 1))
    tasks = {task.title.split("：")[0]: task for task in reminders(personas["支部书记A1"])}
    assert tasks["今天到期"].due == TODAY and tasks["今天到期"].urgency.label == "即将到期"
    assert tasks["昨天到期"].urgency.label == "已逾期"
    assert "收到入党申请书后1个月内应派人谈话（DEV-02）" in tasks["今天到期"].title
    assert tasks["今天到期"].url == f"/recruitment/{on_time.pk}/steps/new/?step=application_talk"
    assert {task.title.split("：")[0] for task in reminders(personas["党委管理员A"])} == {"今天到期", "昨天到期"}
    assert reminders(personas["支部书记B1"]) == [] and reminders(personas["党员A1"]) == []
    walk(tree, on_time, "application_talk", happened_on=TODAY)
    assert {task.title.split("：")[0] for task in reminders(personas["支部书记A1"])} == {"昨天到期"}


def test_an_assessment_enters_the_inbox_a_month_before_it_is_due(tree, personas):
    inside = new_recruit(tree.a1, name="三十天", birth=D(1996, 1, 1))
    walk(tree, inside, "activist", happened_on=D(2026, 1, 15), explanation="")
    outside = new_recruit(tree.a1, name="三十一天", birth=D(1997, 1, 1))
    walk(tree, outside, "activist", happened_on=D(2026, 1, 16))
    tasks = [(task.title.split("：")[0], task.due) for task in reminders(personas["支部书记A1"])]
    assert ("三十天", D(2026, 7, 15)) in tasks  # the assessment, 30 days ahead
    assert ("三十一天", D(2026, 7, 16)) not in tasks  # 31 days ahead: not yet
    assert ("三十一天", D(2026, 4, 16)) in tasks  # its quarterly thought report is overdue
    services.record_step(
        actor=SETUP, recruit=inside, code="activist_assessment", happened_on=TODAY, acting_organization=tree.a1
    )
    assert ("三十天", D(2026, 7, 15)) not in [
        (t.title.split("：")[0], t.due) for t in reminders(personas["支部书记A1"])
    ]


def fields_for(client, recruit, step=None):
    answer = client.get(f"/recruitment/{recruit.pk}/steps/new/", {"step": step} if step else {})
    assert answer.status_code == 200
    return answer, set(answer.context["form"].fields) - {"submission_key"}


BASE_FIELDS = {"code", "happened_on", "acting_organization", "note", "explanation", "evidence"}


def test_the_step_form_asks_only_for_what_the_chosen_step_needs(tree, personas, client_as):
    recruit = new_recruit(tree.a1)
    client = client_as(personas["支部书记A1"])
    answer, fields = fields_for(client, recruit)
    assert fields == BASE_FIELDS | {"talkers"} and answer.context["form"]["code"].value() == "application_talk"
    assert fields_for(client, recruit, "sponsors")[1] == BASE_FIELDS | {"sponsors"}
    assert fields_for(client, recruit, "mentors")[1] == BASE_FIELDS | {"mentors"}
    assert fields_for(client, recruit, "admission_vote")[1] == BASE_FIELDS | {"vote", "written_yes"}
    assert fields_for(client, recruit, "training")[1] == BASE_FIELDS | {"training_days", "training_hours"}
    assert fields_for(client, recruit, "vetting")[1] == BASE_FIELDS | {"vetting_conclusion", "vetting_passed"}
    assert fields_for(client, recruit, "extension_vote")[1] == BASE_FIELDS | {"vote", "written_yes", "extension_months"}
    assert fields_for(client, recruit, "thought_report")[1] == BASE_FIELDS
    own = fields_for(client, recruit, "activist")[0].context["form"].fields["acting_organization"].queryset
    above = fields_for(client, recruit, "activist_filed")[0].context["form"].fields["acting_organization"].queryset
    assert list(own) == [tree.a1] and tree.a in above


def test_an_unknown_step_is_a_message_and_the_next_step_is_offered(tree, personas, client_as):
    recruit = new_recruit(tree.a1)
    answer, fields = fields_for(client_as(personas["支部书记A1"]), recruit, "nonsense")
    assert "没有这个步骤，请从列表中选择" in compact(answer.content)
    assert answer.context["form"]["code"].value() == "application_talk" and "talkers" in fields


def test_a_chosen_step_is_recorded_through_its_own_form(tree, personas, client_as):
    recruit = new_recruit(tree.a1)
    walk(tree, recruit, "application_talk")
    client = client_as(personas["支部书记A1"])
    url = f"/recruitment/{recruit.pk}/steps/new/"
    page = client.get(url, {"step": "thought_report"})
    html = compact(page.content)
    assert "思想汇报" in html and 'name="step"' in html and "材料：思想汇报" in html
    key = page.context["form"]["submission_key"].value()
    data = {
        "submission_key": key,
        "code": "thought_report",
        "happened_on": "2023-06-01",
        "acting_organization": tree.a1.pk,
    }
    assert client.post(url + "?step=thought_report", data).status_code == 302
    assert recruit.steps.filter(code="thought_report").exists()


def test_the_new_recruit_form_preselects_the_only_branch(tree, personas, client_as):
    own = client_as(personas["支部书记A1"]).get("/recruitment/new/").context["form"]["organization"].value()
    assert own == tree.a1.pk
    several = client_as(personas["党委管理员A"]).get("/recruitment/new/").context["form"]["organization"].value()
    assert several is None
