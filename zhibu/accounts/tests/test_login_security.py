import datetime
import io
import re
import time
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from zhibu.accounts import login as login_rules
from zhibu.accounts import otp as otp_devices
from zhibu.accounts import services
from zhibu.accounts.models import User
from zhibu.accounts.roles import Role
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.testing import PASSWORD, persona

LOGIN = "/accounts/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_fifth_failure_locks_and_the_right_password_is_refused_until_30_minutes_pass(personas):
    user = personas["支部书记A1"]
    client = Client()
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        for _ in range(4):
            attempt(client, user.username, "wrong")
        assert User.objects.get(pk=user.pk).locked_until is None
        attempt(client, user.username, "wrong")
        assert User.objects.get(pk=user.pk).locked_until == start + datetime.timedelta(minutes=30)
        refused = attempt(client, user.username, PASSWORD)
        assert "已被锁定" in refused.content.decode() and "_auth_user_id" not in client.session
    with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(minutes=29)):
        assert "已被锁定" in attempt(client, user.username, PASSWORD).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(minutes=31)):
        assert attempt(client, user.username, PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(event=Event.AUTH_LOCKOUT, actor=user).count() == 1
    assert AuditEvent.objects.filter(event=Event.AUTH_LOGIN_FAILED, actor=user).count() >= 5


def test_security_admin_unlocks(personas, tree):
    user = personas["支部书记A1"]
    user.locked_until = timezone.now() + datetime.timedelta(minutes=30)
    user.save()
    with pytest.raises(Exception, match="只有安全管理员"):
        login_rules.unlock(actor=personas["工委管理员"], user=user)
    guard = persona("anquan", tree.gongwei, Role.SECURITY_ADMIN)
    client = Client()
    client.force_login(guard)
    assert "secretary_a1" in client.get("/accounts/security/").content.decode()
    client.post(f"/accounts/security/unlock/{user.pk}/")
    assert User.objects.get(pk=user.pk).locked_until is None


def test_per_ip_throttle_answers_429(personas, settings):
    settings.IP_THROTTLE_FAILURES = 5
    client = Client(REMOTE_ADDR="10.0.0.9")
    for number in range(5):
        attempt(client, f"nobody{number}", "wrong")
    response = attempt(client, personas["工委管理员"].username, PASSWORD)
    assert response.status_code == 429 and "过多" in response.content.decode()
    assert AuditEvent.objects.filter(event=Event.AUTH_THROTTLED).count() == 1
    assert attempt(Client(REMOTE_ADDR="10.0.0.10"), personas["工委管理员"].username, PASSWORD).status_code == 302


def test_login_gives_a_new_session_key_and_logout_kills_the_session(personas):
    client = Client()
    client.get(LOGIN)
    client.cookies["sessionid"] = "pre-login-session-key"
    attempt(client, personas["工委管理员"].username, PASSWORD)
    key = client.session.session_key
    assert key and key != "pre-login-session-key"
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/").status_code == 302


def test_idle_timeout_and_absolute_limit(personas, settings):
    client = Client()
    now = 1_800_000_000.0
    with mock.patch("time.time", return_value=now):
        attempt(client, personas["工委管理员"].username, PASSWORD)
    with mock.patch("time.time", return_value=now + 14 * 60):
        assert client.get("/").status_code == 200
    with mock.patch("time.time", return_value=now + 14 * 60 + 16 * 60):
        response = client.get("/")
        assert response.status_code == 302 and response.url.startswith(LOGIN)
    # absolute limit: active all the time, still out after 12 hours
    with mock.patch("time.time", return_value=now):
        attempt(client, personas["工委管理员"].username, PASSWORD)
    for minutes in range(10, 12 * 60, 10):
        with mock.patch("time.time", return_value=now + minutes * 60):
            assert client.get("/organizations/").status_code == 200, minutes
    with mock.patch("time.time", return_value=now + 12 * 3600 + 60):
        assert client.get("/organizations/").status_code == 302


def test_a_disabled_user_loses_the_session(personas):
    client = Client()
    attempt(client, personas["支部书记A1"].username, PASSWORD)
    assert client.get("/").status_code == 200
    services.disable_user(actor=personas["工委管理员"], user=personas["支部书记A1"], reason="调离")
    assert client.get("/").status_code == 302
    assert attempt(Client(), personas["支部书记A1"].username, PASSWORD).status_code == 200


def test_password_expiry_warns_then_forces_a_change(personas):
    user = personas["支部书记A1"]
    user.password_changed_at = timezone.now() - datetime.timedelta(days=85)
    user.save()
    client = Client()
    attempt(client, user.username, PASSWORD)
    assert "5天后到期" in client.get("/accounts/profile/").content.decode()
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=91))
    response = client.get("/members/")
    assert response.status_code == 302 and response.url == "/accounts/password/"
    weak = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": "woaini1314", "new_password2": "woaini1314"}
    )
    assert "常见弱口令" in weak.content.decode() or "至少3类" in weak.content.decode()
    done = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": "Kx7#pLm2qz", "new_password2": "Kx7#pLm2qz"}
    )
    assert done.status_code == 302 and client.get("/members/").status_code == 200


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("abcdefgh", "至少3类"),
        ("Woaini1314!", "woaini1314"),
        ("Qwerty#2024", "qwerty"),
        ("Ab1!", "太短"),
        ("1qaz2wsx#A", "1qaz2wsx"),
        ("Zhongguo@88", "zhongguo"),
    ],
)
def test_password_profile_refuses_weak_passwords(password, fragment):
    from django.contrib.auth import password_validation

    with pytest.raises(ValidationError) as caught:
        password_validation.validate_password(password, User(username="someone"))
    assert any(fragment in message for message in caught.value.messages), caught.value.messages


