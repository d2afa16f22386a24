"""年终考核: the numbers on the page and in the export are those of the records (on time, late, open, returns, the
quarterly scores), with the arithmetic written out line by line."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.testing import SETUP
from zhibu.worklog import reviews, services
from zhibu.worklog.assessment import Assessment, assess
from zhibu.worklog.models import Task
from zhibu.worklog.tests.ledger import CLOCK, D, pdf, plan_with_task

pytestmark = pytest.mark.clock(CLOCK)  # 2026-05-10: closures accepted today are on time for June, late for April


def _task(point, owner, weight, deadline):
    task = services.add_task(
        actor=SETUP, point=point, owner=owner, deliverable=f"任务{weight}", deadline=deadline, weight=weight
    )
    return services.accept_task(actor=SETUP, task=task)


def _close(task, *, returns=0):
    for _ in range(returns):
        services.request_closure(actor=SETUP, task=task, summary="完成", uploads=[pdf()])
        services.return_closure(actor=SETUP, task=task, reason="佐证材料不全，请补充")
    services.request_closure(actor=SETUP, task=task, summary="完成", uploads=[pdf()])
    services.accept_closure(actor=SETUP, task=task)


@pytest.fixture
def plan(tree):
    """支部A1: weight 5 closed on time, weight 3 closed late after one return, weight 2 open after one return; scored
    90 and 80 in the first quarter, one comment without a score. 支部A2: weight 4 closed on time, never scored."""
    plan, on_time = plan_with_task(tree.a, tree.a1)  # weight 5, deadline 2026-06-30
    on_time = services.accept_task(actor=SETUP, task=on_time)
    late = _task(on_time.point, tree.a1, 3, D(2026, 4, 30))
    still_open = _task(on_time.point, tree.a1, 2, D(2026, 6, 30))
    other = _task(on_time.point, tree.a2, 4, D(2026, 6, 30))
    _close(on_time)
    _close(late, returns=1)
    services.request_closure(actor=SETUP, task=still_open, summary="完成", uploads=[pdf()])
    services.return_closure(actor=SETUP, task=still_open, reason="成果不完整，请继续")
    _close(other)
    reviews.write_review(actor=SETUP, task=on_time, year=2026, quarter=1, comment="好", score=90)
    reviews.write_review(actor=SETUP, task=late, year=2026, quarter=1, comment="偏慢", score=80)
    reviews.write_review(actor=SETUP, task=still_open, year=2026, quarter=2, comment="抓紧")
    return plan


A1_LINES = [
    "按期销号 1项，权重合计5 × 100% = 5.0",
    "逾期销号 1项，权重合计3 × 60% = 1.8",
    "尚未销号 1项，权重合计2 × 0% = 0.0",
    "完成得分 = (5.0 + 1.8 + 0.0) ÷ 权重合计10 × 100 = 68.0",
    "退回扣分 = 退回2次 × 2分 = 4.0",
    "任务得分 = 68.0 − 4.0 = 64.0",
    "点评评分 = 季度点评评分 90、80 的平均 = 85.0",
    "年终考核得分 = 64.0 × 70% + 85.0 × 30% = 70.3",
]


def test_the_numbers_are_those_of_the_records(tree, plan):
    a1, a2 = assess(Task.objects.filter(point__section__plan=plan))
    assert (a1.owner, a2.owner) == (tree.a1, tree.a2)
    assert (a1.on_time.count, a1.late.count, a1.open.count, a1.returned) == (1, 1, 1, 2)
    assert a1.lines() == A1_LINES and a1.total == Decimal("70.3")
    assert a2.lines()[-2:] == ["点评评分：季度点评未评分", "年终考核得分 = 任务得分 = 100.0"]
    assert (a2.task_score, a2.total) == (Decimal("100.0"), Decimal("100.0"))


def test_the_task_score_does_not_fall_below_zero(tree):
    assessment = Assessment(owner=tree.a1, returned=3)
    assessment.open.count, assessment.open.weight = 1, 4
    assert "任务得分 = 0.0 − 6.0 = −6.0，不低于0分，计0.0" in assessment.lines()
    assert assessment.total == 0 and assessment.lines()[-1] == "年终考核得分 = 任务得分 = 0.0"


def test_the_issuer_sees_every_owner_and_a_branch_its_own(tree, personas, client_as, plan):
    page = client_as(personas["党委管理员A"]).get(f"/worklog/plans/{plan.pk}/assessment/").content.decode()
    assert all(line in page for line in A1_LINES) and "支部A2：100.0分" in page
    own = client_as(personas["支部书记A1"]).get(f"/worklog/plans/{plan.pk}/assessment/").content.decode()
    assert "支部A1：70.3分" in own and "支部A2" not in own
    assert client_as(personas["支部书记B1"]).get(f"/worklog/plans/{plan.pk}/assessment/").status_code == 404


def test_the_export_holds_the_same_rows_and_is_audited(tree, personas, client_as, plan):
    response = client_as(personas["党委管理员A"]).get(f"/worklog/plans/{plan.pk}/assessment/export/")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert [row[0] for row in rows[1:]] == ["支部A1", "支部A2"]
    assert (first["任务数"], first["退回次数"], first["点评评分"], first["年终考核得分"]) == (3, 2, 85, 70.3)
    assert first["计算过程"] == "；".join(A1_LINES)
    assert AuditEvent.objects.filter(event=Event.WORKLOG_ASSESSMENT_EXPORTED).count() == 1
