"""The read-replica router: read-only pages read from the ``replica`` alias (in tests, Django's mirror of the default
test database), writes and everything else go to the primary.

Transactional tests: inside the test case's wrapping transaction every read would go to the primary by design (a read
inside a transaction stays on the primary), and the mirror connection would not see the test's uncommitted rows."""

import pytest
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from zhibu.core.db_routing import REPLICA_ALIAS, ReadReplicaMiddleware, ReplicaRouter
from zhibu.members.models import Member

ROUTER = "zhibu.core.db_routing.ReplicaRouter"
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def replica_router(settings):
    settings.DATABASE_ROUTERS = [ROUTER]


def fetch(client, url):
    """The response, and the SQL sent to the primary and to the replica while serving it."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA_ALIAS]) as replica,
    ):
        response = client.get(url)
    return response, [q["sql"] for q in primary], [q["sql"] for q in replica]


def touching(queries, table):
    return [sql for sql in queries if f'"{table}"' in sql]


transactional = pytest.mark.django_db(transaction=True, databases=["default", REPLICA_ALIAS])


@transactional
def test_a_standards_sheet_reads_its_verdicts_from_the_replica(
    replica_router, tree, personas, client_as, flushable_audit
):
    response, primary, replica = fetch(client_as(personas["支部书记A1"]), reverse("standards:sheet"))
    assert response.status_code == 200
    assert touching(replica, "standards_verdict")
    assert not touching(primary, "standards_verdict")
    assert not [sql for sql in replica if sql.lstrip().upper().startswith(WRITES)]
    # The session and the account stay on the primary: a replica a moment behind must not log anyone out.
    assert not touching(replica, "django_session")


@transactional
def test_an_export_reads_from_the_replica_and_writes_its_audit_event_to_the_primary(
    replica_router, tree, personas, client_as, flushable_audit
):
    response, primary, replica = fetch(client_as(personas["党委管理员A"]), reverse("members:export"))
    assert response.status_code == 200
    assert touching(replica, "members_member")
    assert [sql for sql in touching(primary, "core_auditevent") if sql.lstrip().upper().startswith("INSERT")]
    assert not [sql for sql in replica if sql.lstrip().upper().startswith(WRITES)]
    assert not touching(replica, "core_auditevent")  # the audit chain is read inside the write's transaction


@transactional
def test_an_unmarked_page_and_an_unconfigured_router_read_from_the_primary(
    replica_router, tree, personas, client_as, flushable_audit, settings
):
    client = client_as(personas["党委管理员A"])
    response, primary, replica = fetch(client, reverse("members:list"))
    assert response.status_code == 200
    assert touching(primary, "members_member")
    assert replica == []

    settings.DATABASE_ROUTERS = []  # ZHIBU_REPLICA_DATABASE_URL unset: a single database, as before
    response, primary, replica = fetch(client, reverse("standards:sheet"))
    assert response.status_code == 200
    assert touching(primary, "standards_verdict")
    assert replica == []


@transactional
def test_within_a_marked_page_reads_after_a_write_or_inside_a_transaction_go_to_the_primary(
    replica_router, tree, flushable_audit
):
    seen = []

    def view(request):
        seen.append(ReplicaRouter().db_for_read(Member))
        with transaction.atomic():
            seen.append(ReplicaRouter().db_for_read(Member))
        ReplicaRouter().db_for_write(Member)
        seen.append(ReplicaRouter().db_for_read(Member))
        return HttpResponse()

    request = RequestFactory().get(reverse("standards:sheet"))
    request.resolver_match = resolve(request.path)
    middleware = ReadReplicaMiddleware(view)

    def respond(request):
        middleware.process_view(request, view, (), {})
        return view(request)

    ReadReplicaMiddleware(respond)(request)
    assert seen == [REPLICA_ALIAS, "default", "default"]
    assert ReplicaRouter().db_for_read(Member) == "default"  # the mark ends with the request


def test_migrations_run_only_on_the_primary():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "standards")
    assert not router.allow_migrate(REPLICA_ALIAS, "standards")


def test_a_post_to_a_marked_address_is_not_read_only(rf):
    from zhibu.core.db_routing import is_read_only_page

    request = rf.post(reverse("standards:sheet"))
    request.resolver_match = resolve(request.path)
    assert not is_read_only_page(request)
    request = rf.get(reverse("members:export"))
    request.resolver_match = resolve(request.path)
    assert is_read_only_page(request)
