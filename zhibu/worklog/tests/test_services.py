"""The loop through the services: a plan decomposed into tasks, accepted, reported monthly, closed only with evidence,
returned and resubmitted; every refusal in Chinese and nothing half-written."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.core.services import Conflict
from zhibu.testing import SETUP, make_member
from zhibu.worklog import services
from zhibu.worklog.models import Closure, Decision, Point, Progress, Status, Task
from zhibu.worklog.tests.ledger import CLOCK, D, accepted_task, pdf, plan_with_task

pytestmark = pytest.mark.clock(CLOCK)


def messages(error):
    return " ".join(error.value.messages)


def test_a_plan_is_decomposed_into_numbered_points_and_tasks(tree, personas):
    admin = personas["党委管理员A"]
    plan = services.issue_plan(actor=admin, issuer=tree.a, year=2026, title="年度工作要点", issued_on=D(2026, 2, 1))
    first = services.add_section(actor=admin, plan=plan, title="政治建设")
    second = services.add_section(actor=admin, plan=plan, title="组织建设")
    points = [
        services.add_point(actor=admin, section=first, text="学习"),
        services.add_point(actor=admin, section=second, text="换届"),
        services.add_point(actor=admin, section=first, text="宣讲"),
    ]
    assert (first.number, second.number) == (1, 2)
    assert [p.number for p in points] == [1, 2, 3]  # numbered through the plan, not per section
    leader = make_member(tree.a1, name="王书记")
    task = services.add_task(
        actor=admin,
        point=points[0],
        owner=tree.a1,
        deliverable="学习计划",
        deadline=D(2026, 6, 30),
        weight=10,
        leader="李局长",
        responsible=leader,
    )
    assert task.status == Status.ISSUED and task.plan == plan and task.responsible == leader
    assert AuditEvent.objects.filter(event=Event.WORKLOG_TASK_ASSIGNED, object_id=str(task.pk)).count() == 1


def test_a_task_owned_outside_the_issuers_subtree_is_refused(tree, personas):
    plan, task = plan_with_task(tree.a, tree.a1)
    with pytest.raises(ValidationError) as error:
        services.add_task(
            actor=SETUP, point=task.point, owner=tree.b1, deliverable="越界", deadline=D(2026, 6, 30), weight=1
        )
    assert "责任单位须是党委A或其下级组织" in messages(error)
    for weight, fragment in ((0, "权重应为1至100"), (101, "权重应为1至100")):
        with pytest.raises(ValidationError) as error:
            services.add_task(
                actor=SETUP, point=task.point, owner=tree.a2, deliverable="x", deadline=D(2026, 6, 30), weight=weight
            )
        assert fragment in messages(error)
    with pytest.raises(ValidationError) as error:
        services.add_task(actor=SETUP, point=task.point, owner=tree.a2, deliverable="x", deadline=D(2026, 1, 1))
    assert "完成时限不能早于工作要点的印发日期（2026年2月1日）" in messages(error)
    assert Task.objects.count() == 1


def test_only_a_committee_issues_and_only_its_keepers(tree, personas):
    with pytest.raises(ValidationError) as error:
        services.issue_plan(actor=SETUP, issuer=tree.a1, year=2026, title="要点", issued_on=D(2026, 2, 1))
    assert "由机关工委、机关党委或党组印发" in messages(error)
    with pytest.raises(Http404):
        services.issue_plan(
            actor=personas["支部书记B1"], issuer=tree.a, year=2026, title="要点", issued_on=D(2026, 2, 1)
        )
    plan, task = plan_with_task(tree.a, tree.a1)
    # The owner branch reads the plan but may not decompose it.
    with pytest.raises(PermissionDenied):
        services.add_section(actor=personas["支部书记A1"], plan=plan, title="越权")
    with pytest.raises(Conflict):
        services.issue_plan(actor=SETUP, issuer=tree.a, year=2026, title="年度工作要点", issued_on=D(2026, 2, 1))


def test_progress_needs_acceptance_a_past_month_and_a_percent_in_range(tree, personas):
    secretary = personas["支部书记A1"]
    plan, task = plan_with_task(tree.a, tree.a1)
    with pytest.raises(ValidationError) as error:
        services.report_progress(actor=secretary, task=task, month=D(2026, 4, 1), percent=10, narrative="已启动")
    assert "请先认领该任务" in messages(error)
    task = services.accept_task(actor=secretary, task=task)
    assert task.status == Status.IN_PROGRESS and task.accepted_on == D(2026, 5, 10)
    with pytest.raises(ValidationError) as error:
        services.report_progress(actor=secretary, task=task, month=D(2026, 6, 1), percent=10, narrative="将来")
    assert "不能报送将来月份（2026年6月）的进度" in messages(error)
    for percent in (-1, 101):
        with pytest.raises(ValidationError) as error:
            services.report_progress(actor=secretary, task=task, month=D(2026, 4, 1), percent=percent, narrative="x")
        assert "完成进度应为0至100之间的整数" in messages(error)
    with pytest.raises(ValidationError) as error:
        services.report_progress(actor=secretary, task=task, month=D(2026, 1, 1), percent=5, narrative="印发前")
    assert "不能报送此前月份的进度" in messages(error)
    report = services.report_progress(
        actor=secretary, task=task, month=D(2026, 4, 17), percent=40, narrative="制定了学习计划", uploads=[pdf()]
    )
    assert report.month == D(2026, 4, 1) and report.evidence.count() == 1
    task.refresh_from_db()
    assert task.percent == 40
    with pytest.raises(Conflict) as error:
        services.report_progress(actor=secretary, task=task, month=D(2026, 4, 3), percent=50, narrative="再报")
    assert "2026年4月的进度已报送（40%）" in messages(error)
    assert Progress.objects.count() == 1


def test_another_branch_may_not_report(tree, personas):
    plan, task = accepted_task(tree.a, tree.a1)
    with pytest.raises(Http404):
        services.report_progress(
            actor=personas["支部书记B1"], task=task, month=D(2026, 4, 1), percent=10, narrative="越权"
        )


def test_closing_needs_evidence_and_the_issuers_review(tree, personas):
    secretary, issuer = personas["支部书记A1"], personas["党委管理员A"]
    plan, task = accepted_task(tree.a, tree.a1)
    with pytest.raises(ValidationError) as error:
        services.request_closure(actor=secretary, task=task, summary="已全部完成")
    assert "申请销号须上传佐证材料" in messages(error)
    assert not Closure.objects.exists() and Task.objects.get().status == Status.IN_PROGRESS
    closure = services.request_closure(actor=secretary, task=task, summary="已全部完成", uploads=[pdf()])
    assert Task.objects.get().status == Status.REQUESTED and closure.evidence.count() == 1
    # Requested twice: refused, still one request.
    with pytest.raises(ValidationError) as error:
        services.request_closure(actor=secretary, task=task, summary="再次申请", uploads=[pdf()])
    assert "当前为“待销号审核”，不能申请销号" in messages(error)
    # The owner may not close its own task.
    with pytest.raises(PermissionDenied):
        services.accept_closure(actor=secretary, task=task)
    services.accept_closure(actor=issuer, task=task, reason="材料齐全")
    task.refresh_from_db()
    assert task.status == Status.CLOSED and task.closed_on == D(2026, 5, 10)
    closure.refresh_from_db()
    assert closure.decision == Decision.ACCEPTED and closure.decided_by == issuer
    with pytest.raises(ValidationError) as error:
        services.return_closure(actor=issuer, task=task, reason="重复审核测试")
    assert "没有待审核的销号申请" in messages(error)


def test_a_returned_request_is_worked_on_and_resubmitted(tree, personas):
    secretary, issuer = personas["支部书记A1"], personas["党委管理员A"]
    plan, task = accepted_task(tree.a, tree.a1)
    services.request_closure(actor=secretary, task=task, summary="完成", uploads=[pdf()])
    with pytest.raises(ValidationError) as error:
        services.return_closure(actor=issuer, task=task, reason="不行")
    assert "退回须写明理由（不少于5个字）" in messages(error)
    services.return_closure(actor=issuer, task=task, reason="缺少学习记录，请补充")
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS and task.returned_count == 1
    services.report_progress(actor=secretary, task=task, month=D(2026, 5, 1), percent=100, narrative="补充学习记录")
    services.request_closure(actor=secretary, task=task, summary="已补充学习记录", uploads=[pdf("记录.pdf")])
    services.accept_closure(actor=issuer, task=task)
    decisions = list(Closure.objects.order_by("id").values_list("decision", flat=True))
    assert decisions == [Decision.RETURNED, Decision.ACCEPTED]
    assert Task.objects.get().status == Status.CLOSED
    assert Point.objects.get().tasks.get().returned_count == 1
