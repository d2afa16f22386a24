"""Nonsense in every worklog form, filter and API write is answered with a message, never a server error, and writes
nothing it should not."""

import random

import pytest
from django.test import Client
from rest_framework.test import APIClient

from zhibu.core.tests.test_bad_input import JSON_NASTY, NASTY, fields_of, garbage_form
from zhibu.worklog import services
from zhibu.worklog.models import Closure
from zhibu.worklog.tests.ledger import CLOCK, accepted_task, pdf

pytestmark = pytest.mark.clock(CLOCK)


@pytest.mark.slow  # a walk of every form with garbage: CI runs it (--all); the default run leaves it out
@pytest.mark.any_clock  # its own fixed clock: the same at every boundary
def test_worklog_forms_filters_and_api_never_fail_with_a_server_error(tree, personas):
    plan, task = accepted_task(tree.a, tree.a1)
    _plan, requested = accepted_task(tree.a, tree.a2, title="另一份要点")
    services.request_closure(actor=personas["党委管理员A"], task=requested, summary="完成", uploads=[pdf()])
    client = Client(raise_request_exception=False)
    client.force_login(personas["党委管理员A"])
    forms = [
        "/worklog/plans/new/",
        f"/worklog/plans/{plan.pk}/sections/new/",
        f"/worklog/plans/{plan.pk}/points/new/",
        f"/worklog/plans/{plan.pk}/tasks/new/",
        f"/worklog/tasks/{task.pk}/progress/new/",
        f"/worklog/tasks/{task.pk}/closure/new/",
        f"/worklog/tasks/{requested.pk}/review/",
    ]
    rng, errors = random.Random(20), []
    for url in forms:
        fields = fields_of(client, url)
        assert fields, url
        for _ in range(25):
            response = client.post(url, garbage_form(rng, fields))
            if response.status_code >= 500:
                errors.append(url)
    for query in ("status", "owner", "overdue", "year", "plan"):
        for value in NASTY:
            for url in ("/worklog/", "/worklog/export/", "/api/v1/worklog-tasks/"):
                if client.get(url, {query: value}).status_code >= 500:
                    errors.append((url, query, value))
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(personas["党委管理员A"])
    for action, fields in (("progress", ("month", "percent", "narrative")), ("closure", ("summary", "evidence"))):
        for _ in range(60):
            body = {name: rng.choice(JSON_NASTY) for name in fields if rng.random() < 0.85}
            if api.post(f"/api/v1/worklog-tasks/{task.pk}/{action}/", body, format="json").status_code >= 500:
                errors.append((action, body))
    assert errors == []
    assert not Closure.objects.filter(task=task).exists()  # no nonsense ever passed as evidence
