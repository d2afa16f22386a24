import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.organizations import services
from zhibu.organizations.models import Organization
from zhibu.testing import make_member, make_org


def test_tree_paths_and_subtree_queries(tree):
    assert tree.a1.path.startswith(tree.a.path) and tree.a1.depth == 3
    assert set(tree.a.subtree()) == {tree.a, tree.a1, tree.a1_group, tree.a2, tree.a3, tree.a3a}
    assert list(tree.a3a.ancestors()) == [tree.gongwei, tree.a, tree.a3]


def test_create_through_the_page_with_parent_preselected(tree, personas, client_as):
    client = client_as(personas["党委管理员A"])
    page = client.get(reverse("organizations:create"), {"parent": tree.a.pk})
    assert page.context["form"].initial["parent"] == tree.a
    response = client.post(
        reverse("organizations:create"),
        {
            "name": "中共测试局综合处党支部",
            "short_name": "综合处",
            "kind": "branch",
            "code": "NEW01",
            "parent": tree.a.pk,
            "founded_on": "2024-04-03",
            "sort_order": 0,
            "submission_key": uuid.uuid4().hex,
        },
    )
    created = Organization.objects.get(code="NEW01")
    assert response.status_code == 302 and created.path.startswith(tree.a.path)
    assert AuditEvent.objects.filter(event=Event.ORGANIZATION_CREATED, object_id=str(created.pk)).count() == 1
    assert "2024年4月3日" in client.get(created.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("kind", "parent_attr", "message"),
    [
        ("branch", "gongwei", "不能设在机关工委之下"),
        ("group", "a", "不能设在机关党委之下"),
        ("dangwei", None, "必须有上级组织"),
    ],
)
def test_placement_rules(tree, kind, parent_attr, message):
    parent = getattr(tree, parent_attr) if parent_attr else None
    with pytest.raises(ValidationError) as caught:
        make_org(parent, "错误组织", kind)
    assert message in str(caught.value)


def test_founding_in_the_future_is_refused(tree):
    with pytest.raises(ValidationError) as caught:
        make_org(tree.a, "未来支部", "branch", founded_on=datetime.date.today() + datetime.timedelta(days=1))
    assert "成立日期不能晚于今天" in str(caught.value)


def test_moving_an_organisation_rewrites_the_whole_subtree(tree, personas):
    services.update_organization(actor=personas["工委管理员"], organization=tree.a3, parent=tree.b)
    tree.a3a.refresh_from_db()
    moved = Organization.objects.get(pk=tree.a3.pk)
    assert moved.path.startswith(tree.b.path) and tree.a3a.path.startswith(moved.path)
    assert tree.a3a.depth == 4


def test_cannot_move_into_own_subtree(tree, personas):
    with pytest.raises(ValidationError) as caught:
        services.update_organization(actor=personas["工委管理员"], organization=tree.a, parent=tree.a3)
    assert "下级" in str(caught.value) or "不能设在" in str(caught.value)


def test_secretary_cannot_move_their_branch_out_of_scope(tree, personas):
    with pytest.raises(Http404):
        services.update_organization(actor=personas["支部书记A1"], organization=tree.a1, parent=tree.b)


def test_dissolving_needs_members_transferred_first(tree, personas):
    make_member(tree.a2)
    with pytest.raises(ValidationError) as caught:
        services.change_status(
            actor=personas["党委管理员A"], organization=tree.a2, status="dissolved", on=datetime.date(2025, 1, 1)
        )
    assert "在册党员" in str(caught.value)


def test_merge_records_the_target(tree, personas):
    organization = services.change_status(
        actor=personas["党委管理员A"],
        organization=tree.a3a,
        status="merged",
        on=datetime.date(2025, 1, 1),
        merged_into=tree.a2,
    )
    assert organization.merged_into == tree.a2 and not organization.is_active
    with pytest.raises(ValidationError) as caught:
        make_member(tree.a3a)
    assert "已合并" in str(caught.value)


def test_an_organisation_with_records_is_never_deleted(tree, personas, client_as):
    make_member(tree.a2)
    client = client_as(personas["党委管理员A"])
    response = client.post(reverse("organizations:delete", args=[tree.a2.pk]), follow=True)
    assert Organization.objects.filter(pk=tree.a2.pk).exists()
    assert "不能删除" in response.content.decode()
    empty = make_org(tree.a, "误建支部", "branch")
    client.post(reverse("organizations:delete", args=[empty.pk]))
    assert not Organization.objects.filter(pk=empty.pk).exists()
    assert AuditEvent.objects.filter(event=Event.ORGANIZATION_DELETED).count() == 1


def test_duplicate_code_is_explained(tree, personas, client_as):
    response = client_as(personas["工委管理员"]).post(
        reverse("organizations:create"),
        {
            "name": "重复",
            "kind": "branch",
            "code": tree.a1.code,
            "parent": tree.a.pk,
            "founded_on": "2020-01-01",
            "sort_order": 0,
            "submission_key": uuid.uuid4().hex,
        },
    )
    assert (
        response.status_code == 200
        and "组织代码" in response.content.decode()
        and "已存在" in response.content.decode()
    )


def test_scope_switcher_only_accepts_visible_organisations(tree, personas, client_as):
    client = client_as(personas["党委管理员A"])
    assert client.post(reverse("organizations:switch_scope"), {"organization": tree.b.pk}).status_code == 404
    client.post(reverse("organizations:switch_scope"), {"organization": tree.a3.pk})
    assert client.get(reverse("organizations:list")).context["request"].scope_org == tree.a3


def test_units_and_joint_branch_warning(tree, personas, client_as, live_verdicts):
    actor = personas["党委管理员A"]
    units = [services.create_unit(actor=actor, owner=tree.a, name=f"单位{i}", staff_headcount=10) for i in range(6)]
    joint = services.create_organization(
        actor=actor,
        parent=tree.a,
        name="联合支部",
        kind="joint_branch",
        code="J1",
        founded_on=datetime.date(2020, 1, 1),
        units=units,
    )
    page = client_as(actor).get(joint.get_absolute_url()).content.decode()
    assert "ORG-07" in page and "覆盖6个单位" in page
    bad = client_as(actor).post(
        reverse("organizations:unit_create"), {"name": "", "staff_headcount": "-3", "owner": tree.a.pk}
    )
    assert bad.status_code == 200 and "必填" in bad.content.decode()
