"""The pages: the issuer decomposes a plan, the owner accepts, reports and asks for 销号 on the task page, the issuer
reviews; the ledger's filters and export; another branch's ids are 404; the yellow and red cards on the right day."""

import io

import pytest
from openpyxl import load_workbook

from zhibu.testing import compact
from zhibu.worklog import services
from zhibu.worklog.models import Closure, Plan, Point, Progress, Section, Status, Task
from zhibu.worklog.tests.ledger import CLOCK, D, accepted_task, pdf, plan_with_task

pytestmark = pytest.mark.clock(CLOCK)


def post_form(client, url, data):
    """Post a form as the page renders it (its one-time key included when it has one)."""
    form = client.get(url).context["form"]
    key = form["submission_key"].value() if "submission_key" in form.fields else None
    return client.post(url, {**({"submission_key": key} if key else {}), **data})


def test_the_issuer_builds_a_plan_on_the_pages(tree, personas, client_as):
    client = client_as(personas["党委管理员A"])
    answer = post_form(
        client,
        "/worklog/plans/new/",
        {"issuer": tree.a.pk, "year": 2026, "title": "2026年工作要点", "issued_on": "2026-02-01"},
    )
    plan = Plan.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/worklog/plans/{plan.pk}/"
    post_form(client, f"/worklog/plans/{plan.pk}/sections/new/", {"title": "政治建设"})
    section = Section.objects.get()
    post_form(client, f"/worklog/plans/{plan.pk}/points/new/", {"section": section.pk, "text": "学习贯彻"})
    point = Point.objects.get()
    answer = post_form(
        client,
        f"/worklog/plans/{plan.pk}/tasks/new/?point={point.pk}",
        {"point": point.pk, "owner": tree.b1.pk, "deliverable": "越界", "deadline": "2026-06-30", "weight": 1},
    )
    assert answer.status_code == 200 and not Task.objects.exists()  # 支部B1 is not offered: not in 党委A's subtree
    answer = post_form(
        client,
        f"/worklog/plans/{plan.pk}/tasks/new/",
        {"point": point.pk, "owner": tree.a1.pk, "deliverable": "学习计划", "deadline": "2026-06-30", "weight": 3},
    )
    assert answer.status_code == 302
    html = compact(client.get(f"/worklog/plans/{plan.pk}/").content)
    assert "第1条" in html and "学习计划" in html and "支部A1" in html and "待认领" in html
    assert "完成时限2026年6月30日" in html and "尚未报送进展" in html


def test_the_owner_and_the_issuer_on_the_task_page(tree, personas, client_as):
    plan, task = plan_with_task(tree.a, tree.a1)
    secretary, issuer = client_as(personas["支部书记A1"]), client_as(personas["党委管理员A"])
    page = compact(secretary.get(f"/worklog/tasks/{task.pk}/").content)
    assert "认领任务" in page and "销号审核" not in page
    assert secretary.post(f"/worklog/tasks/{task.pk}/accept/", {}).status_code == 302
    answer = post_form(
        secretary,
        f"/worklog/tasks/{task.pk}/progress/new/",
        {"month": "2026-04-01", "percent": 60, "narrative": "组织集中学习3次", "evidence": pdf()},
    )
    assert answer.status_code == 302 and Progress.objects.get().evidence.count() == 1
    # 销号 without evidence: the form says why, nothing is written.
    answer = post_form(secretary, f"/worklog/tasks/{task.pk}/closure/new/", {"summary": "已完成"})
    assert "申请销号须上传佐证材料" in compact(answer.content) and not Closure.objects.exists()
    answer = post_form(secretary, f"/worklog/tasks/{task.pk}/closure/new/", {"summary": "已完成", "evidence": pdf()})
    assert answer.status_code == 302
    # The owner may not review its own request; the issuer returns it with a reason.
    assert secretary.get(f"/worklog/tasks/{task.pk}/review/").status_code == 403
    answer = issuer.post(f"/worklog/tasks/{task.pk}/review/", {"decision": "return", "reason": "短"})
    assert "退回须写明理由" in compact(answer.content)
    issuer.post(f"/worklog/tasks/{task.pk}/review/", {"decision": "return", "reason": "请补充学习记录"})
    page = compact(secretary.get(f"/worklog/tasks/{task.pk}/").content)
    assert "已退回" in page and "请补充学习记录" in page and "2026年4月</strong> 完成60%" in page
    post_form(secretary, f"/worklog/tasks/{task.pk}/closure/new/", {"summary": "已补充", "evidence": pdf()})
    assert issuer.post(f"/worklog/tasks/{task.pk}/review/", {"decision": "accept"}).status_code == 302
    assert Task.objects.get().status == Status.CLOSED
    assert "没有待审核的销号申请" in compact(issuer.get(f"/worklog/tasks/{task.pk}/review/").content)


