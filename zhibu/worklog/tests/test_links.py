"""A meeting's resolution or an inspection's rectification item taken into the ledger: a task linked to the record
(owner and deadline from it), refused twice or when another committee's, then run by the ledger's rules."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from zhibu.activities.tests.route_records import _resolutions
from zhibu.core.services import Conflict
from zhibu.inspections.tests.route_records import _items
from zhibu.testing import SETUP
from zhibu.worklog import services
from zhibu.worklog.models import Status, Task
from zhibu.worklog.tests.ledger import CLOCK, pdf, plan_with_task
from zhibu.worklog.tests.test_pages import post_form

pytestmark = pytest.mark.clock(CLOCK)


def test_a_resolution_becomes_a_linked_task_on_the_page(tree, personas, client_as):
    plan, task = plan_with_task(tree.a, tree.a1)
    resolution = _resolutions(tree, personas)["a1"]
    client = client_as(personas["党委管理员A"])
    form = client.get(f"/worklog/plans/{plan.pk}/tasks/link/").context["form"]
    assert list(form.fields["resolution"].queryset) == [resolution]  # B1's resolution is not offered
    answer = post_form(
        client,
        f"/worklog/plans/{plan.pk}/tasks/link/",
        {"point": task.point.pk, "resolution": resolution.pk, "weight": 1},
    )
    assert answer.status_code == 302
    linked = Task.objects.get(resolution=resolution)
    assert (linked.owner, linked.deadline, linked.deliverable) == (tree.a1, resolution.deadline, resolution.text)
    page = client.get(linked.get_absolute_url()).content.decode()
    assert "会议决议" in page and resolution.activity.get_absolute_url() in page
    # Once in the ledger it is not offered again, and a second link is a conflict.
    form = client.get(f"/worklog/plans/{plan.pk}/tasks/link/").context["form"]
    assert not form.fields["resolution"].queryset.exists()
    with pytest.raises(Conflict):
        services.link_task(actor=SETUP, point=task.point, source=resolution)


def test_a_rectification_item_follows_the_ledger_loop_and_shows_in_the_export(tree, personas, client_as):
    plan, task = plan_with_task(tree.a, tree.a1)
    item = _items(tree, personas)["a1"]
    linked = services.link_task(actor=personas["党委管理员A"], point=task.point, source=item, weight=2)
    assert linked.rectification == item and linked.owner == item.organization and linked.weight == 2
    linked = services.accept_task(actor=personas["支部书记A1"], task=linked)
    services.request_closure(actor=personas["支部书记A1"], task=linked, summary="已整改", uploads=[pdf()])
    services.accept_closure(actor=personas["党委管理员A"], task=linked)
    linked.refresh_from_db()
    assert linked.status == Status.CLOSED
    sub = services.add_subtask(
        actor=SETUP,
        task=services.accept_task(actor=SETUP, task=task),
        owner=tree.a1,
        deliverable="细化",
        deadline=task.deadline,
    )
    book = load_workbook(io.BytesIO(client_as(personas["党委管理员A"]).get("/worklog/export/").content))
    rows = list(book.active.iter_rows(values_only=True))
    header = next(row for row in rows if row and "来源" in row)
    by_task = {row[header.index("任务及成果")]: row for row in rows[rows.index(header) + 1 :] if row and row[0]}
    assert by_task[item.task][header.index("来源")] == f"整改事项：{item.task}"
    assert by_task[sub.deliverable][header.index("上级任务")] == task.deliverable


def test_another_committees_record_and_a_form_without_a_choice_are_refused(tree, personas, client_as):
    plan, task = plan_with_task(tree.a, tree.a1)
    foreign = _resolutions(tree, personas)["b1"]
    with pytest.raises(ValidationError) as error:
        services.link_task(actor=personas["党委管理员A"], point=task.point, source=foreign)
    assert "不在您的权限范围内" in " ".join(error.value.messages)
    answer = post_form(
        client_as(personas["党委管理员A"]), f"/worklog/plans/{plan.pk}/tasks/link/", {"point": task.point.pk}
    )
    assert answer.status_code == 200 and "二者选一" in answer.content.decode()
    assert not Task.objects.exclude(pk=task.pk).exists()
    assert client_as(personas["支部书记B1"]).get(f"/worklog/plans/{plan.pk}/tasks/link/").status_code == 404
