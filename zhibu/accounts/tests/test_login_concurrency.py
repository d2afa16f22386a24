"""Attacks that arrive all at once: the audit chain must not fork, and the lockout must bound the password checks."""

import io
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.test import Client

from zhibu.accounts.models import User
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.core.audit_verify import verify_chain
from zhibu.testing import PASSWORD

CONCURRENT = pytest.mark.django_db(transaction=True)


def all_at_once(count: int, action) -> list[str]:
    barrier, errors = threading.Barrier(count), []

    def run(number):
        try:
            barrier.wait()
            action(number)
        except Exception as error:  # noqa: BLE001 - collected and asserted by the caller
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@CONCURRENT
def test_fifty_failed_logins_and_fifty_refused_requests_at_once_leave_one_unbroken_chain(personas, flushable_audit):
    member = personas["党员A1"]

    def fail_login(number):
        Client(REMOTE_ADDR=f"10.1.{number}.1").post(
            "/accounts/login/", {"username": f"guess{number % 7}", "password": "wrong"}
        )

    def refused_request(_number):
        client = Client()
        client.force_login(member)
        client.get("/audit/")  # 403 and audited (account pages answer such a user 404)

    assert all_at_once(50, fail_login) == []
    assert all_at_once(50, refused_request) == []
    assert AuditEvent.objects.filter(event=Event.AUTH_LOGIN_FAILED).count() == 50
    assert AuditEvent.objects.filter(event=Event.ACCESS_DENIED).count() == 50
    assert set(AuditEvent.objects.filter(event=Event.ACCESS_DENIED).values_list("outcome", flat=True)) == {"denied"}
    report = verify_chain()
    assert report.intact, report.reason
    hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(hashes) == len(set(hashes)), "two rows continue the same row: the chain forked"
    # What an operator runs: sign the end of the chain, then verify_audit checks the chain against the checkpoint.
    call_command("audit_checkpoint", stdout=io.StringIO())
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "与1个签名检查点一致" in out.getvalue()


@CONCURRENT
def test_thirty_concurrent_guesses_check_no_more_passwords_than_the_lockout_allows(personas, flushable_audit):
    target = personas["支部书记A1"]
    checked, lock = [0], threading.Lock()

    def counting_authenticate(*args, **kwargs):
        with lock:
            checked[0] += 1
        return authenticate(*args, **kwargs)

    with mock.patch("zhibu.accounts.forms.authenticate", counting_authenticate):
        errors = all_at_once(
            30,
            lambda number: Client(REMOTE_ADDR=f"10.2.{number}.1").post(
                "/accounts/login/", {"username": target.username, "password": f"wrong{number}"}
            ),
        )
    assert errors == []
    assert checked[0] <= settings.LOCKOUT_THRESHOLD
    assert User.objects.get(pk=target.pk).locked_until is not None
    assert AuditEvent.objects.filter(event=Event.AUTH_LOCKOUT, actor=target).count() == 1
    refused = Client().post("/accounts/login/", {"username": target.username, "password": PASSWORD})
    assert "已被锁定" in refused.content.decode()


def test_a_name_without_an_account_locks_like_one_with_an_account(personas):
    real, invented = personas["支部书记A1"].username, "no_such_person"
    answers = {}
    for name in (real, invented):
        client = Client()
        for _ in range(settings.LOCKOUT_THRESHOLD):
            client.post("/accounts/login/", {"username": name, "password": "wrong"})
        answers[name] = client.post("/accounts/login/", {"username": name, "password": "wrong"}).content.decode()
    assert "已被锁定" in answers[real] and "已被锁定" in answers[invented]
