"""The schema says what validation does: a field that validation requires only under a condition is optional in the
schema, so its description names the condition; leaving it out under that condition is refused on that field."""

import datetime

import pytest
from rest_framework.test import APIClient

from zhibu.testing import make_member, member_fields


@pytest.fixture
def api(personas):
    client = APIClient()
    client.force_authenticate(personas["工委管理员"])
    return client


def member_body(tree, **changes):
    body = {**member_fields(), "organization": tree.a1.pk, **changes}
    return {k: str(v) if isinstance(v, datetime.date) else v for k, v in body.items() if v is not None}


# (component, field, the condition its description must name, the request that leaves it out under that condition)
pytestmark = pytest.mark.clock("2026-11-16T10:00")  # the cases carry dates of 2026 up to November

CASES = [
    (
        "MemberRequest",
        "full_member_on",
        "full",
        lambda t: ("members", member_body(t, category="full", full_member_on=None)),
    ),
    (
        "MemberRequest",
        "lost_contact_on",
        "is_lost_contact",
        lambda t: ("members", member_body(t, is_lost_contact=True)),
    ),
    (
        "MemberRequest",
        "mobile_destination",
        "is_mobile_member",
        lambda t: ("members", member_body(t, is_mobile_member=True)),
    ),
    (
        "AssessmentRequest",
        "base",
        "salaried",
        lambda t: ("dues-assessments", {"member": make_member(t.a1).pk, "year": 2026, "category": "salaried"}),
    ),
    (
        "AssessmentRequest",
        "branch_decision",
        "hardship",
        lambda t: ("dues-assessments", {"member": make_member(t.a1).pk, "year": 2026, "category": "hardship"}),
    ),
    (
        "TransferRequest",
        "to_organization",
        "internal",
        lambda t: ("transfers", {"member": make_member(t.a1).pk, "kind": "internal", "issued_on": "2026-11-01"}),
    ),
    (
        "TransferRequest",
        "counterpart",
        "outbound",
        lambda t: ("transfers", {"member": make_member(t.a1).pk, "kind": "outbound", "issued_on": "2026-11-01"}),
    ),
    (
        "OrganizationRequest",
        "parent",
        "工委",
        lambda t: ("organizations", {"name": "新支部", "kind": "branch", "code": "N-001", "founded_on": "2020-01-01"}),
    ),
]


def test_conditional_requirements_are_described_and_enforced(api, tree):
    schemas = api.get("/api/v1/schema/?format=json").json()["components"]["schemas"]
    for component, field, condition, request in CASES:
        schema = schemas[component]
        assert field not in schema.get("required", []), (component, field)
        description = schema["properties"][field].get("description", "")
        assert "必填" in description and condition in description, (component, field, description)
        route, body = request(tree)
        refused = api.post(f"/api/v1/{route}/", body, format="json")
        assert refused.status_code == 400 and field in refused.json(), (component, field, refused.json())


def test_the_probation_extension_range_is_in_the_schema(api, tree):
    schema = api.get("/api/v1/schema/?format=json").json()["components"]["schemas"]["MemberRequest"]
    assert schema["properties"]["probation_extension_months"]["maximum"] == 12
    refused = api.post("/api/v1/members/", member_body(tree, probation_extension_months=13), format="json")
    assert refused.status_code == 400 and "probation_extension_months" in refused.json()
