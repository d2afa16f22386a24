import datetime
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from zhibu.core.models import Notification
from zhibu.inspections import sampling, services
from zhibu.inspections.models import Finding, InspectionPlan, RectificationItem
from zhibu.testing import blank_pdf, make_member

TODAY = timezone.localdate()
PDF = blank_pdf()


def plan_data(tree, personas, **overrides):
    data = {
        "organization": tree.gongwei.pk,
        "scope": tree.gongwei.pk,
        "title": "第四季度组织生活督查",
        "kind": "regular",
        "period_start": f"{TODAY.year}-01-01",
        "period_end": f"{TODAY.year}-09-30",
        "inspectors": [personas["工委管理员"].pk],
        "submission_key": uuid.uuid4().hex,
    }
    data.update(overrides)
    return data


def finding_data(owner, **overrides):
    data = {
        "found_on": TODAY.isoformat(),
        "description": "三季度支委会记录不完整，缺少表决情况",
        "rule_id": "MTG-04",
        "task_1": "补全三季度支委会记录并经书记签发",
        "owner_1": owner.pk,
        "deadline_1": (TODAY + datetime.timedelta(days=10)).isoformat(),
        "evidence_1": "补全后的会议记录扫描件",
        "submission_key": uuid.uuid4().hex,
    }
    data.update(overrides)
    return data


@pytest.fixture
def inspection(tree, personas, client_as):
    """A 工委 regular inspection of every branch, with one finding and its item at branch A1."""
    admin = client_as(personas["工委管理员"])
    response = admin.post("/inspections/new/", plan_data(tree, personas))
    plan = InspectionPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspections/{plan.pk}/"
    owner = make_member(tree.a1)
    target = plan.targets.get(organization=tree.a1)
    admin.post(f"/inspections/{plan.pk}/targets/{target.pk}/", finding_data(owner))
    return plan, RectificationItem.objects.get(), owner


def test_a_regular_inspection_covers_every_branch_and_a_finding_creates_items(tree, personas, inspection):
    plan, item, owner = inspection
    assert set(plan.targets.values_list("organization", flat=True)) == {tree.a1.pk, tree.a2.pk, tree.a3a.pk, tree.b1.pk}
    assert item.organization == tree.a1 and item.owner == owner and item.status == RectificationItem.Status.OPEN
    assert item.finding.rule_id == "MTG-04" and item.required_evidence == "补全后的会议记录扫描件"


def test_rectification_closes_only_with_evidence_and_only_by_the_inspector(tree, personas, client_as, inspection):
    plan, item, _ = inspection
    secretary = client_as(personas["支部书记A1"])
    url = f"/inspections/items/{item.pk}/"
    page = secretary.get(url).content.decode()
    assert "报告整改完成" in page and "验收" not in page.split("报告整改完成")[-1]
    no_file = secretary.post(url, {"action": "report", "report-text": "已补全三季度全部支委会记录"})
    assert "此字段为必填项" in no_file.content.decode() or "佐证材料" in no_file.content.decode()
    item.refresh_from_db()
    assert item.status == RectificationItem.Status.OPEN
    evidence = SimpleUploadedFile("记录.pdf", PDF, content_type="application/pdf")
    secretary.post(url, {"action": "report", "report-text": "已补全三季度全部支委会记录", "report-evidence": evidence})
    item.refresh_from_db()
    assert item.status == RectificationItem.Status.REPORTED and item.evidence is not None
    # The branch cannot accept its own report; a sibling branch cannot even see it.
    refused = secretary.post(url, {"action": "review", "review-decision": "accept"}, follow=True)
    assert "不能由您报告或验收" in refused.content.decode()
    assert client_as(personas["支部书记B1"]).get(url).status_code == 404
    item.refresh_from_db()
    assert item.status == RectificationItem.Status.REPORTED
    admin = client_as(personas["工委管理员"])
    short = admin.post(url, {"action": "review", "review-decision": "return", "review-comment": ""})
    assert "退回时请写明理由" in short.content.decode()
    admin.post(url, {"action": "review", "review-decision": "return", "review-comment": "缺少书记签发页"})
    item.refresh_from_db()
    assert item.status == RectificationItem.Status.OPEN and item.times_returned == 1
    assert Notification.objects.filter(user=personas["支部书记A1"], text__contains="被退回").exists()
    evidence = SimpleUploadedFile("签发页.pdf", PDF, content_type="application/pdf")
    secretary.post(url, {"action": "report", "report-text": "已补上书记签发页并重新扫描", "report-evidence": evidence})
    admin.post(url, {"action": "review", "review-decision": "accept"})
    item.refresh_from_db()
    assert item.status == RectificationItem.Status.CLOSED and item.reviewed_by == personas["工委管理员"]


