"""Sub-tasks (子任务): the owner of a task splits it for the organisations below it, one level deep; each sub-task
runs the loop (认领、月报、销号) with the parent task's owner deciding its closure; progress rolls up by weight; the
parent is closed only when its sub-tasks are; strangers see nothing and an owner cannot close its own sub-task."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.testing import SETUP
from zhibu.worklog import services
from zhibu.worklog.models import Status, Task
from zhibu.worklog.tests.ledger import CLOCK, D, accepted_task, pdf
from zhibu.worklog.tests.test_pages import post_form

pytestmark = pytest.mark.clock(CLOCK)


def messages(error):
    return " ".join(error.value.messages)


@pytest.fixture
def parent(tree):
    """The 工委's plan with a task for 党委A, accepted."""
    _plan, task = accepted_task(tree.gongwei, tree.a)
    return task


def split(task, owner, *, weight=1, deadline=None, actor=SETUP):
    return services.add_subtask(
        actor=actor,
        task=task,
        owner=owner,
        deliverable=f"{owner}落实",
        deadline=deadline or D(2026, 6, 1),
        weight=weight,
    )


def test_the_owner_splits_its_task_on_the_page(tree, personas, client_as, parent):
    client = client_as(personas["党委管理员A"])
    page = client.get(f"/worklog/tasks/{parent.pk}/").content.decode()
    assert "分解子任务" in page
    answer = post_form(
        client,
        f"/worklog/tasks/{parent.pk}/subtasks/new/",
        {"owner": tree.a1.pk, "deliverable": "支部学习计划", "deadline": "2026-05-31", "weight": 3},
    )
    assert answer.status_code == 302
    subtask = Task.objects.get(parent=parent)
    assert (subtask.owner, subtask.point, subtask.weight, subtask.status) == (tree.a1, parent.point, 3, Status.ISSUED)
    assert AuditEvent.objects.filter(event=Event.WORKLOG_SUBTASK_ASSIGNED, object_id=str(subtask.pk)).exists()
    page = client.get(f"/worklog/tasks/{parent.pk}/").content.decode()
    assert "支部学习计划" in page and "子任务汇总进度" in page
    # The plan's page and its counts show the plan's tasks; the sub-task lives on its task's page.
    plan_page = client.get(f"/worklog/plans/{parent.plan.pk}/").content.decode()
    assert "支部学习计划" not in plan_page


def test_bad_sub_tasks_are_refused_in_chinese_and_nothing_is_written(tree, parent):
    cases = [
        (tree.b1, D(2026, 6, 1), "子任务的责任单位须是党委A或其下级组织"),
        (tree.a1, D(2026, 7, 1), "不能晚于上级任务的时限（2026年6月30日）"),
        (tree.a1, D(2025, 12, 1), "不能早于工作要点的印发日期"),
    ]
    for owner, deadline, fragment in cases:
        with pytest.raises(ValidationError) as error:
            split(parent, owner, deadline=deadline)
        assert fragment in messages(error)
    with pytest.raises(ValidationError) as error:
        split(parent, tree.a1, weight=0)
    assert "权重应为1至100" in messages(error)
    assert not Task.objects.filter(parent=parent).exists()


def test_one_level_only_and_only_once_accepted(tree, parent):
    _plan, issued = accepted_task(tree.gongwei, tree.a2, title="另一份要点")
    fresh = services.add_task(
        actor=SETUP, point=issued.point, owner=tree.a, deliverable="未认领", deadline=D(2026, 6, 30)
    )
    with pytest.raises(ValidationError) as error:
        split(fresh, tree.a1)
    assert "请先认领该任务，再分解子任务" in messages(error)
    subtask = services.accept_task(actor=SETUP, task=split(parent, tree.a1))
    with pytest.raises(ValidationError) as error:
        split(subtask, tree.a1)
    assert "子任务不能再分解" in messages(error)


def test_progress_rolls_up_and_the_parent_closes_after_its_sub_tasks(tree, personas, parent):
    first = services.accept_task(actor=SETUP, task=split(parent, tree.a1, weight=3))
    second = services.accept_task(actor=SETUP, task=split(parent, tree.a2, weight=1))
    services.report_progress(
        actor=personas["支部书记A1"], task=first, month=D(2026, 4, 1), percent=40, narrative="推进"
    )
    parent.refresh_from_db()
    assert parent.rolled_up_percent() == 30  # (3×40 + 1×0) / 4
    with pytest.raises(ValidationError) as error:
        services.request_closure(actor=SETUP, task=parent, summary="完成", uploads=[pdf()])
    assert "还有2项子任务未销号" in messages(error)

    services.request_closure(actor=personas["支部书记A1"], task=first, summary="完成", uploads=[pdf()])
    # The sub-task's owner may not close its own sub-task; the parent's owner (党委A) decides.
    with pytest.raises((PermissionDenied, Http404)):
        services.accept_closure(actor=personas["支部书记A1"], task=first)
    services.accept_closure(actor=personas["党委管理员A"], task=first)
    parent.refresh_from_db()
    assert parent.rolled_up_percent() == 75  # (3×100 + 1×0) / 4
    services.request_closure(actor=SETUP, task=second, summary="完成", uploads=[pdf()])
    services.accept_closure(actor=personas["党委管理员A"], task=second)
    services.request_closure(actor=SETUP, task=parent, summary="子任务均已完成", uploads=[pdf()])
    services.accept_closure(actor=personas["工委管理员"], task=parent)
    parent.refresh_from_db()
    assert parent.status == Status.CLOSED and parent.rolled_up_percent() == 100


def test_the_sub_tasks_review_waits_in_the_parent_owners_inbox(tree, personas, client_as, parent):
    subtask = services.accept_task(actor=SETUP, task=split(parent, tree.a1))
    services.request_closure(actor=personas["支部书记A1"], task=subtask, summary="完成", uploads=[pdf()])
    review_url = f"/worklog/tasks/{subtask.pk}/review/"
    assert client_as(personas["党委管理员A"]).get(review_url).status_code == 200
    assert client_as(personas["支部书记A1"]).get(review_url).status_code == 403
    from zhibu.worklog.inbox import closures_to_review

    assert [item.url for item in closures_to_review(personas["党委管理员A"], None, D(2026, 5, 10))] == [review_url]


def test_another_branch_sees_no_sub_task_and_cannot_split(tree, personas, client_as, parent):
    subtask = split(parent, tree.a1)
    stranger = client_as(personas["支部书记B1"])
    assert stranger.get(f"/worklog/tasks/{subtask.pk}/").status_code == 404
    assert stranger.get(f"/worklog/tasks/{parent.pk}/subtasks/new/").status_code == 404
    ids = [row["id"] for row in stranger.get("/api/v1/worklog-tasks/").json()["results"]]
    assert subtask.pk not in ids
    # The branch owning the sub-task reads it, not split its parent.
    branch = client_as(personas["支部书记A1"])
    assert branch.get(f"/worklog/tasks/{subtask.pk}/").status_code == 200
    assert branch.get(f"/worklog/tasks/{parent.pk}/subtasks/new/").status_code in (403, 404)
