"""三员分立 and account administration (issue 16, items 4 and 10), cell by cell through the pages.

Actors: the three administrators (系统 / 安全 / 审计), the business administrators (工委 / 党委A) and two ordinary
users (支部书记A1, 党员A1). Target accounts by kind: a business account (支部书记A1's colleague 党务干部A1), a
privileged one (档案管理员 on 党委A), a 三员 account (a second 审计管理员), an account without any role, and the
actor's own account. The expected outcome of every cell is restated here, independently of the matrix in
zhibu/accounts/separation.py, so a change to the policy has to change both.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from zhibu.accounts.models import RoleGrant, User
from zhibu.accounts.roles import ROLE_DESCRIPTIONS, Role
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.testing import persona

pytestmark = pytest.mark.clock("2026-11-16T10:00")

ACTORS = ("系统管理员", "安全管理员", "审计管理员", "工委管理员", "党委管理员A", "支部书记A1", "党员A1")
TARGETS = ("业务账号", "特权账号", "三员账号", "无角色账号", "本人")
NEW_PASSWORD = "Kx7#pLm2qz-9"


@pytest.fixture
def cast(tree, personas):
    people = dict(personas)
    people["系统管理员"] = persona("xitong", tree.gongwei, Role.SYSTEM_ADMIN)
    people["安全管理员"] = persona("anquan", tree.gongwei, Role.SECURITY_ADMIN)
    people["审计管理员"] = persona("shenji", tree.gongwei, Role.AUDIT_ADMIN)
    people["业务账号"] = personas["党务干部A1"]
    people["特权账号"] = persona("dangan", tree.a, Role.ARCHIVIST)
    people["三员账号"] = persona("shenji2", tree.gongwei, Role.AUDIT_ADMIN)
    people["无角色账号"] = personas["无角色"]
    return people


def target_of(cast, actor_name, target_name):
    return cast[actor_name] if target_name == "本人" else cast[target_name]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def refused_quietly(response):
    """A refusal: 404 (the account is none of the actor's business), 403 or the form again with the reason."""
    return response.status_code in (403, 404) or (response.status_code == 200 and response.context["form"].errors)


# Who may disable / reset the password of which account. Only the system administrator touches privileged and
# role-less accounts; no one (in the application) touches a 三员 account's password or disables it.
ACCOUNT_CARE = {
    "系统管理员": {"业务账号", "特权账号", "无角色账号"},
    "工委管理员": {"业务账号"},
    "党委管理员A": {"业务账号"},
}


@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_disable(cast, actor_name, target_name):
    actor, target = cast[actor_name], target_of(cast, actor_name, target_name)
    response = client_for(actor).post(f"/accounts/users/{target.pk}/disable/", {"reason": "调离"})
    target.refresh_from_db()
    if target_name in ACCOUNT_CARE.get(actor_name, set()):
        assert response.status_code == 302 and not target.is_active
    else:
        assert refused_quietly(response) and target.is_active


@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_reset_password(cast, actor_name, target_name):
    actor, target = cast[actor_name], target_of(cast, actor_name, target_name)
    old_hash = target.password
    response = client_for(actor).post(f"/accounts/users/{target.pk}/reset-password/")
    target.refresh_from_db()
    if target_name in ACCOUNT_CARE.get(actor_name, set()):
        assert response.status_code == 200 and target.password != old_hash and target.must_change_password
        one_time = response.context["password"]
        assert target.check_password(one_time) and one_time in response.content.decode()
        assert AuditEvent.objects.filter(event=Event.USER_PASSWORD_RESET, object_id=str(target.pk)).count() == 1
    else:
        assert response.status_code in (403, 404) and target.password == old_hash


@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_unlock(cast, actor_name, target_name):
    actor, target = cast[actor_name], target_of(cast, actor_name, target_name)
    User.objects.filter(pk=target.pk).update(locked_until=timezone.now() + datetime.timedelta(minutes=30))
    response = client_for(actor).post(f"/accounts/security/unlock/{target.pk}/")
    target.refresh_from_db()
    if actor_name == "安全管理员" and target_name != "本人":
        assert response.status_code == 302 and target.locked_until is None
    else:
        assert response.status_code in (403, 404) and target.locked_until is not None


# Which roles each actor may grant. Privileged roles (三员, 工委管理员, 档案管理员) only the security administrator.
GRANTS = {
    # role granted, on which organisation, to which account
    "业务角色": (Role.DISCIPLINE, "a2", "业务账号"),
    "业务角色给特权账号": (Role.DISCIPLINE, "a2", "特权账号"),
    "档案管理员": (Role.ARCHIVIST, "a2", "业务账号"),
    "工委管理员": (Role.GONGWEI_ADMIN, "gongwei", "业务账号"),
    "审计管理员": (Role.AUDIT_ADMIN, "gongwei", "无角色账号"),
    "安全管理员": (Role.SECURITY_ADMIN, "gongwei", "无角色账号"),
    "系统管理员": (Role.SYSTEM_ADMIN, "gongwei", "无角色账号"),
    "业务角色给无角色账号": (Role.MEMBER, "a2", "无角色账号"),
}
MAY_GRANT = {
    "系统管理员": {"业务角色", "业务角色给无角色账号"},
    "安全管理员": set(GRANTS),
    "工委管理员": {"业务角色"},
    "党委管理员A": {"业务角色"},
}


@pytest.mark.parametrize("grant_name", GRANTS)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_grant(tree, cast, actor_name, grant_name):
    role, org_name, target_name = GRANTS[grant_name]
    actor, target, organization = cast[actor_name], cast[target_name], getattr(tree, org_name)
    before = AuditEvent.objects.filter(event=Event.ACCESS_DENIED, outcome="denied").count()
    response = client_for(actor).post(
        "/accounts/grants/new/", {"organization": organization.pk, "role": role, "existing_user": target.pk}
    )
    granted = RoleGrant.objects.filter(user=target, organization=organization, role=role).exists()
    if grant_name in MAY_GRANT.get(actor_name, set()):
        assert response.status_code == 302 and granted
    else:
        assert refused_quietly(response) and not granted
        errors = response.context["form"].errors if response.status_code == 200 else {}
        outside = response.status_code == 404 or "existing_user" in errors or "organization" in errors
        if actor_name in MAY_GRANT and not outside:
            # an account administrator trying beyond its rights within its reach is a security event
            assert AuditEvent.objects.filter(event=Event.ACCESS_DENIED, outcome="denied").count() > before


CREATES = {
    "业务账号": (Role.PARTY_WORKER, "a1"),
    "特权账号": (Role.ARCHIVIST, "a"),
    "三员账号": (Role.AUDIT_ADMIN, "gongwei"),
    "工委管理员账号": (Role.GONGWEI_ADMIN, "gongwei"),
    "无角色账号": ("", ""),
}
MAY_CREATE = {
    "系统管理员": {"业务账号", "无角色账号"},
    "工委管理员": {"业务账号"},
    "党委管理员A": {"业务账号"},
}


@pytest.mark.parametrize("kind", CREATES)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_create(tree, cast, actor_name, kind):
    role, org_name = CREATES[kind]
    form = {"role": role, "username": "xinzhanghao", "full_name": "新账号", "password": NEW_PASSWORD}
    form["organization"] = getattr(tree, org_name).pk if org_name else ""
    response = client_for(cast[actor_name]).post("/accounts/grants/new/", form)
    created = User.objects.filter(username="xinzhanghao").first()
    if kind in MAY_CREATE.get(actor_name, set()):
        assert response.status_code == 302 and created is not None and created.must_change_password
        assert sorted(created.role_grants.values_list("role", flat=True)) == ([role] if role else [])
    else:
        assert refused_quietly(response) and created is None


REVOKES = {"业务账号": "业务账号", "特权账号": "特权账号", "三员账号": "三员账号", "本人": "本人"}
MAY_REVOKE = {
    "系统管理员": {"业务账号"},
    "安全管理员": {"业务账号", "特权账号", "三员账号"},
    "工委管理员": {"业务账号"},
    "党委管理员A": {"业务账号"},
}


@pytest.mark.parametrize("target_name", REVOKES)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_revoke(cast, actor_name, target_name):
    actor, target = cast[actor_name], target_of(cast, actor_name, target_name)
    grant = target.role_grants.first()
    response = client_for(actor).post(f"/accounts/grants/{grant.pk}/revoke/")
    revoked = not RoleGrant.objects.filter(pk=grant.pk).exists()
    if target_name in MAY_REVOKE.get(actor_name, set()):
        assert response.status_code == 302 and revoked
    else:
        assert response.status_code in (302, 403, 404) and not revoked


def test_no_one_grants_a_role_to_themselves(tree, cast):
    for name in ("系统管理员", "安全管理员", "工委管理员", "党委管理员A"):
        actor = cast[name]
        response = client_for(actor).post(
            "/accounts/grants/new/", {"organization": tree.a2.pk, "role": Role.DISCIPLINE, "existing_user": actor.pk}
        )
        assert refused_quietly(response)
        assert not RoleGrant.objects.filter(user=actor, role=Role.DISCIPLINE).exists()


def test_security_admin_sets_no_password_and_creates_no_account(cast):
    client = client_for(cast["安全管理员"])
    form = client.get("/accounts/grants/new/").context["form"]
    assert "password" not in form.fields and "username" not in form.fields
    client.post("/accounts/grants/new/", {"role": "", "username": "sneaky", "password": NEW_PASSWORD})
    assert not User.objects.filter(username="sneaky").exists()


def test_the_three_administrators_stay_apart_when_the_security_administrator_grants(tree, cast):
    client = client_for(cast["安全管理员"])
    auditor = cast["三员账号"]
    response = client.post(
        "/accounts/grants/new/",
        {"organization": tree.gongwei.pk, "role": Role.SYSTEM_ADMIN, "existing_user": auditor.pk},
    )
    assert "三员" in response.content.decode() or "兼任" in response.content.decode()
    assert list(auditor.role_grants.values_list("role", flat=True)) == [Role.AUDIT_ADMIN]


ACCOUNT_URLS = (
    "/accounts/users/",
    "/accounts/users/{pk}/disable/",
    "/accounts/users/{pk}/reset-password/",
    "/accounts/grants/",
    "/accounts/grants/new/",
    "/accounts/grants/{grant}/revoke/",
    "/accounts/security/",
    "/accounts/security/unlock/{pk}/",
)


@pytest.mark.parametrize("url", ACCOUNT_URLS)
@pytest.mark.parametrize("outsider", ("党员A1", "支部书记A1", "审计管理员", "无角色账号"))
def test_account_pages_are_404_to_those_who_administer_no_account(cast, outsider, url):
    """Whoever administers no account finds no account page, and no username, whatever the account or method."""
    target = cast["党务干部A1"]
    address = url.format(pk=target.pk, grant=target.role_grants.first().pk)
    client = client_for(cast[outsider])
    for method in (client.get, client.post):
        response = method(address)
        assert response.status_code in (404, 405)
        assert target.username not in response.content.decode()
    assert client.post(url.format(pk=999999, grant=999999)).status_code == 404


def test_the_grant_form_offers_only_accounts_the_actor_administers(cast):
    """The 已有账号 list was every active account, to anyone who opened the form."""
    choices = client_for(cast["党委管理员A"]).get("/accounts/grants/new/").context["form"]["existing_user"]
    offered = {choice.choice_label for choice in choices if choice.data["value"]}
    assert "worker_a1" in " ".join(offered)
    for hidden in ("secretary_b1", "xitong", "anquan", "shenji", "dangan", "nobody", "dangwei_admin_a"):
        assert hidden not in " ".join(offered)


def test_the_account_list_shows_what_the_system_administrator_manages(cast):
    rows = client_for(cast["系统管理员"]).get("/accounts/users/").context["rows"]
    listed = {account.username for account, _ in rows}
    assert {"worker_a1", "dangan", "nobody"} <= listed
    assert not listed & {"shenji2", "shenji", "anquan", "xitong"}


def test_role_descriptions_say_what_each_of_the_three_may_and_may_not_do():
    system = ROLE_DESCRIPTIONS[Role.SYSTEM_ADMIN]
    security = ROLE_DESCRIPTIONS[Role.SECURITY_ADMIN]
    audit = ROLE_DESCRIPTIONS[Role.AUDIT_ADMIN]
    assert "新建" in system and "不能授予" in system
    assert "授予" in security and "不设置密码" in security and "不新建账号" in security
    assert "只读" in audit and "不能" in audit


def test_refused_privileged_attempts_are_audited(tree, cast):
    """The attack of item 4: the system administrator makes itself an auditor it controls."""
    client = client_for(cast["系统管理员"])
    client.post(
        "/accounts/grants/new/",
        {
            "organization": tree.gongwei.pk,
            "role": Role.AUDIT_ADMIN,
            "username": "fake_auditor",
            "full_name": "假审计",
            "password": NEW_PASSWORD,
        },
    )
    assert not User.objects.filter(username="fake_auditor").exists()
    row = AuditEvent.objects.filter(event=Event.ACCESS_DENIED, actor=cast["系统管理员"]).latest("id")
    assert row.outcome == "denied" and "审计管理员" in row.changes["extra"]["reason"]


def test_a_created_account_must_change_the_chosen_password(cast):
    client_for(cast["系统管理员"]).post(
        "/accounts/grants/new/", {"role": "", "username": "kong2", "full_name": "空", "password": NEW_PASSWORD}
    )
    assert User.objects.get(username="kong2").must_change_password


def test_business_administrator_cannot_reach_an_account_that_also_works_elsewhere(tree, cast):
    """An account with a grant outside 党委A is not 党委A's to disable (it would cut off 党委B's work)."""
    shared = cast["党务干部A1"]
    RoleGrant.objects.create(user=shared, organization=tree.b1, role=Role.PARTY_WORKER)
    response = client_for(cast["党委管理员A"]).post(f"/accounts/users/{shared.pk}/disable/", {"reason": "调离"})
    assert response.status_code == 404
    shared.refresh_from_db()
    assert shared.is_active


def test_the_grant_list_offers_revoke_only_where_the_actor_may_revoke(cast):
    page = client_for(cast["系统管理员"]).get("/accounts/grants/")
    shown = {grant.user.username: grant.pk in page.context["revocable"] for grant in page.context["page"]}
    assert shown["worker_a1"] is True and shown["dangan"] is False
    assert "xitong" not in shown and "shenji2" not in shown
