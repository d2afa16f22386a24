"""ELE-02: a 换届 put off past the planned end needs the organisation above's approval, a dated record of its own."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.committees import services
from zhibu.committees.models import TermDelay
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.standards import services as standards_services
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, api_token

pytestmark = pytest.mark.usefixtures("live_verdicts")
ZONE = timezone.get_current_timezone()
AUTUMN = datetime.datetime(2026, 11, 16, 10, tzinfo=ZONE)  # the term below ran out on 1 September 2026


def ele02(org):
    return Verdict.objects.get(organization=org, rule_id="ELE-02", period_key="now")


def api_as(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def approve(actor, term):
    return services.approve_delay(
        actor=actor,
        term=term,
        approved_on=datetime.date(2026, 8, 20),
        document_number="党委A〔2026〕15号",
        delayed_to=datetime.date(2027, 3, 31),
        reason="待机构改革后换届",
    )


@pytest.fixture(autouse=True)
def autumn(fixed_clock):
    """The tree, the personas and their passwords are made in the autumn the tests are about."""
    with time_machine.travel(AUTUMN, tick=True):
        yield


@pytest.fixture
def overdue_term(tree):
    return services.create_term(
        actor=SETUP,
        organization=tree.a1,
        number=3,
        elected_on=datetime.date(2023, 9, 1),
        started_on=datetime.date(2023, 9, 1),
        approval_document="党委A〔2023〕9号",  # the election's approval, not a delay's
    )


def test_an_overdue_term_is_met_only_while_a_delay_approved_by_the_organisation_above_covers_today(
    tree, personas, client_as, overdue_term
):
    missed = ele02(tree.a1)
    assert missed.status == VerdictStatus.MISSED
    assert missed.explanation == "第3届已于2026年9月1日届满，未换届，也未登记上级党组织批准延期"
    # The branch cannot approve its own delay: no button, and the page refuses it.
    secretary = client_as(personas["支部书记A1"])
    assert "批准延期换届" not in secretary.get(tree.a1.get_absolute_url()).content.decode()
    assert secretary.get(f"/committees/terms/{overdue_term.pk}/delay/").status_code == 403
    admin = client_as(personas["党委管理员A"])
    assert "批准延期换届" in admin.get(tree.a1.get_absolute_url()).content.decode()
    form = {
        "approved_on": "2026-08-20",
        "document_number": "党委A〔2026〕15号",
        "delayed_to": "2027-03-31",
        "reason": "支部所在单位机构改革，待人员调整后换届",
    }
    admin.post(f"/committees/terms/{overdue_term.pk}/delay/", form)
    met = ele02(tree.a1)
    assert met.status == VerdictStatus.MET
    assert met.explanation == (
        "第3届已于2026年9月1日届满，党委A于2026年8月20日批准（党委A〔2026〕15号）延期至2027年3月31日"
    )
    page = admin.get(tree.a1.get_absolute_url()).content.decode()
    assert "经党委A于2026年8月20日批准（党委A〔2026〕15号）延期至2027年3月31日" in page
    delay = TermDelay.objects.get()
    assert delay.approving_organization == tree.a and delay.recorded_by == personas["党委管理员A"]
    assert AuditEvent.objects.filter(event=Event.TERM_DELAY_APPROVED).count() == 1
    term_status = admin.get("/committees/terms/").content.decode()
    assert "2027年3月31日" in term_status and "经上级批准延期" in term_status
    with time_machine.travel(datetime.datetime(2027, 4, 1, 9, tzinfo=ZONE), tick=True):
        standards_services.recompute(actor=SETUP, year=2027)
        lapsed = ele02(tree.a1)
        assert lapsed.status == VerdictStatus.MISSED and lapsed.explanation.endswith("批准的延期已过仍未换届")


def test_a_delay_is_refused_with_the_reason_and_nothing_is_written(tree, personas, client_as, overdue_term):
    admin = client_as(personas["党委管理员A"])
    good = {
        "approved_on": "2026-08-20",
        "document_number": "党委A〔2026〕15号",
        "delayed_to": "2027-03-31",
        "reason": "待机构改革后换届",
    }
    cases = [
        ({"delayed_to": "2027-09-02"}, "延期一般不超过1年，最晚至2027年9月1日"),
        ({"delayed_to": "2026-08-31"}, "延期至的日期应晚于任期届满日期（2026年9月1日）"),
        ({"document_number": " "}, "批准文号"),
        ({"reason": "改革"}, "请写明延期理由"),
        ({"approved_on": "2026-12-01"}, "批准日期不能晚于今天"),
    ]
    for change, message in cases:
        page = admin.post(f"/committees/terms/{overdue_term.pk}/delay/", {**good, **change}).content.decode()
        assert message in page, message
    with pytest.raises(PermissionDenied, match="须由上级党组织（党委A）批准"):
        approve(personas["支部书记A1"], overdue_term)
    assert not TermDelay.objects.exists() and ele02(tree.a1).status == VerdictStatus.MISSED


def test_the_api_records_a_delay_for_the_organisation_above_only(tree, personas, overdue_term):
    body = {
        "term": overdue_term.pk,
        "approved_on": "2026-08-20",
        "document_number": "党委A〔2026〕15号",
        "delayed_to": "2027-03-31",
        "reason": "待机构改革后换届",
    }
    refused = api_as(personas["支部书记A1"]).post("/api/v1/term-delays/", body, format="json")
    assert refused.status_code == 403 and "须由上级党组织" in refused.json()["detail"]
    admin = api_as(personas["党委管理员A"])
    created = admin.post("/api/v1/term-delays/", body, format="json")
    assert created.status_code == 201 and created.json()["approving_organization"] == tree.a.pk
    assert admin.get(f"/api/v1/terms/{overdue_term.pk}/").json()["delayed_to"] == "2027-03-31"
    listed = api_as(personas["支部书记A1"]).get("/api/v1/term-delays/").json()["results"]
    assert [row["document_number"] for row in listed] == ["党委A〔2026〕15号"]  # the branch reads its approval
    assert api_as(personas["支部书记B1"]).get(f"/api/v1/term-delays/{created.json()['id']}/").status_code == 404
    assert ele02(tree.a1).status == VerdictStatus.MET


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (datetime.datetime(2026, 9, 1, 23, 30), VerdictStatus.MET),  # the last day of the term
        (datetime.datetime(2026, 9, 2, 0, 30), VerdictStatus.MET),  # on the approved delay
        (datetime.datetime(2027, 3, 31, 23, 30), VerdictStatus.MET),  # the last day of the delay
        (datetime.datetime(2027, 4, 1, 0, 30), VerdictStatus.MISSED),
    ],
)
def test_ele02_at_the_edges_of_the_term_and_of_its_delay(tree, personas, overdue_term, moment, status):
    approve(personas["党委管理员A"], overdue_term)
    with time_machine.travel(moment.replace(tzinfo=ZONE), tick=False):
        standards_services.recompute(actor=SETUP, year=moment.year)
        assert ele02(tree.a1).status == status