def test_new_accounts_must_change_the_password_at_first_login(tree, personas):
    services.create_user(
        actor=personas["党委管理员A"],
        username="xinren",
        full_name="新人",
        password="Kx7#pLm2qz",
        organization=tree.a1,
        role=Role.PARTY_WORKER,
    )
    client = Client()
    attempt(client, "xinren", "Kx7#pLm2qz")
    assert client.get("/").url == "/accounts/password/"


def test_three_administrators_are_never_one_person(tree, personas):
    """The system administrator opens the account (without a role), the security administrator makes it an auditor;
    no one then adds a second 三员 role or any other role to it, nor a 三员 role to a business account."""
    actor = persona("anquan", tree.gongwei, Role.SECURITY_ADMIN)
    auditor = services.create_user(
        actor=persona("xitong", tree.gongwei, Role.SYSTEM_ADMIN),
        username="shenji",
        full_name="审计",
        password=PASSWORD,
    )
    services.grant_role(actor=actor, user=auditor, organization=tree.gongwei, role=Role.AUDIT_ADMIN)
    for role in (Role.SECURITY_ADMIN, Role.SYSTEM_ADMIN, Role.GONGWEI_ADMIN):
        with pytest.raises(ValidationError, match="三员分立|不能与其他角色兼任"):
            services.grant_role(actor=actor, user=auditor, organization=tree.gongwei, role=role)
    with pytest.raises(ValidationError, match="不能与其他角色兼任"):
        services.grant_role(
            actor=actor, user=personas["党委管理员A"], organization=tree.gongwei, role=Role.SECURITY_ADMIN
        )
    with pytest.raises(ValidationError, match="只能授予在机关工委上"):
        services.grant_role(actor=actor, user=personas["无角色"], organization=tree.a, role=Role.SYSTEM_ADMIN)


def test_audit_admin_reads_the_whole_log_and_nothing_else(tree, personas):
    auditor = persona("shenji", tree.gongwei, Role.AUDIT_ADMIN)
    client = Client()
    client.force_login(auditor)
    page = client.get("/audit/")
    assert page.status_code == 200 and page.context["page"].paginator.count == AuditEvent.objects.count()
    assert client.get("/members/").context["page"].paginator.count == 0
    secretary = Client()
    secretary.force_login(personas["支部书记A1"])
    assert secretary.get("/audit/").status_code == 403
    discipline = Client()
    discipline.force_login(personas["纪检A"])
    rows = discipline.get("/audit/").context["page"].paginator.count
    assert 0 < rows < AuditEvent.objects.count()


