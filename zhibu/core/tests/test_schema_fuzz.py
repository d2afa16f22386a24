"""Schemathesis over the whole API schema (issue 16): every operation, data that fits the schema and data that does
not, as a staff user and as a read-only one, against the demo data. No answer may be a server error.

Run by hand, not in the suite (a few minutes): ``.venv/bin/python -m pytest -m fuzz -s -n 0``. The number of examples
per operation, mode and user is ZHIBU_FUZZ_EXAMPLES (default 25); the seed is fixed, so a run repeats itself."""

import collections
import os

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode

from zhibu.accounts.models import User
from zhibu.testing import api_token

pytestmark = [pytest.mark.fuzz, pytest.mark.clock("2026-11-16T10:00")]

EXAMPLES = int(os.environ.get("ZHIBU_FUZZ_EXAMPLES", "25"))
USERS = {"staff": "gongwei", "read-only": "jijian"}


def _detail_ids(schema, headers) -> dict[str, int]:
    """An id each collection really holds, so detail operations reach a record and not only 404s."""
    ids = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET" or "{" in operation.path:
            continue
        response = Client().get(operation.path, headers=headers)
        if response.status_code != 200 or not response["Content-Type"].startswith("application/json"):
            continue
        body = response.json()
        rows = body.get("results", []) if isinstance(body, dict) else body
        if isinstance(rows, list) and rows and isinstance(rows[0], dict) and "id" in rows[0]:
            ids[operation.path] = rows[0]["id"]
    return ids


def _runner(strategy, token, seen, failures, label):
    """One Hypothesis test: send each generated case with this token; count answers, keep the server errors."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        _keep_connection_open()
        response = case.call(headers={"Authorization": f"Token {token}"})
        seen.append(response.status_code)
        if response.status_code >= 500:
            failures.append((*label, case.method, case.formatted_path, case.query, case.body))

    return run


def _keep_connection_open():
    """Requests through the real WSGI handler run inside the test's transaction: the handler would close the database
    connection at the end of each request. Django's test client switches that off the same way, and on again after
    each of its own requests, hence before every call."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)


@pytest.fixture
def in_process_wsgi():
    _keep_connection_open()
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_operation_of_the_api_schema_answers_with_a_server_error(db, in_process_wsgi, capsys):
    call_command("demo", seed=11)
    capsys.readouterr()
    tokens = {role: api_token(User.objects.get(username=username)) for role, username in USERS.items()}
    staff = {"Authorization": f"Token {tokens['staff']}"}
    _keep_connection_open()
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", in_process_wsgi, headers=staff)
    ids = _detail_ids(schema, staff)
    print(f"\nschema fuzz: {len(ids)} collections with a record to aim detail operations at", flush=True)
    operations, cases, statuses, failures, unsatisfiable = set(), 0, collections.Counter(), [], set()
    for result in schema.get_all_operations():
        operation = result.ok()
        collection = operation.path.split("{")[0]
        fixed = {"id": ids[collection]} if "{id}" in operation.path and collection in ids else None
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for role, token in tokens.items():
                strategy = operation.as_strategy(generation_mode=mode)
                if fixed:  # half the examples on a record that exists, half on whatever id the schema allows
                    strategy = strategy | operation.as_strategy(generation_mode=mode, path_parameters=fixed)
                seen = []
                try:
                    _runner(strategy, token, seen, failures, (role, mode.value))()
                except Unsatisfiable:  # nothing in this mode can be built (a GET without parameters has no negative)
                    unsatisfiable.add((operation.method.upper(), operation.path, mode.value))
                operations.add((operation.method.upper(), operation.path))
                cases += len(seen)
                statuses.update(seen)
    print(
        f"\nschema fuzz: {len(operations)} operations, {cases} cases "
        f"({EXAMPLES} per operation, mode and user; staff and read-only), {len(failures)} server errors"
    )
    print("statuses:", dict(sorted(statuses.items())))
    print(f"operation × mode pairs with no case to build: {len(unsatisfiable)}")
    for failure in failures[:20]:
        print("  5xx:", failure)
    assert not failures