def test_a_plan_ends_only_when_every_item_is_closed(tree, personas, client_as, inspection):
    plan, item, _ = inspection
    admin = client_as(personas["工委管理员"])
    refused = admin.post(f"/inspections/{plan.pk}/close/", follow=True)
    assert "还有1项整改未销号" in refused.content.decode()
    RectificationItem.objects.filter(pk=item.pk).update(status="closed")
    admin.post(f"/inspections/{plan.pk}/close/")
    assert InspectionPlan.objects.get().status == InspectionPlan.Status.CLOSED


def test_overdue_items_escalate_one_level_at_a_time_up_to_the_inspecting_organisation(
    tree, personas, client_as, inspection
):
    _, item, _ = inspection
    late = item.deadline + datetime.timedelta(days=1)
    out = io.StringIO()
    call_command("escalate_rectifications", "--date", late.isoformat(), stdout=out)
    item.refresh_from_db()
    assert item.escalated_to == tree.a and "1项" in out.getvalue()
    assert Notification.objects.filter(user=personas["党委管理员A"], text__contains="逾期1天").exists()
    call_command("escalate_rectifications", "--date", late.isoformat(), stdout=out)  # nothing new
    assert "本次上报逾期整改事项0项" in out.getvalue()
    much_later = item.deadline + datetime.timedelta(days=40)
    call_command("escalate_rectifications", "--date", much_later.isoformat(), stdout=io.StringIO())
    item.refresh_from_db()
    assert item.escalated_to == tree.gongwei  # and never above the 工委 that ran the inspection
    with pytest.raises(Exception, match="格式不对"):
        call_command("escalate_rectifications", "--date", "12月1日", stdout=io.StringIO())
    # The 党委 sees it on its organisation page and in the overdue list.
    page = client_as(personas["党委管理员A"]).get(f"/organizations/{tree.a.pk}/").content.decode()
    assert "督查整改" in page and item.task in page


def test_random_sampling_is_reproducible_from_its_seed_and_weighted_toward_low_scores(tree, personas, client_as):
    admin = client_as(personas["工委管理员"])
    data = plan_data(tree, personas, kind="random", sample_size=2, seed=12345, weighted="on")
    admin.post("/inspections/new/", data)
    admin.post("/inspections/new/", {**data, "submission_key": uuid.uuid4().hex})
    first, second = InspectionPlan.objects.order_by("id")
    drawn = [list(plan.targets.order_by("position").values_list("organization", flat=True)) for plan in (first, second)]
    assert drawn[0] == drawn[1] and len(drawn[0]) == 2
    assert services.verify_draw(first)
    page = admin.get(f"/inspections/{first.pk}/").content.decode()
    assert "12345" in page and "复核一致" in page
    # Over many seeds, a branch at 40% is drawn far more often than one at 100%.
    low = sampling.Candidate(1, "a", 40.0, sampling.weight_for(40.0, True))
    high = sampling.Candidate(2, "b", 100.0, sampling.weight_for(100.0, True))
    picks = [sampling.draw([low, high], 1, seed)[0].organization_id for seed in range(1, 401)]
    assert picks.count(1) > 3 * picks.count(2)


def test_bad_plans_are_refused_with_a_reason(tree, personas, client_as):
    admin = client_as(personas["工委管理员"])
    cases = [
        ({"kind": "random"}, "请填写抽查数量"),
        ({"kind": "random", "sample_size": 9}, "只有4个党支部"),
        ({"period_end": f"{TODAY.year - 1}-01-01"}, "结束日期不能早于开始日期"),
        ({"kind": "special"}, "专项督查请写明检查重点"),
        ({"inspectors": [personas["支部书记B1"].pk]}, "无权查看检查范围内的组织"),
        ({"scope": tree.a1_group.pk}, "选择一个有效的选项"),
    ]
    for overrides, message in cases:
        response = admin.post("/inspections/new/", plan_data(tree, personas, **overrides))
        assert response.status_code == 200 and message in response.content.decode(), message
    dangwei = client_as(personas["党委管理员A"])
    response = dangwei.post("/inspections/new/", plan_data(tree, personas, organization=tree.a.pk, scope=tree.b.pk))
    assert "选择一个有效的选项" in response.content.decode()  # 党委B is not in its scope at all
    assert client_as(personas["支部书记A1"]).get("/inspections/new/").status_code == 404
    assert not InspectionPlan.objects.exists()


