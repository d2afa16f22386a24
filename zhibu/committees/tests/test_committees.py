import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zhibu.committees import services
from zhibu.committees.models import Position, PositionKind, Term
from zhibu.committees.terms import DUE_3, DUE_6, NO_TERM, NORMAL, OVERDUE, status_for
from zhibu.core.audit_catalogue import Event
from zhibu.members.choices import Category
from zhibu.members.validation import add_months, add_years
from zhibu.standards.models import Verdict
from zhibu.testing import SETUP, make_member

TODAY = datetime.date(2026, 11, 28)

pytestmark = pytest.mark.usefixtures("live_verdicts")


def kind(code):
    return PositionKind.objects.get(code=code)


@pytest.mark.parametrize(
    ("planned_end", "expected"),
    [
        (None, NO_TERM),
        (TODAY - datetime.timedelta(days=1), OVERDUE),
        (TODAY, DUE_3),
        (add_months(TODAY, 3), DUE_3),
        (add_months(TODAY, 3) + datetime.timedelta(days=1), DUE_6),
        (add_months(TODAY, 6), DUE_6),
        (add_months(TODAY, 6) + datetime.timedelta(days=1), NORMAL),
    ],
)
def test_term_status_edges(planned_end, expected):
    assert status_for(planned_end, TODAY) == expected


def test_default_term_length_by_kind(tree):
    branch_term = services.create_term(
        actor=SETUP,
        organization=tree.a1,
        number=1,
        elected_on=datetime.date(2024, 4, 3),
        started_on=datetime.date(2024, 4, 3),
    )
    committee_term = services.create_term(
        actor=SETUP,
        organization=tree.a,
        number=1,
        elected_on=datetime.date(2024, 4, 3),
        started_on=datetime.date(2024, 4, 3),
    )
    assert branch_term.planned_end_on == datetime.date(2027, 4, 3)
    assert committee_term.planned_end_on == datetime.date(2029, 4, 3)


def test_new_term_closes_the_previous_one_and_its_posts(tree):
    secretary = make_member(tree.a1)
    first = services.create_term(
        actor=SETUP,
        organization=tree.a1,
        number=4,
        elected_on=datetime.date(2021, 3, 1),
        started_on=datetime.date(2021, 3, 1),
    )
    services.assign_position(
        actor=SETUP, term=first, kind=kind("secretary"), holder=secretary, started_on=datetime.date(2021, 3, 1)
    )
    with pytest.raises(ValidationError) as caught:
        services.create_term(
            actor=SETUP,
            organization=tree.a1,
            number=4,
            elected_on=datetime.date(2024, 3, 1),
            started_on=datetime.date(2024, 3, 1),
        )
    assert "届次应大于" in str(caught.value)
    services.create_term(
        actor=SETUP,
        organization=tree.a1,
        number=5,
        elected_on=datetime.date(2024, 3, 1),
        started_on=datetime.date(2024, 3, 2),
    )
    first.refresh_from_db()
    assert first.ended_on == datetime.date(2024, 3, 2)
    assert Position.objects.get(term=first).ended_on == datetime.date(2024, 3, 2)
    assert Term.objects.filter(organization=tree.a1, ended_on__isnull=True).count() == 1


def test_single_seat_posts_and_by_election(tree):
    term = services.create_term(
        actor=SETUP,
        organization=tree.a1,
        number=1,
        elected_on=datetime.date(2024, 1, 5),
        started_on=datetime.date(2024, 1, 5),
    )
    first, second = make_member(tree.a1), make_member(tree.a1)
    post = services.assign_position(
        actor=SETUP, term=term, kind=kind("secretary"), holder=first, started_on=datetime.date(2024, 1, 5)
    )
    with pytest.raises(ValidationError) as caught:
        services.assign_position(
            actor=SETUP, term=term, kind=kind("secretary"), holder=second, started_on=datetime.date(2024, 2, 1)
        )
    assert "已有人在任" in str(caught.value)
    services.end_position(actor=SETUP, position=post, ended_on=datetime.date(2025, 6, 1), reason="工作调动")
    vacancy = Position.objects.get(term=term, holder__isnull=True, ended_on__isnull=True)
    assert vacancy.started_on == datetime.date(2025, 6, 1)
    services.assign_position(
        actor=SETUP,
        term=term,
        kind=kind("secretary"),
        holder=second,
        started_on=datetime.date(2025, 7, 1),
        is_by_election=True,
    )
    vacancy.refresh_from_db()
    assert vacancy.ended_on == datetime.date(2025, 7, 1)


def test_holder_must_belong_to_the_organisation(tree):
    term = services.create_term(
        actor=SETUP,
        organization=tree.a1,
        number=1,
        elected_on=datetime.date(2024, 1, 5),
        started_on=datetime.date(2024, 1, 5),
    )
    stranger = make_member(tree.b1)
    with pytest.raises(ValidationError) as caught:
        services.assign_position(
            actor=SETUP, term=term, kind=kind("secretary"), holder=stranger, started_on=datetime.date(2024, 1, 5)
        )
    assert "不是支部A1的在册党员" in str(caught.value)


def test_term_dates_are_checked(tree):
    with pytest.raises(ValidationError) as caught:
        services.create_term(
            actor=SETUP,
            organization=tree.a1,
            number=1,
            elected_on=datetime.date(2024, 1, 5),
            started_on=datetime.date(2024, 1, 4),
        )
    assert "不能早于选举日期" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        services.create_term(
            actor=SETUP,
            organization=tree.a1_group,
            number=1,
            elected_on=datetime.date(2024, 1, 5),
            started_on=datetime.date(2024, 1, 5),
        )
    assert "党小组不设" in str(caught.value)


