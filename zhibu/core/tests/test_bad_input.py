"""Bad input never produces a server error and never half-writes: garbage posted to every form and API operation."""

import random

import pytest
from django.test import Client
from rest_framework.test import APIClient

from zhibu.committees import services as committee_services
from zhibu.core.audit_models import AuditEvent
from zhibu.members import transfers
from zhibu.testing import SETUP, make_member

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999",
    "1.5",
    "abc",
    "２０２４-０１-０１",
    "2024-02-30",
    "2099-12-31",
    "1900-01-01",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "😀" * 50,
    "x" * 5000,
    "true",
    "null",
    "220102198506150011",
    "11010519491231002X",
    "13812345678",
    "[]",
    "{}",
    "１３８１２３４５６７８",
]
JSON_NASTY = [None, True, -1, 0, 10**20, 1.5, "", "x" * 5000, [], {}, [1, 2], {"a": 1}, "2024-13-01", "北京"]


def garbage_form(rng, fields):
    return {name: rng.choice(NASTY) for name in fields if rng.random() < 0.85}


def fields_of(client, url):
    response = client.get(url)
    form = response.context["form"] if response.context and "form" in response.context else None
    return list(form.fields) if form is not None else []


@pytest.mark.slow  # walks every page or form as every persona
@pytest.mark.any_clock
def test_forms_never_fail_with_a_server_error(tree, personas):
    member = make_member(tree.a1)
    term = committee_services.create_term(
        actor=SETUP, organization=tree.a1, number=1, elected_on=tree.a1.founded_on, started_on=tree.a1.founded_on
    )
    pending = transfers.start_transfer(
        actor=SETUP,
        member=make_member(tree.a1),
        kind="internal",
        to_organization=tree.a2,
        issued_on=tree.a1.founded_on.replace(year=2020),
    )
    client = Client(raise_request_exception=False)
    client.force_login(personas["工委管理员"])
    urls = [
        "/organizations/new/",
        f"/organizations/{tree.a2.pk}/edit/",
        f"/organizations/{tree.a2.pk}/status/",
        "/organizations/units/new/",
        "/members/new/",
        f"/members/{member.pk}/edit/",
        f"/members/{member.pk}/events/new/",
        f"/members/{member.pk}/transfer/",
        "/members/transfers/inbound/",
        f"/members/transfers/{pending.pk}/complete/",
        f"/committees/organizations/{tree.a2.pk}/terms/new/",
        f"/committees/terms/{term.pk}/edit/",
        f"/committees/terms/{term.pk}/positions/new/",
        "/accounts/grants/new/",
        "/organizations/scope/",
        f"/members/transfers/{pending.pk}/cancel/",
    ]
    rng = random.Random(20261128)
    tried, errors = 0, []
    for url in urls:
        fields = fields_of(client, url) or ["organization", "reason", "received_on"]
        for _ in range(60):
            audit_rows = AuditEvent.objects.count()
            response = client.post(url, garbage_form(rng, fields))
            tried += 1
            if response.status_code >= 500:
                errors.append((url, response.status_code))
            if response.status_code == 200 and AuditEvent.objects.count() != audit_rows:
                errors.append((url, "wrote although the form was refused"))
    print(f"form fuzz: {tried} posts, {len(errors)} server errors or half-writes")
    assert errors == []


@pytest.mark.slow  # walks every page or form as every persona
@pytest.mark.any_clock
def test_api_operations_never_fail_with_a_server_error(tree, personas):
    member = make_member(tree.a1)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(personas["工委管理员"])
    operations = {
        "/api/v1/organizations/": ["name", "short_name", "kind", "code", "parent", "founded_on", "units", "note"],
        "/api/v1/units/": ["name", "code", "staff_headcount", "owner"],
        "/api/v1/members/": [
            "name",
            "gender",
            "id_number",
            "birth_date",
            "category",
            "organization",
            "joined_on",
            "full_member_on",
            "education",
            "job_position",
            "mobile",
            "ethnicity",
        ],
        "/api/v1/terms/": ["organization", "number", "elected_on", "started_on", "planned_end_on"],
        "/api/v1/positions/": ["term", "kind", "holder", "started_on"],
        "/api/v1/transfers/": ["member", "kind", "to_organization", "issued_on", "counterpart"],
        "/api/v1/dues-assessments/": ["member", "year", "category", "base", "fixed", "branch_decision"],
        "/api/v1/dues-payments/": ["member", "month", "amount", "method", "idempotency_key", "paid_on", "voluntary"],
    }
    rng = random.Random(7)
    tried, errors = 0, []
    for url, fields in operations.items():
        for _ in range(100):
            body = {name: rng.choice(JSON_NASTY + NASTY) for name in fields if rng.random() < 0.8}
            for method, target in (("post", url), ("patch", f"/api/v1/members/{member.pk}/")):
                if method == "patch" and url != "/api/v1/members/":
                    continue
                response = getattr(client, method)(target, body, format="json")
                tried += 1
                if response.status_code >= 500:
                    errors.append((method, target, body))
    print(f"api fuzz: {tried} requests, {len(errors)} server errors")
    assert errors == []


