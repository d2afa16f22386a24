"""The 换届提醒 page filters through TermStatusFilter: the status as a query agrees with ``terms.status_for`` at every
edge, bad input is a Chinese message, and another organisation's terms never appear. (The page has no export and no
API endpoint of its own.)"""

import datetime

import pytest

from zhibu.committees import services
from zhibu.committees.models import PositionKind
from zhibu.committees.terms import ALL_STATUSES, DUE_3, DUE_6, NO_TERM, NORMAL, OVERDUE
from zhibu.members.validation import add_months, add_years
from zhibu.testing import SETUP

TODAY = datetime.date(2026, 11, 28)
pytestmark = pytest.mark.clock("2026-11-28T10:00")


def listed(client, query):
    response = client.get("/committees/terms/", query)
    assert response.status_code == 200
    return {org.name: status.code for org, status in response.context["page"]}


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
def test_the_status_filter_agrees_with_the_status_at_every_edge(tree, personas, client_as, planned_end, expected):
    if planned_end is not None:
        started = add_years(TODAY, -4)
        services.create_term(
            actor=SETUP,
            organization=tree.a1,
            number=1,
            elected_on=started,
            started_on=started,
            planned_end_on=planned_end,
        )
    admin = client_as(personas["党委管理员A"])
    assert listed(admin, {})["支部A1"] == expected.code
    for status in ALL_STATUSES:
        assert ("支部A1" in listed(admin, {"status": status.code})) == (status == expected), status.code


def test_each_button_counts_its_own_status_whichever_is_chosen(tree, personas, client_as):
    started = add_years(TODAY, -5)
    services.create_term(actor=SETUP, organization=tree.a1, number=1, elected_on=started, started_on=started)
    admin = client_as(personas["党委管理员A"])
    everything = admin.get("/committees/terms/").context["counts"]
    overdue_only = admin.get("/committees/terms/", {"status": "overdue"})
    assert overdue_only.context["counts"] == everything and everything["overdue"] == 1
    assert [org.name for org, _ in overdue_only.context["page"]] == ["支部A1"]


@pytest.mark.parametrize("status", ["nonsense", "9" * 30, "overdue'--"])
def test_bad_input_is_a_chinese_message(personas, client_as, status):
    response = client_as(personas["党委管理员A"]).get("/committees/terms/", {"status": status})
    assert response.status_code == 200 and "筛选条件有误" in response.content.decode()
    assert not response.context["page"].object_list


def test_another_organisations_terms_never_appear(tree, personas, client_as):
    admin = client_as(personas["党委管理员A"])
    for query in ({}, {"status": "none"}):
        names = listed(admin, query)
        assert "支部A1" in names and not {"党委B", "支部B1"} & set(names)


@pytest.mark.parametrize("kind", ["abc", "9" * 30, "-1", ""])
def test_a_bad_vacancy_link_opens_the_form_without_a_seat(tree, personas, client_as, kind):
    started = add_years(TODAY, -1)
    term = services.create_term(actor=SETUP, organization=tree.a1, number=1, elected_on=started, started_on=started)
    response = client_as(personas["支部书记A1"]).get(f"/committees/terms/{term.pk}/positions/new/", {"kind": kind})
    assert response.status_code == 200 and response.context["form"].initial.get("kind") is None
    seat = PositionKind.objects.first()
    chosen = client_as(personas["支部书记A1"]).get(f"/committees/terms/{term.pk}/positions/new/", {"kind": seat.pk})
    assert chosen.context["form"].initial["kind"] == seat.pk
