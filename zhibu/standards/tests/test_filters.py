"""The dashboard's missed-items export and the verdicts API read one FilterSet, the notes page its own; the dashboard
and the sheet read their query through a validated form: bad input is a Chinese message (200 on a page, 400 on the
API), and an organisation out of scope never shows its rows."""

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zhibu.organizations.models import Organization
from zhibu.standards import services
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, seat_committee

YEAR = 2026
pytestmark = [pytest.mark.usefixtures("live_verdicts"), pytest.mark.clock(f"{YEAR}-11-16T10:00")]


@pytest.fixture
def evaluated(tree):
    seat_committee(tree.a1)
    services.recompute(actor=SETUP, year=YEAR)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def exported_missed(client, organization):
    response = client.get("/standards/", {"organization": organization.pk, "year": YEAR, "export": "missed"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)[1:]
    return sorted((name, label.split(" ")[0], period) for name, label, period, *_ in rows)


def listed_missed(user, organization):
    names = dict(Organization.objects.values_list("pk", "name"))
    found = []
    url = "/api/v1/verdicts/"
    query = {"within": organization.pk, "year": YEAR, "status": "missed", "page_size": 500}
    while url:
        answer = api(user).get(url, query).json()
        found += [(names[row["organization"]], row["rule_id"], row["period_start"]) for row in answer["results"]]
        url, query = answer["next"], None
    return found


def test_missed_export_and_api_give_the_same_rows(tree, personas, client_as, evaluated):
    for persona, organization in (("工委管理员", tree.gongwei), ("工委管理员", tree.b), ("党委管理员A", tree.a)):
        user = personas[persona]
        exported = exported_missed(client_as(user), organization)
        listed = listed_missed(user, organization)
        assert exported and len(exported) == len(listed), (persona, organization)
        assert sorted((name, rule) for name, rule, _ in exported) == sorted((name, rule) for name, rule, _ in listed)
    in_a = {name for name, _, _ in exported_missed(client_as(personas["党委管理员A"]), tree.a)}
    assert "支部B1" not in in_a and "支部A1" in in_a


def test_the_year_counts_the_current_state_in_this_year_only(tree, personas, evaluated):
    now_verdicts = Verdict.objects.filter(organization=tree.a1, period_key="now").count()
    assert now_verdicts
    this_year = api(personas["支部书记A1"]).get("/api/v1/verdicts/", {"organization": tree.a1.pk, "period": "now"})
    assert this_year.json()["count"] == now_verdicts
    last_year = {"organization": tree.a1.pk, "period": "now", "year": YEAR - 1}
    assert api(personas["支部书记A1"]).get("/api/v1/verdicts/", last_year).json()["count"] == 0


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1999"},
        {"year": "2026-13"},
        {"organization": "abc"},
        {"organization": "9" * 30},
        {"export": "nonsense"},
    ],
)
def test_bad_dashboard_and_sheet_input_is_a_chinese_message(tree, personas, client_as, evaluated, query):
    client = client_as(personas["工委管理员"])
    for url in ("/standards/", "/standards/sheet/"):
        params = {"organization": tree.gongwei.pk, **query} if url == "/standards/" else query
        response = client.get(url, params)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert "查询条件有误" in response.content.decode(), (url, query)
        else:  # an unknown table downloads the table by organisation, as it always has
            assert query == {"export": "nonsense"} and response["Content-Type"].startswith("application/vnd")


@pytest.mark.parametrize("query", [{"within": "abc"}, {"within": "9" * 30}, {"year": "99999"}, {"status": "x"}])
def test_bad_api_input_is_a_400_in_chinese(personas, query):
    refused = api(personas["工委管理员"]).get("/api/v1/verdicts/", query)
    assert refused.status_code == 400 and any("\u4e00" <= char <= "\u9fff" for char in str(refused.json()))


def test_another_organisations_verdicts_never_appear(tree, personas, client_as, evaluated):
    dangwei_a = personas["党委管理员A"]
    assert api(dangwei_a).get("/api/v1/verdicts/", {"within": tree.b.pk}).status_code == 400
    assert client_as(dangwei_a).get("/standards/", {"organization": tree.b.pk}).status_code == 404
    everything = listed_missed(dangwei_a, tree.a)
    assert everything and all(name != "支部B1" for name, _, _ in everything)


def test_notes_page_filters_by_status(tree, personas, client_as, evaluated):
    missed = Verdict.objects.filter(organization=tree.a1, status=VerdictStatus.MISSED).first()
    services.submit_note(actor=personas["支部书记A1"], verdict=missed, text="支部委员集中参加培训，已于次月补开。")
    admin = client_as(personas["党委管理员A"])
    assert len(admin.get("/standards/notes/").context["page"].object_list) == 1
    assert len(admin.get("/standards/notes/", {"status": "accepted"}).context["page"].object_list) == 0
    assert len(admin.get("/standards/notes/", {"status": ""}).context["page"].object_list) == 1
    refused = admin.get("/standards/notes/", {"status": "nonsense"})
    assert refused.status_code == 200 and "筛选条件有误" in refused.content.decode()
    assert not refused.context["page"].object_list
    assert not client_as(personas["支部书记B1"]).get("/standards/notes/", {"status": ""}).context["page"].object_list
