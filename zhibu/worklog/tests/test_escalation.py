"""逾期上报: an open task escalates to the owner's parent on exactly the day its grace runs out, once, dated, audited,
told to the parent's keepers, on the task page and in the parent's 待办 inbox until it is closed."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.core.models import Notification
from zhibu.inbox.services import collect
from zhibu.worklog import services
from zhibu.worklog.escalation import escalate_overdue
from zhibu.worklog.models import Task
from zhibu.worklog.tests.ledger import CLOCK, D, accepted_task, pdf, plan_with_task

pytestmark = pytest.mark.clock(CLOCK)
GRACE = 10  # DEADLINE is 2026-06-30: the tenth day after is 2026-07-10


@pytest.fixture(autouse=True)
def _grace(settings):
    settings.WORKLOG_ESCALATION_GRACE_DAYS = GRACE


def run(day):
    out = io.StringIO()
    call_command("escalate_worklog", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def test_the_task_escalates_on_the_day_the_grace_runs_out_and_only_once(tree, personas):
    plan, task = accepted_task(tree.a, tree.a1)
    assert "0项" in run(D(2026, 7, 9))  # grace − 1 day: nothing yet
    task.refresh_from_db()
    assert task.escalated_to is None
    assert "1项" in run(D(2026, 7, 10))  # grace: escalated to the branch's parent, 党委A
    task.refresh_from_db()
    assert (task.escalated_to, task.escalated_on) == (tree.a, D(2026, 7, 10))
    assert "0项" in run(D(2026, 7, 10)) and "0项" in run(D(2026, 8, 30))  # never again
    task.refresh_from_db()
    assert task.escalated_on == D(2026, 7, 10)
    assert AuditEvent.objects.filter(event=Event.WORKLOG_TASK_ESCALATED, object_id=str(task.pk)).count() == 1
    told = Notification.objects.filter(task=f"worklog.escalated:{task.pk}")
    assert [n.user for n in told] == [personas["党委管理员A"]]
    assert (
        told.get().text == "工作任务逾期10天，已上报：支部A1 第1条 制定理论学习计划并组织实施（完成时限2026年6月30日）"
    )


def test_a_missed_day_is_caught_up_and_the_grace_is_a_setting(tree, personas, settings):
    plan, task = plan_with_task(tree.a, tree.a1)  # not even accepted: 待认领 is open too
    settings.WORKLOG_ESCALATION_GRACE_DAYS = 3
    assert escalate_overdue(actor=personas["党委管理员A"], today=D(2026, 7, 2)) == 0
    assert escalate_overdue(actor=personas["党委管理员A"], today=D(2026, 7, 20)) == 1
    assert Task.objects.get(pk=task.pk).escalated_on == D(2026, 7, 20)


def test_a_task_waiting_for_review_or_closed_does_not_escalate(tree, personas):
    plan, task = accepted_task(tree.a, tree.a1)
    services.request_closure(actor=personas["支部书记A1"], task=task, summary="已完成", uploads=[pdf()])
    assert "0项" in run(D(2026, 7, 10))
    services.return_closure(actor=personas["党委管理员A"], task=task, reason="佐证材料不全，请补充")
    assert "1项" in run(D(2026, 7, 11))  # returned and still overdue: it escalates after all


def test_the_parent_follows_it_up_in_the_inbox_until_it_is_closed(tree, personas, client_as):
    plan, task = accepted_task(tree.a, tree.a1)
    run(D(2026, 7, 10))
    admin, secretary = personas["党委管理员A"], personas["支部书记A1"]
    followed = collect(admin, today=D(2026, 7, 12), source="worklog.escalated").tasks
    assert [item.title for item in followed] == [
        "逾期上报：支部A1 第1条 制定理论学习计划并组织实施（逾期12天，2026年7月10日上报党委A）"
    ]
    # Once, not again as an owed task of its subtree; the branch itself still owes it.
    assert collect(admin, today=D(2026, 7, 12), source="worklog.owed").tasks == []
    assert collect(secretary, today=D(2026, 7, 12), source="worklog.escalated").tasks == []
    assert collect(secretary, today=D(2026, 7, 12), source="worklog.owed").tasks
    assert collect(personas["支部书记B1"], today=D(2026, 7, 12), source="worklog.escalated").tasks == []
    page = client_as(secretary).get(task.get_absolute_url()).content.decode()
    assert "2026年7月10日已上报党委A" in page
    services.request_closure(actor=secretary, task=task, summary="已完成", uploads=[pdf()])
    services.accept_closure(actor=admin, task=task)
    assert collect(admin, today=D(2026, 7, 12), source="worklog.escalated").tasks == []
    assert Notification.objects.get(task=f"worklog.escalated:{task.pk}").read_at is not None


def test_a_bad_date_is_refused_in_chinese(tree):
    with pytest.raises(CommandError, match="格式不对"):
        call_command("escalate_worklog", "--date", "7月10日", stdout=io.StringIO())


def test_escalated_tasks_are_marked_on_the_plan_and_filtered_in_the_ledger(tree, personas, client_as):
    plan, task = accepted_task(tree.a, tree.a1)
    _other_plan, quiet = plan_with_task(tree.a, tree.a2, title="专项工作要点", deadline=D(2026, 12, 31))
    run(D(2026, 7, 10))
    admin = client_as(personas["党委管理员A"])
    assert "已上报党委A" in admin.get(plan.get_absolute_url()).content.decode()
    listed = admin.get("/api/v1/worklog-tasks/?escalated=true").json()["results"]
    assert [(row["id"], row["escalated_to"], row["escalated_on"]) for row in listed] == [
        (task.pk, tree.a.pk, "2026-07-10")
    ]
    assert [row["id"] for row in admin.get("/api/v1/worklog-tasks/?escalated=false").json()["results"]] == [quiet.pk]
    book = load_workbook(io.BytesIO(admin.get("/worklog/export/?escalated=true").content))
    rows = list(book.active.iter_rows(values_only=True))
    escalated = dict(zip(rows[0], rows[1], strict=True))
    assert len(rows) == 2 and (escalated["责任单位"], escalated["逾期上报至"]) == ("支部A1", "党委A")
