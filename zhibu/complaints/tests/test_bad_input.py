"""Garbage posted to every complaints form, public and official, never makes a server error and never writes
although refused."""

import random

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from zhibu.complaints import services
from zhibu.complaints.models import Complaint
from zhibu.complaints.tests.helpers import CLOCK, complaint, intake_point
from zhibu.core.audit_models import AuditEvent
from zhibu.core.tests.test_bad_input import NASTY
from zhibu.testing import SETUP

pytestmark = pytest.mark.clock(CLOCK)
VISIT_FIELDS = ["visited_on", "way", "visitor", "feedback", "satisfied", "follow_up", "decision_note"]
PUBLIC_FIELDS = ["submission_key", "kind", "what", "place", "happened_on", "contact", "images", "website"]


def garbage(rng, fields):
    return {name: rng.choice(NASTY) for name in fields if rng.random() < 0.85}


@pytest.mark.slow  # a walk of every form with garbage: CI runs it (--all); the default run leaves it out
@pytest.mark.any_clock  # its own fixed clock: the same at every boundary
def test_garbage_never_fails_with_a_server_error(tree, personas, settings):
    settings.COMPLAINT_RATE_LIMIT = 100_000  # the fuzz is one address posting many times
    cache.clear()
    rng = random.Random(20261205)
    point = intake_point(tree.a1)
    closed = complaint(point)
    for kind in ("accept", "assign", "answer", "close"):
        services.record_step(
            actor=SETUP, complaint=closed, kind=kind, happened_on=closed.received_on, official="王", note="已办"
        )
    open_one = complaint(point)
    visitable = complaint(point, contact="13912345678")
    for kind in ("accept", "assign", "answer", "close"):
        services.record_step(
            actor=SETUP, complaint=visitable, kind=kind, happened_on=visitable.received_on, official="王", note="已办"
        )
    admin = Client(raise_request_exception=False)
    admin.force_login(personas["工委管理员"])
    public = Client(raise_request_exception=False)
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(personas["工委管理员"])
    targets = [
        (public, point.public_path(), PUBLIC_FIELDS),
        (public, f"/complaints/track/{closed.tracking_code}/", ["rating", "comment"]),
        (public, f"/complaints/track/{open_one.tracking_code}/", ["rating", "comment"]),
        (admin, f"/complaints/{open_one.pk}/steps/new/", ["kind", "happened_on", "official", "note"]),
        (admin, "/complaints/intake-points/new/", ["organization", "unit_name", "kind", "name", "submission_key"]),
        (admin, f"/complaints/intake-points/{point.pk}/edit/", ["unit_name", "kind", "name", "active"]),
        (admin, "/complaints/kinds/", ["name", "deadline_days", "active", "order"]),
        (admin, f"/complaints/{visitable.pk}/return-visit/new/", VISIT_FIELDS),
    ]
    tried, errors = 0, []
    for client, url, fields in targets:
        for _ in range(80):
            rows, complaints = AuditEvent.objects.count(), Complaint.objects.count()
            response = client.post(url, garbage(rng, fields))
            tried += 1
            if response.status_code >= 500:
                errors.append((url, response.status_code))
            if response.status_code == 200 and (
                AuditEvent.objects.count() != rows or Complaint.objects.count() != complaints
            ):
                errors.append((url, "wrote although the form was refused"))
    for _ in range(40):
        for url in (
            "/complaints/return-visits/",
            "/complaints/return-visits/export/",
            "/api/v1/complaint-return-visits/",
        ):
            response = admin.get(url, garbage(rng, ["organization", "satisfied", "way", "follow_up", "year"]))
            tried += 1
            if response.status_code >= 500:
                errors.append((url, response.status_code))
        rows = AuditEvent.objects.count()
        body = {**garbage(rng, VISIT_FIELDS), "complaint": rng.choice([visitable.pk, *NASTY])}
        response = api.post("/api/v1/complaint-return-visits/", body, format="json")
        tried += 1
        if response.status_code >= 500 or (response.status_code == 400 and AuditEvent.objects.count() != rows):
            errors.append(("api return visit", response.status_code))
    for code in ("x" * 300, "%00", "'; DROP TABLE", "😀"):
        response = public.get("/complaints/track/", {"code": code})
        tried += 1
        if response.status_code >= 500:
            errors.append(("lookup", code))
    print(f"complaints form fuzz: {tried} posts, {len(errors)} server errors or half-writes")
    assert tried > 500 and errors == []
