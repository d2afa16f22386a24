"""A task taken from another record closes that record when it is closed (销号), through the record's own service:
a resolution is marked done, a rectification item reported and — when the closing committee may inspect — accepted;
a return closes nothing, and a record already done by hand is left as it is."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from zhibu.activities.models import Resolution
from zhibu.activities.services import complete_resolution
from zhibu.activities.tests.route_records import _resolutions
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.inspections import services as inspections
from zhibu.inspections.models import InspectionPlan, RectificationItem
from zhibu.inspections.tests.route_records import _items
from zhibu.testing import SETUP, make_member
from zhibu.worklog import services
from zhibu.worklog.models import Status
from zhibu.worklog.sources import kind_of
from zhibu.worklog.tests.ledger import CLOCK, pdf, plan_with_task

pytestmark = pytest.mark.clock(CLOCK)


def _closed_through_the_page(client, task):
    answer = client.post(f"/worklog/tasks/{task.pk}/review/", {"decision": "accept"})
    assert answer.status_code == 302
    task.refresh_from_db()
    assert task.status == Status.CLOSED


def test_closing_a_task_marks_its_resolution_done(tree, personas, client_as):
    plan, task = plan_with_task(tree.a, tree.a1)
    resolution = _resolutions(tree, personas)["a1"]
    linked = services.link_task(actor=personas["党委管理员A"], point=task.point, source=resolution)
    linked = services.accept_task(actor=personas["支部书记A1"], task=linked)
    services.request_closure(actor=personas["支部书记A1"], task=linked, summary="决议已落实到位", uploads=[pdf()])
    # A return closes nothing: the resolution stays open while the branch works on.
    services.return_closure(actor=personas["党委管理员A"], task=linked, reason="请补充落实材料")
    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.OPEN
    services.request_closure(actor=personas["支部书记A1"], task=linked, summary="已补充落实材料", uploads=[pdf()])
    _closed_through_the_page(client_as(personas["党委管理员A"]), linked)
    resolution.refresh_from_db()
    assert resolution.status == Resolution.Status.DONE
    assert resolution.done_on == datetime.date(2026, 5, 10)
    assert "已补充落实材料" in resolution.evidence
    completed = AuditEvent.objects.get(event=Event.RESOLUTION_COMPLETED, object_id=str(resolution.pk))
    assert completed.actor == personas["党委管理员A"]


def test_closing_a_task_reports_and_accepts_its_rectification_item(tree, personas, client_as):
    plan, task = plan_with_task(tree.a, tree.a1)
    item = _items(tree, personas)["a1"]  # inspected by 党委A, who also closes the task
    linked = services.link_task(actor=personas["党委管理员A"], point=task.point, source=item)
    linked = services.accept_task(actor=personas["支部书记A1"], task=linked)
    closure = services.request_closure(actor=personas["支部书记A1"], task=linked, summary="已补全", uploads=[pdf()])
    _closed_through_the_page(client_as(personas["党委管理员A"]), linked)
    item.refresh_from_db()
    assert item.status == RectificationItem.Status.CLOSED
    assert item.evidence == closure.evidence.get()
    assert "已补全" in item.report_text and item.reviewed_by == personas["党委管理员A"]


def test_an_item_another_committee_inspected_waits_for_its_inspectors(tree, personas):
    """The 工委 inspected; 党委A closes the task: the item is reported with the evidence, the 工委 accepts it."""
    year = datetime.date(2026, 5, 10).year - 1
    inspection = inspections.create_plan(
        actor=personas["工委管理员"],
        organization=tree.gongwei,
        scope=tree.a1,
        title="工委督查",
        kind=InspectionPlan.Kind.REGULAR,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        inspectors=[personas["工委管理员"]],
    )
    finding = inspections.add_finding(
        actor=personas["工委管理员"],
        plan=inspection,
        organization=tree.a1,
        description="三会一课记录不完整",
        items=[
            {
                "task": "补齐三会一课记录",
                "owner": make_member(tree.a1),
                "deadline": datetime.date(2026, 6, 1),
                "required_evidence": "会议记录扫描件",
            }
        ],
        found_on=datetime.date(2026, 5, 10),
    )
    item = finding.items.get()
    plan, task = plan_with_task(tree.a, tree.a1)
    linked = services.link_task(actor=personas["党委管理员A"], point=task.point, source=item)
    linked = services.accept_task(actor=personas["支部书记A1"], task=linked)
    services.request_closure(actor=personas["支部书记A1"], task=linked, summary="记录已补齐", uploads=[pdf()])
    services.accept_closure(actor=personas["党委管理员A"], task=linked)
    item.refresh_from_db()
    assert item.status == RectificationItem.Status.REPORTED and item.evidence_id is not None


def test_a_source_done_by_hand_is_left_alone_and_other_records_are_not_linked(tree, personas):
    plan, task = plan_with_task(tree.a, tree.a1)
    resolution = _resolutions(tree, personas)["a1"]
    linked = services.link_task(actor=personas["党委管理员A"], point=task.point, source=resolution)
    linked = services.accept_task(actor=personas["支部书记A1"], task=linked)
    complete_resolution(actor=SETUP, resolution=resolution, done_on=datetime.date(2026, 5, 9), evidence="会上已落实")
    services.request_closure(actor=personas["支部书记A1"], task=linked, summary="已落实", uploads=[pdf()])
    services.accept_closure(actor=personas["党委管理员A"], task=linked)
    resolution.refresh_from_db()
    assert (resolution.done_on, resolution.evidence) == (datetime.date(2026, 5, 9), "会上已落实")
    with pytest.raises(ValidationError) as error:
        kind_of(tree.a1)
    assert "不能纳入工作台账" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        services.link_task(actor=personas["党委管理员A"], point=task.point, source=tree.a1)


def test_a_command_closes_a_rectification_item_through_its_task(tree, personas):
    """A scheduled or demo command acts without a user: the item records no reporter or reviewer, the audit names
    the command."""
    plan, task = plan_with_task(tree.a, tree.a1)
    item = _items(tree, personas)["a1"]
    linked = services.link_task(actor=personas["党委管理员A"], point=task.point, source=item)
    linked = services.accept_task(actor=personas["支部书记A1"], task=linked)
    services.request_closure(actor=personas["支部书记A1"], task=linked, summary="已补全材料", uploads=[pdf()])
    services.accept_closure(actor=SETUP, task=linked)
    item.refresh_from_db()
    assert item.status == RectificationItem.Status.CLOSED
    assert item.reported_by is None and item.reviewed_by is None
    accepted = AuditEvent.objects.get(event=Event.RECTIFICATION_CLOSED, object_id=str(item.pk))
    assert accepted.actor is None and accepted.actor_name == str(SETUP)