def missed_org_rules(organization):
    """The organisation-setup verdicts the engine keeps current as members and posts change (ORG-01…07)."""
    return dict(
        Verdict.objects.filter(
            organization=organization, period_key="now", status="missed", rule_id__startswith="ORG"
        ).values_list("rule_id", "explanation")
    )


def rule_ids(organization):
    return set(missed_org_rules(organization))


@pytest.mark.clock("2026-11-16T10:00")  # the probationary member joined months ago, within their probation
def test_org_warnings_for_a_small_branch(tree):
    make_member(tree.a2)
    make_member(tree.a2, category=Category.PROBATIONARY, joined_on=datetime.date(2026, 5, 1))
    assert rule_ids(tree.a2) == {"ORG-01"}


def test_org_warnings_for_a_branch_without_a_committee_then_with_one(tree):
    members = [make_member(tree.a2) for _ in range(8)]
    assert "ORG-03" in rule_ids(tree.a2)
    term = services.create_term(
        actor=SETUP,
        organization=tree.a2,
        number=1,
        elected_on=datetime.date(2024, 1, 5),
        started_on=datetime.date(2024, 1, 5),
    )
    for post, member in zip(("secretary", "organization", "publicity"), members, strict=False):
        services.assign_position(
            actor=SETUP, term=term, kind=kind(post), holder=member, started_on=datetime.date(2024, 1, 5)
        )
    ids = rule_ids(tree.a2)
    assert "ORG-03" not in ids and "ORG-05" in ids
    services.assign_position(
        actor=SETUP, term=term, kind=kind("discipline"), holder=members[3], started_on=datetime.date(2024, 1, 5)
    )
    assert rule_ids(tree.a2) == set()


def test_secretary_with_less_than_a_year_of_standing(tree):
    recent = make_member(tree.a2, joined_on=datetime.date(2024, 9, 1))  # full member since 2025-09-01
    for _ in range(2):
        make_member(tree.a2)
    term = services.create_term(
        actor=SETUP,
        organization=tree.a2,
        number=1,
        elected_on=datetime.date(2026, 1, 5),
        started_on=datetime.date(2026, 1, 5),
    )
    services.assign_position(
        actor=SETUP, term=term, kind=kind("secretary"), holder=recent, started_on=datetime.date(2026, 1, 5)
    )
    findings = missed_org_rules(tree.a2)
    assert list(findings) == ["ORG-06"]
    assert "2026年1月5日" in findings["ORG-06"] and "党龄不满1年" in findings["ORG-06"]


def test_oversized_branch(tree):
    for _ in range(51):
        make_member(tree.a2)
    assert "ORG-02" in rule_ids(tree.a2)


def test_term_status_page_lists_the_most_urgent_first(tree, personas, client_as):
    today = timezone.localdate()
    services.create_term(
        actor=SETUP, organization=tree.a1, number=1, elected_on=add_years(today, -4), started_on=add_years(today, -4)
    )
    services.create_term(
        actor=SETUP,
        organization=tree.a2,
        number=1,
        elected_on=add_months(today, -34),
        started_on=add_months(today, -34),
    )
    services.create_term(
        actor=SETUP, organization=tree.a3a, number=1, elected_on=add_months(today, -1), started_on=add_months(today, -1)
    )
    response = client_as(personas["党委管理员A"]).get(reverse("committees:term_status"))
    rows = [(org.name, status.code) for org, status in response.context["page"]]
    assert rows[0] == ("支部A1", "overdue")
    assert ("支部A2", "due_3") in rows and ("支部A3a", "normal") in rows
    assert all(name not in ("支部B1", "党委B") for name, _ in rows)
    overdue_only = client_as(personas["党委管理员A"]).get(reverse("committees:term_status"), {"status": "overdue"})
    assert [org.name for org, _ in overdue_only.context["page"]] == ["支部A1"]


def test_term_form_and_api(tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    response = client.post(
        reverse("committees:term_create", args=[tree.a1.pk]),
        {"number": 1, "elected_on": "2025-02-01", "started_on": "2025-02-01", "submission_key": uuid.uuid4().hex},
    )
    assert response.status_code == 302
    bad = client.post(
        reverse("committees:term_create", args=[tree.a1.pk]),
        {"number": 2, "elected_on": "2099-01-01", "started_on": "2099-01-01", "submission_key": uuid.uuid4().hex},
    )
    assert bad.status_code == 200 and "不能晚于今天" in bad.content.decode()
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    listed = api.get("/api/v1/terms/").json()["results"]
    assert [row["number"] for row in listed] == [1]
    refused = api.post(
        "/api/v1/terms/",
        {"organization": tree.b1.pk, "number": 1, "elected_on": "2025-01-01", "started_on": "2025-01-01"},
        format="json",
    )
    assert refused.status_code == 400


def test_platform_admin_configures_position_kinds(personas, client_as):
    from zhibu.core.audit_models import AuditEvent

    admin = client_as(personas["工委管理员"])
    response = admin.post(
        reverse("committees:position_kinds"),
        {"code": "secrecy", "name": "保密委员", "sort_order": 80, "single_seat": "on"},
    )
    assert response.status_code == 302 and PositionKind.objects.filter(code="secrecy").exists()
    duplicate = admin.post(
        reverse("committees:position_kinds"), {"code": "secrecy", "name": "保密委员", "sort_order": 81}
    )
    assert duplicate.status_code == 200 and "已存在" in duplicate.content.decode()
    assert AuditEvent.objects.filter(event=Event.SETTINGS_CHANGED).count() == 1
    assert client_as(personas["党委管理员A"]).get(reverse("committees:position_kinds")).status_code == 403
