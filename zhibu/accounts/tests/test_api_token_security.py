"""Issue 16, item 9: API tokens were stored in plain text, never expired, could write whatever their user could, were
issued without the second factor and to any role. Each test below is the attack, through the pages and the API."""

import datetime
import re
import time
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from zhibu.accounts import otp as otp_devices
from zhibu.accounts.models import ApiToken, RoleGrant
from zhibu.accounts.roles import API_ROLES, Role
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.testing import PASSWORD, api_token, member_fields, persona

pytestmark = pytest.mark.clock("2026-11-16T10:00")
NEW = "/accounts/tokens/new/"
LIST = "/accounts/tokens/"
MEMBERS = "/api/v1/members/"


def issue(client, name="对接系统", scope="read", days=90):
    response = client.post(NEW, {"name": name, "scope": scope, "days": days})
    found = re.search(r'<code class="token">([0-9a-f]{40})</code>', response.content.decode())
    return (found.group(1) if found else None), response


def api(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def member_payload(branch):
    data = member_fields()
    data["organization"] = branch.pk
    return {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in data.items()}


def every_stored_text() -> str:
    """Every row of every table, as text: what a copy of the database gives away."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_the_database_holds_no_usable_token(personas, client_as):
    token, _ = issue(client_as(personas["支部书记A1"]))
    assert api(token).get(MEMBERS).status_code == 200
    stored = every_stored_text()
    assert token not in stored
    assert token[8:] not in stored  # the part after the displayed prefix is nowhere either
    row = ApiToken.objects.get()
    assert row.prefix == token[:8] and len(row.key_hash) == 64


def test_a_token_expires_and_its_lifetime_is_bounded(personas, client_as):
    client = client_as(personas["支部书记A1"])
    token, _ = issue(client, days=30)
    assert api(token).get(MEMBERS).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30, minutes=1)):
        refused = api(token).get(MEMBERS)
    assert refused.status_code == 401
    assert "到期" in refused.json()["detail"] and refused["WWW-Authenticate"] == "Token"
    for days, message in ((366, "最长365天"), (0, "至少1天"), ("abc", "整数")):
        token, page = issue(client, days=days)
        assert token is None and page.status_code == 200 and message in page.content.decode()
    # Without a number the form offers the default, ZHIBU_API_TOKEN_DAYS (90).
    assert 'value="90"' in client.get(NEW).content.decode()


def test_a_read_only_token_cannot_write(tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    read_only, _ = issue(client, scope="read")
    assert api(read_only).get(MEMBERS).status_code == 200
    refused = api(read_only).post(MEMBERS, member_payload(tree.a1), format="json")
    assert refused.status_code == 403 and "只读令牌" in refused.json()["detail"]
    assert api(read_only).patch(f"/api/v1/organizations/{tree.a1.pk}/", {"note": "x"}, format="json").status_code == 403
    read_write, _ = issue(client, name="读写", scope="read_write")
    assert api(read_write).post(MEMBERS, member_payload(tree.a1), format="json").status_code == 201


def test_a_read_only_role_gets_only_read_only_tokens(personas, client_as):
    token, page = issue(client_as(personas["纪检A"]), scope="read_write")
    assert token is None and "请选择“只读”" in page.content.decode()


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=otp_devices.DEVICE_NAME, confirmed=True)


def test_tokens_are_issued_only_after_the_second_factor_when_it_is_required(personas, settings):
    settings.REQUIRE_OTP = True
    user = personas["支部书记A1"]
    device = enrolled(user)
    client = Client()
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    token, response = issue(client)
    assert token is None and response.url.startswith("/accounts/otp/verify/")
    assert not ApiToken.objects.exists()
    moment = int(time.time())
    with mock.patch("time.time", return_value=moment):
        client.post("/accounts/otp/verify/", {"token": otp_devices.current_token(device, moment)})
    token, _ = issue(client)
    assert token is not None and api(token).get(MEMBERS).status_code == 200
    # An ordinary member has no second factor to pass: it gets no token at all.
    member = Client()
    member.post("/accounts/login/", {"username": personas["党员A1"].username, "password": PASSWORD})
    assert issue(member)[1].status_code == 403
    assert not ApiToken.objects.filter(user=personas["党员A1"]).exists()


@pytest.mark.parametrize(
    "role", [Role.MEMBER, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.ARCHIVIST, None]
)
def test_roles_outside_the_api_set_cannot_issue(tree, personas, client_as, role):
    if role is None:
        user = personas["无角色"]
    elif role == Role.MEMBER:
        user = personas["党员A1"]
    else:
        user = persona(f"r_{role}", tree.gongwei, role)
    client = client_as(user)
    assert "不能使用接口令牌" in client.get(LIST).content.decode()
    token, response = issue(client)
    assert token is None and response.status_code == 403 and "不能使用接口令牌" in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("persona_name", ["工委管理员", "党委管理员A", "支部书记A1", "党务干部A1", "纪检A"])
def test_the_business_roles_that_keep_or_check_records_may_issue(personas, client_as, persona_name):
    user = personas[persona_name]
    assert user.roles <= API_ROLES
    token, _ = issue(client_as(user))
    assert api(token).get(MEMBERS).status_code == 200


def test_every_role_is_either_in_the_api_set_or_tried_above():
    refused = {Role.MEMBER, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.ARCHIVIST}
    assert set(Role) - refused == API_ROLES


def test_a_token_stops_when_its_user_loses_the_api_roles_or_is_disabled(tree, personas, client_as):
    worker = personas["党务干部A1"]
    token = api_token(worker)
    assert api(token).get(MEMBERS).status_code == 200
    RoleGrant.objects.filter(user=worker).update(role=Role.MEMBER)
    refused = api(token).get(MEMBERS)
    assert refused.status_code == 401 and "没有可以使用接口的角色" in refused.json()["detail"]
    secretary = personas["支部书记A1"]
    token = api_token(secretary)
    client_as(personas["工委管理员"]).post(f"/accounts/users/{secretary.pk}/disable/", {"reason": "调离"})
    assert api(token).get(MEMBERS).status_code == 401
    row = ApiToken.objects.get(user=secretary)
    assert row.revoked_at is not None and row.state == "已撤销"
    revoked = AuditEvent.objects.get(event=Event.TOKEN_REVOKED, object_id=str(row.pk))
    assert revoked.changes["extra"]["reason"] == "账号停用"


def test_the_token_list_shows_each_token_and_revokes_it(personas, client_as):
    user = personas["支部书记A1"]
    client = client_as(user)
    token, _ = issue(client, name="组织部系统")
    other, _ = issue(client, name="统计报表", scope="read_write", days=7)
    api(token).get(MEMBERS)
    page = client.get(LIST).content.decode()
    for text in ("组织部系统", "统计报表", token[:8], other[:8], "只读", "读写", "从未使用", "有效", "2026年11月23日"):
        assert text in page
    assert other not in page and token not in page
    row = ApiToken.objects.get(name="组织部系统")
    client.post(f"/accounts/tokens/{row.pk}/revoke/")
    assert api(token).get(MEMBERS).status_code == 401
    assert api(other).get(MEMBERS).status_code == 200
    assert "已撤销" in client.get(LIST).content.decode()
    issued = AuditEvent.objects.filter(event=Event.TOKEN_ISSUED, actor=user)
    assert issued.count() == 2 and token not in str(list(issued.values()))
    assert AuditEvent.objects.filter(event=Event.TOKEN_REVOKED, object_id=str(row.pk)).count() == 1


def test_only_the_owner_and_the_security_administrator_revoke_a_token(tree, personas, client_as):
    token = api_token(personas["支部书记A1"])
    row = ApiToken.objects.get()
    assert client_as(personas["工委管理员"]).post(f"/accounts/tokens/{row.pk}/revoke/").status_code == 404
    assert api(token).get(MEMBERS).status_code == 200
    security = client_as(persona("anquan", tree.gongwei, Role.SECURITY_ADMIN))
    assert row.prefix in security.get("/accounts/security/").content.decode()
    security.post(f"/accounts/tokens/{row.pk}/revoke/", {"next": "/accounts/security/"})
    assert api(token).get(MEMBERS).status_code == 401


def test_last_use_is_written_at_most_once_a_minute(personas):
    token = api_token(personas["支部书记A1"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        api(token).get(MEMBERS)
    assert ApiToken.objects.get().last_used_at == start
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        api(token).get(MEMBERS)
    assert ApiToken.objects.get().last_used_at == start
    later = start + datetime.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        api(token).get(MEMBERS)
    assert ApiToken.objects.get().last_used_at == later


@pytest.mark.parametrize(
    "header",
    ["Token", "Token a b", "Token " + "g" * 40, "Token " + "0" * 39, "Token ü" + "0" * 39],
)
def test_malformed_tokens_get_401_with_a_chinese_message(personas, header):
    response = APIClient().get(MEMBERS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401 and re.search(r"[\u4e00-\u9fff]", response.json()["detail"])