def test_absurd_ids_are_not_found_not_errors(tree, personas):
    huge = "99999999999999999999"
    web = Client(raise_request_exception=False)
    web.force_login(personas["工委管理员"])
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(personas["工委管理员"])
    for url in (f"/members/{huge}/", f"/organizations/{huge}/", f"/committees/terms/{huge}/edit/"):
        assert web.get(url).status_code == 404, url
    assert api.get(f"/api/v1/members/{huge}/").status_code == 404
    for url in (
        f"/members/?organization={huge}",
        f"/organizations/?parent={huge}&within={huge}",
        f"/api/v1/members/?organization={huge}",
        f"/organizations/units/?owner={huge}",
    ):
        assert web.get(url).status_code in (200, 400), url
    assert web.post("/organizations/scope/", {"organization": huge}).status_code == 404
    assert api.post("/api/v1/terms/", {"organization": int(huge), "number": 1}, format="json").status_code == 400


@pytest.mark.slow  # walks every page or form as every persona
@pytest.mark.any_clock
def test_meeting_pages_never_fail_with_a_server_error(tree, personas):
    from django.utils import timezone

    from zhibu.activities import services as activity_services
    from zhibu.activities.models import ActivityKind

    member = make_member(tree.a1)
    meeting = activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="general_meeting"),
        title="会",
        planned_at=timezone.now(),
    )
    held = activity_services.record_held(
        actor=SETUP,
        activity=activity_services.plan_activity(
            actor=SETUP,
            organization=tree.a1,
            kind=ActivityKind.objects.get(code="general_meeting"),
            title="会2",
            planned_at=timezone.now(),
        ),
        held_at=timezone.now(),
    )
    client = Client(raise_request_exception=False)
    client.force_login(personas["支部书记A1"])
    endpoints = {
        "/activities/new/": ["organization", "kind", "title", "planned_at", "place", "host", "agenda", "first_topic"],
        f"/activities/{meeting.pk}/held/": ["held_at"],
        f"/activities/{held.pk}/attendance/": [
            f"status_{member.pk}",
            f"leave_{member.pk}",
            f"reason_{member.pk}",
            "status_99999999999999999999",
            "status_x",
        ],
        f"/activities/{held.pk}/vote/": ["subject", "yes", "no", "abstain"],
        f"/activities/{held.pk}/resolution/": ["text", "owner_member", "deadline"],
        f"/activities/{held.pk}/minutes/": ["minutes"],
        f"/activities/{held.pk}/sign/": [],
        f"/activities/{held.pk}/amend/": ["part", "corrected", "reason"],
        f"/activities/{held.pk}/makeup/": ["attendance", "done_on", "note"],
    }
    rng = random.Random(11)
    tried, errors = 0, []
    for url, fields in endpoints.items():
        for _ in range(40):
            response = client.post(url, garbage_form(rng, fields))
            tried += 1
            if response.status_code >= 500:
                errors.append((url, response.status_code))
    print(f"meeting fuzz: {tried} posts, {len(errors)} server errors")
    assert errors == []