def test_bad_findings_are_refused_with_a_reason(tree, personas, client_as, inspection):
    plan, _, owner = inspection
    admin = client_as(personas["工委管理员"])
    target = plan.targets.get(organization=tree.a1)
    url = f"/inspections/{plan.pk}/targets/{target.pk}/"
    stranger = make_member(tree.b1)
    cases = [
        (finding_data(owner, deadline_1=(TODAY - datetime.timedelta(days=1)).isoformat()), "整改时限不能早于检查日期"),
        (finding_data(owner, rule_id="XYZ-99"), "标准目录中没有规则"),
        (finding_data(owner, task_2="再补一项", owner_2=""), "第2项整改要求请把要求、责任人、时限和佐证材料填写完整"),
        (finding_data(owner, owner_1=stranger.pk), "选择一个有效的选项"),
    ]
    for data, message in cases:
        response = admin.post(url, data)
        assert message in response.content.decode(), message
    assert RectificationItem.objects.count() == 1
    # The inspected branch cannot record findings about itself.
    secretary = client_as(personas["支部书记A1"])
    assert secretary.get(url).status_code == 404


def test_figures_panel_and_export(tree, personas, client_as, inspection):
    _, item, _ = inspection
    RectificationItem.objects.filter(pk=item.pk).update(deadline=TODAY - datetime.timedelta(days=3))
    admin = client_as(personas["工委管理员"])
    page = admin.get(f"/inspections/?organization={tree.gongwei.pk}")
    figures = page.context["figures"]["summary"]
    assert figures["total"] == 1 and figures["overdue"] == 1 and figures["closed_rate"] == 0
    listing = admin.get("/inspections/items/?status=overdue").content.decode()
    assert "逾期3天" in listing
    export = admin.get(f"/inspections/items/?organization={tree.gongwei.pk}&export=1")
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[0][:3] == ("整改组织", "督查", "发现的问题") and rows[1][4] == item.task and rows[1][8] == 3
    assert client_as(personas["支部书记B1"]).get("/inspections/items/").context["page"].paginator.count == 0


def test_escalation_target_never_goes_above_the_inspecting_organisation(tree, personas):
    plan = services.create_plan(
        actor=personas["党委管理员A"],
        organization=tree.a,
        scope=tree.a,
        title="党委A自查",
        kind="regular",
        period_start=TODAY - datetime.timedelta(days=90),
        period_end=TODAY,
        inspectors=[personas["党委管理员A"]],
    )
    owner = make_member(tree.a3a)
    finding = services.add_finding(
        actor=personas["党委管理员A"],
        plan=plan,
        organization=tree.a3a,
        description="党员大会记录缺页",
        found_on=TODAY - datetime.timedelta(days=3),
        items=[
            {
                "task": "补齐记录",
                "owner": owner,
                "deadline": TODAY - datetime.timedelta(days=1),
                "required_evidence": "会议记录",
            }
        ],
    )
    item = finding.items.get()
    assert services.escalation_target(item, TODAY - datetime.timedelta(days=1)) is None
    assert services.escalation_target(item, TODAY) == tree.a3
    assert services.escalation_target(item, TODAY + datetime.timedelta(days=100)) == tree.a


def test_twenty_identical_posts_create_one_plan_and_one_finding(tree, personas, client_as):
    admin = client_as(personas["工委管理员"])
    data = plan_data(tree, personas)
    answers = [admin.post("/inspections/new/", data) for _ in range(20)]
    plan = InspectionPlan.objects.get()
    assert {answer["Location"] for answer in answers} == {plan.get_absolute_url()}
    target = plan.targets.get(organization=tree.a1)
    finding = finding_data(make_member(tree.a1))
    for _ in range(20):
        admin.post(f"/inspections/{plan.pk}/targets/{target.pk}/", finding)
    assert Finding.objects.filter(plan=plan).count() == 1
    assert RectificationItem.objects.filter(finding__plan=plan).count() == 1