def test_a_double_submitted_report_is_one_report(tree, personas, client_as):
    plan, task = accepted_task(tree.a, tree.a1)
    client = client_as(personas["支部书记A1"])
    url = f"/worklog/tasks/{task.pk}/progress/new/"
    key = client.get(url).context["form"]["submission_key"].value()
    data = {"submission_key": key, "month": "2026-04-01", "percent": 20, "narrative": "启动"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Progress.objects.count() == 1


def test_another_branchs_ids_are_not_found(tree, personas, client_as):
    plan, task = accepted_task(tree.a, tree.a1)
    stranger = client_as(personas["支部书记B1"])
    for url in (
        f"/worklog/tasks/{task.pk}/",
        f"/worklog/tasks/{task.pk}/progress/new/",
        f"/worklog/tasks/{task.pk}/closure/new/",
        f"/worklog/tasks/{task.pk}/review/",
        f"/worklog/plans/{plan.pk}/",
        f"/worklog/plans/{plan.pk}/tasks/new/",
    ):
        assert stranger.get(url).status_code == 404, url
    assert "学习计划" not in compact(stranger.get("/worklog/").content)
    assert stranger.get("/worklog/plans/").context["page"].paginator.count == 0


def test_the_ledger_filters_and_exports(tree, personas, client_as):
    plan, late = accepted_task(tree.a, tree.a1, deadline=D(2026, 4, 30))
    on_time = Task.objects.create(point=late.point, owner=tree.a2, deliverable="按期任务", deadline=D(2026, 9, 30))
    client = client_as(personas["党委管理员A"])
    overdue = client.get("/worklog/?overdue=true")
    assert [row[0] for row in overdue.context["rows"]] == [late]
    assert "已逾期10天" in compact(overdue.content)
    assert [row[0] for row in client.get("/worklog/?status=issued").context["rows"]] == [on_time]
    assert [row[0] for row in client.get(f"/worklog/?owner={tree.a2.pk}").context["rows"]] == [on_time]
    refused = client.get("/worklog/?status=nonsense")
    assert refused.context["rows"] == [] and refused.status_code == 200
    book = load_workbook(io.BytesIO(client.get("/worklog/export/?overdue=true").content))
    values = [cell.value for row in book.active.iter_rows() for cell in row]
    assert "制定理论学习计划并组织实施" in values and "按期任务" not in values
    assert "已逾期10天" in values


@pytest.mark.parametrize(
    ("day", "badge"),
    [
        ("2026-07-14", "已逾期14天"),
        ("2026-07-15", "黄牌：逾期15天"),
        ("2026-07-29", "黄牌：逾期29天"),
        ("2026-07-30", "红牌：逾期30天"),
    ],
)
def test_yellow_and_red_cards_on_the_right_day(day, badge, tree, personas, client_as, fixed_clock, settings):
    settings.WORKLOG_YELLOW_CARD_DAYS, settings.WORKLOG_RED_CARD_DAYS = 15, 30
    plan, task = accepted_task(tree.a, tree.a1)  # deadline 2026-06-30
    fixed_clock.move_to(f"{day}T10:00+08:00")
    html = compact(client_as(personas["党委管理员A"]).get(f"/worklog/plans/{plan.pk}/").content)
    assert badge in html
    card = "red" if "红牌" in badge else ("yellow" if "黄牌" in badge else "")
    assert f'class="worklog-task {card}"' in html


def test_the_plan_page_works_on_a_phone_layout(tree, personas, client_as):
    plan, task = plan_with_task(tree.a, tree.a1)
    html = client_as(personas["支部书记A1"]).get(f"/worklog/plans/{plan.pk}/").content.decode()
    assert "worklog/worklog.css" in html and "worklog-tasks" in html
    assert "分解任务" not in html  # the owner reads the plan; only the issuer decomposes it


def test_the_named_member_reads_the_task_without_opening_the_branchs_files(tree, personas, client_as):
    plan, task = accepted_task(tree.a, tree.a1)
    report = services.report_progress(
        actor=personas["支部书记A1"], task=task, month=D(2026, 4, 1), percent=30, narrative="启动", uploads=[pdf()]
    )
    file = report.evidence.get()
    member = client_as(personas["党员A1"])
    assert member.get(f"/worklog/tasks/{task.pk}/").status_code == 404
    task.responsible = personas["党员A1"].member
    task.save()
    html = compact(member.get(f"/worklog/tasks/{task.pk}/").content)
    assert "佐证.pdf" in html and file.get_absolute_url() not in html
    assert "报送月度进展" not in html and member.get(f"/worklog/tasks/{task.pk}/progress/new/").status_code == 403
    assert file.get_absolute_url() in compact(
        client_as(personas["支部书记A1"]).get(f"/worklog/tasks/{task.pk}/").content
    )
