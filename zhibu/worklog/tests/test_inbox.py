"""The 待办 inbox: what an owner organisation owes (accept, due soon or overdue, last month's progress) and the closure
requests waiting for the issuer, on the right days."""

import pytest

from zhibu.core.inbox import Urgency
from zhibu.inbox.services import collect
from zhibu.worklog import services
from zhibu.worklog.tests.ledger import CLOCK, D, accepted_task, pdf, plan_with_task

pytestmark = pytest.mark.clock(CLOCK)


def titles(user, source, today):
    return [(task.title, task.urgency) for task in collect(user, today=today, source=source).tasks]


def test_a_new_task_asks_to_be_accepted(tree, personas):
    plan_with_task(tree.a, tree.a1)
    owed = titles(personas["支部书记A1"], "worklog.owed", D(2026, 5, 10))
    assert owed == [("认领任务：第1条 制定理论学习计划并组织实施", Urgency.OPEN)]
    assert titles(personas["支部书记B1"], "worklog.owed", D(2026, 5, 10)) == []


def test_last_months_progress_is_owed_once_the_month_is_over(tree, personas, fixed_clock):
    fixed_clock.move_to("2026-03-20T10:00+08:00")
    plan, task = accepted_task(tree.a, tree.a1, deadline=D(2026, 12, 31))
    secretary = personas["支部书记A1"]
    assert titles(secretary, "worklog.owed", D(2026, 3, 31)) == []  # accepted this month: nothing owed yet
    owed = titles(secretary, "worklog.owed", D(2026, 4, 3))
    assert owed == [("第1条 制定理论学习计划并组织实施：2026年3月进展，应于2026年4月5日前报送", Urgency.DUE_SOON)]
    assert titles(secretary, "worklog.owed", D(2026, 4, 6))[0][1] == Urgency.OVERDUE
    services.report_progress(actor=secretary, task=task, month=D(2026, 3, 1), percent=20, narrative="启动")
    assert titles(secretary, "worklog.owed", D(2026, 4, 6)) == []


def test_due_soon_and_overdue_tasks(tree, personas, settings):
    settings.WORKLOG_DUE_SOON_DAYS = 7
    plan, task = accepted_task(tree.a, tree.a1, deadline=D(2026, 5, 20))
    services.report_progress(actor=personas["支部书记A1"], task=task, month=D(2026, 5, 1), percent=50, narrative="过半")
    secretary = personas["支部书记A1"]
    assert titles(secretary, "worklog.owed", D(2026, 5, 12)) == []
    soon = titles(secretary, "worklog.owed", D(2026, 5, 13))
    assert soon == [("第1条 制定理论学习计划并组织实施：7天后到期（完成时限2026年5月20日）", Urgency.DUE_SOON)]
    late = titles(secretary, "worklog.owed", D(2026, 5, 21))
    assert late[0] == ("第1条 制定理论学习计划并组织实施：已逾期1天（完成时限2026年5月20日）", Urgency.OVERDUE)


def test_the_named_person_is_reminded_of_the_task_as_their_own(tree, personas, client_as):
    member = personas["党员A1"].member
    plan, task = accepted_task(tree.a, tree.a1, deadline=D(2026, 5, 12))
    services.report_progress(actor=personas["支部书记A1"], task=task, month=D(2026, 5, 1), percent=50, narrative="过半")
    assert collect(personas["党员A1"], today=D(2026, 5, 10), source="worklog.owed").tasks == []
    task.responsible = member
    task.save()
    mine = collect(personas["党员A1"], today=D(2026, 5, 10), source="worklog.owed").personal
    assert [(t.title, t.url) for t in mine] == [
        ("第1条 制定理论学习计划并组织实施：2天后到期（推进中）", f"/worklog/tasks/{task.pk}/")
    ]
    assert client_as(personas["党员A1"]).get(mine[0].url).status_code == 200
    # The branch's keepers see it as the branch's work, not as their own.
    assert not collect(personas["支部书记A1"], today=D(2026, 5, 10), source="worklog.owed").personal


def test_a_closure_request_waits_for_the_issuer_not_the_owner(tree, personas):
    plan, task = accepted_task(tree.a, tree.a1)
    services.request_closure(actor=personas["支部书记A1"], task=task, summary="完成", uploads=[pdf()])
    review = titles(personas["党委管理员A"], "worklog.review", D(2026, 5, 10))
    assert review == [("支部A1申请销号：第1条 制定理论学习计划并组织实施（2026年5月10日提交）", Urgency.OPEN)]
    assert titles(personas["支部书记A1"], "worklog.review", D(2026, 5, 10)) == []
    assert titles(personas["支部书记A1"], "worklog.owed", D(2026, 7, 1)) == []  # waiting for review: nothing owed
    services.accept_closure(actor=personas["党委管理员A"], task=task)
    assert titles(personas["党委管理员A"], "worklog.review", D(2026, 5, 10)) == []