def test_create_admin_gives_a_one_time_password_and_there_are_no_default_accounts(db):
    assert User.objects.count() == 0
    out = io.StringIO()
    call_command("create_admin", "admin", "--org-name", "某机关工委", stdout=out)
    password = out.getvalue().split("一次性密码：")[1].split()[0]
    admin = User.objects.get(username="admin")
    assert admin.must_change_password and admin.check_password(password)
    assert admin.role_grants.get().role == Role.GONGWEI_ADMIN
    with pytest.raises(CommandError, match="已被使用"):
        call_command("create_admin", "admin", stdout=io.StringIO())


def test_totp_enrolment_and_verification_with_a_frozen_clock(personas, settings):
    settings.REQUIRE_OTP = True
    user = personas["支部书记A1"]
    client = Client()
    attempt(client, user.username, PASSWORD)
    assert client.get("/members/").url == "/accounts/otp/verify/"
    setup = client.get("/accounts/otp/verify/", follow=True)
    assert "绑定动态口令" in setup.content.decode() and "data:image/svg+xml" in setup.content.decode()
    device = otp_devices.pending_device(user)
    moment = int(time.time())  # frozen at the real present, so the session limits are not crossed
    with mock.patch("time.time", return_value=moment):
        wrong = client.post("/accounts/otp/setup/", {"token": "000000"})
        assert "不正确" in wrong.content.decode()
        # django-otp makes the next try wait after a failure (1 s, then 2 s, 4 s …)
        later = timezone.now() + datetime.timedelta(seconds=5)
        with mock.patch("django.utils.timezone.now", return_value=later):
            good = client.post("/accounts/otp/setup/", {"token": otp_devices.current_token(device, moment)})
        assert good.status_code == 302
    assert client.get("/members/").status_code == 200
    assert AuditEvent.objects.filter(event=Event.AUTH_OTP_FAILED).count() == 1
    assert AuditEvent.objects.filter(event=Event.AUTH_OTP_ENROLLED).count() == 1
    # Next login: the code is asked for again; ordinary members are never asked.
    client.post("/accounts/logout/")
    attempt(client, user.username, PASSWORD)
    assert client.get("/").url == "/accounts/otp/verify/"
    member = Client()
    attempt(member, personas["党员A1"].username, PASSWORD)
    assert member.get("/").status_code == 200


def test_account_pages_do_not_list_usernames_to_those_who_do_not_administer_them(personas, client_as):
    target = personas["支部书记A1"]
    for outsider in (personas["党员A1"], personas["支部书记B1"]):
        page = client_as(outsider).get(f"/accounts/users/{target.pk}/disable/")
        assert page.status_code == 404 and target.username not in page.content.decode()
    assert client_as(target).get(f"/accounts/users/{target.pk}/disable/").status_code == 404
    assert client_as(personas["党员A1"]).get("/accounts/users/999999/disable/").status_code == 404
    admin_page = client_as(personas["工委管理员"]).get(f"/accounts/users/{target.pk}/disable/")
    assert admin_page.status_code == 200 and target.username in admin_page.content.decode()


def test_the_login_answer_for_a_locked_account_and_an_invented_name_is_the_same(personas):
    def fifth_answer(name):
        client = Client()
        for _ in range(5):
            client.post(LOGIN, {"username": name, "password": "wrong"})
        text = client.post(LOGIN, {"username": name, "password": "wrong"}).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text.replace(name, "NAME"))

    assert fifth_answer(personas["支部书记B1"].username) == fifth_answer("invented_name")


def test_an_account_whose_attempts_are_used_up_without_a_lock_locks_instead_of_refusing_without_end(personas):
    """The attempt that used the last try never finished (a worker died while checking the password)."""
    user = personas["支部书记A1"]
    User.objects.filter(pk=user.pk).update(failed_logins=5, locked_until=None)
    answer = attempt(Client(), user.username, PASSWORD).content.decode()
    assert "已被锁定" in answer
    assert User.objects.get(pk=user.pk).locked_until > timezone.now()
    assert AuditEvent.objects.filter(event=Event.AUTH_LOCKOUT, actor=user).count() == 1