@pytest.mark.slow  # walks every page or form as every persona
@pytest.mark.any_clock
def test_standards_inspection_and_rating_pages_never_fail_with_a_server_error(tree, personas, settings):
    import datetime

    from zhibu.inspections import services as inspection_services
    from zhibu.standards import services as standards_services
    from zhibu.standards.models import ExplanationNote, Verdict

    settings.STANDARDS_LIVE_REFRESH = True
    owner = make_member(tree.a1)
    year = datetime.date.today().year
    standards_services.recompute(actor=SETUP, year=year - 1)
    verdict = Verdict.objects.filter(organization=tree.a1, status="missed").first()
    admin = personas["工委管理员"]
    note = standards_services.submit_note(
        actor=personas["支部书记A1"], verdict=verdict, text="当月集中培训，次月已补开。"
    )
    plan = inspection_services.create_plan(
        actor=admin,
        organization=tree.gongwei,
        scope=tree.gongwei,
        title="督查",
        kind="regular",
        period_start=datetime.date(year - 1, 1, 1),
        period_end=datetime.date(year - 1, 12, 31),
        inspectors=[admin],
    )
    target = plan.targets.get(organization=tree.a1)
    finding = inspection_services.add_finding(
        actor=admin,
        plan=plan,
        organization=tree.a1,
        description="记录不全",
        items=[{"task": "补全记录", "owner": owner, "deadline": datetime.date.today(), "required_evidence": "记录"}],
    )
    item = finding.items.get()
    from zhibu.ratings import services as rating_services

    sheet = rating_services.create_sheet(actor=admin, organization=tree.gongwei, year=year - 1)
    client = Client(raise_request_exception=False)
    client.force_login(admin)
    endpoints = {
        f"/standards/verdicts/{Verdict.objects.filter(status='missed').last().pk}/": ["text", "attachment"],
        f"/standards/notes/{note.pk}/review/": ["decision", "comment"],
        "/standards/parameters/": ["organization", "rule_id", "key", "value", "reason"],
        "/inspections/new/": fields_of(client, "/inspections/new/"),
        f"/inspections/{plan.pk}/targets/{target.pk}/": fields_of(
            client, f"/inspections/{plan.pk}/targets/{target.pk}/"
        ),
        f"/inspections/items/{item.pk}/": ["action", "report-text", "review-decision", "review-comment"],
        f"/inspections/{plan.pk}/close/": [],
        "/ratings/": fields_of(client, "/ratings/"),
        f"/ratings/{sheet.pk}/items/": fields_of(client, f"/ratings/{sheet.pk}/items/"),
        f"/ratings/{sheet.pk}/branches/{tree.a1.pk}/": ["item", "points", "basis"],
        f"/ratings/{sheet.pk}/lock/": [],
        f"/ratings/{sheet.pk}/items/{sheet.items.first().pk}/delete/": [],
        "/dues/pay/": ["member", "month", "key", "method", "paid_on"],
        "/dues/publish/": ["organization", "year"],
        f"/dues/members/{owner.pk}/": ["year", "category", "base", "fixed", "branch_decision", "higher_approval"],
    }
    rng = random.Random(5)
    tried, errors = 0, []
    for url, fields in endpoints.items():
        for _ in range(40):
            audit_rows = AuditEvent.objects.count()
            response = client.post(url, garbage_form(rng, fields))
            tried += 1
            if response.status_code >= 500:
                errors.append((url, response.status_code))
            if response.status_code == 200 and AuditEvent.objects.count() != audit_rows:
                errors.append((url, "wrote although the form was refused"))
    for query in (
        "year=abc",
        "year=99999",
        "organization=abc",
        "organization=-1",
        "export=zzz",
        "status=😀",
        "format=pdf",
        f"organization={tree.a1.pk}&format=docx&year=1999",
        "month=2026-13",
        f"organization={tree.a1.pk}&month=abc",
    ):
        for url in (
            "/standards/",
            "/standards/sheet/",
            "/inspections/",
            "/inspections/items/",
            "/standards/notes/",
            f"/ratings/{sheet.pk}/",
            "/ledgers/",
            "/ledgers/meetings/",
            "/ledgers/life/",
            "/ledgers/roster/",
            "/dues/",
        ):
            response = client.get(f"{url}?{query}")
            tried += 1
            if response.status_code >= 500:
                errors.append((url, query, response.status_code))
    print(f"standards, inspection and rating fuzz: {tried} requests, {len(errors)} server errors or half-writes")
    assert errors == []
    assert ExplanationNote.objects.filter(pk=note.pk).exists()
