"""The plan form opens with what a secretary expects: the kinds the organisation holds, its secretary as host, a
topic like “12月支部委员会” and 14:30 on the next working day."""

import re

import pytest

from zhibu.activities.models import ActivityKind
from zhibu.testing import seat_committee

SELECT = re.compile(r'<select name="(?P<name>\w+)"[^>]*>(?P<options>.*?)</select>', re.S)


def offered(page: str, name: str) -> list[str]:
    for match in SELECT.finditer(page):
        if match["name"] == name:
            return re.findall(r"<option[^>]*>([^<]*)</option>", match["options"])
    raise AssertionError(f"no select {name}")


def selected(page: str, name: str) -> str:
    for match in SELECT.finditer(page):
        if match["name"] == name:
            found = re.search(r"<option[^>]*selected[^>]*>([^<]*)</option>", match["options"])
            return found.group(1) if found else ""
    raise AssertionError(f"no select {name}")


def value_of(page: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    assert found is not None, f"no input {name}"
    return found.group(1)


@pytest.mark.clock("2026-12-04T10:00")  # a Friday: the next working day is Monday
def test_a_branch_without_a_committee_is_offered_no_committee_meeting(tree, personas, client_as):
    page = client_as(personas["支部书记A1"]).get(f"/activities/new/?organization={tree.a1.pk}").content.decode()
    kinds = offered(page, "kind")
    assert "支部党员大会" in kinds and "党课" in kinds
    assert "支部委员会" not in kinds and "党组会议" not in kinds and "党小组会" not in kinds
    assert selected(page, "kind") == "支部党员大会"
    assert value_of(page, "title") == "12月支部党员大会"
    assert value_of(page, "planned_at").startswith("2026-12-07T14:30")


@pytest.mark.clock("2026-12-04T10:00")
def test_with_a_committee_the_secretary_hosts_and_the_committee_meeting_is_offered(tree, personas, client_as):
    secretary, *_ = seat_committee(tree.a1)
    page = (
        client_as(personas["支部书记A1"])
        .get(f"/activities/new/?organization={tree.a1.pk}&kind={ActivityKind.objects.get(code='branch_committee').pk}")
        .content.decode()
    )
    assert "支部委员会" in offered(page, "kind")
    assert selected(page, "kind") == "支部委员会"
    assert value_of(page, "title") == "12月支部委员会"
    assert selected(page, "host").startswith(secretary.name)


@pytest.mark.clock("2026-12-05T16:00")  # a Saturday
def test_the_suggested_time_skips_the_weekend(tree, personas, client_as):
    page = client_as(personas["支部书记A1"]).get(f"/activities/new/?organization={tree.a1.pk}").content.decode()
    assert value_of(page, "planned_at").startswith("2026-12-07T14:30")


@pytest.mark.clock("2026-12-04T10:00")
def test_a_committee_organisation_is_offered_its_own_kinds(tree, personas, client_as):
    page = client_as(personas["党委管理员A"]).get(f"/activities/new/?organization={tree.a.pk}").content.decode()
    kinds = offered(page, "kind")
    assert "支部党员大会" not in kinds
    assert set(kinds) >= {kind.name for kind in ActivityKind.objects.filter(for_committees=True, attendees="members")}


@pytest.mark.clock("2026-12-04T10:00")
def test_a_strangers_organisation_asked_for_is_ignored(tree, personas, client_as):
    answer = client_as(personas["支部书记A1"]).get(f"/activities/new/?organization={tree.b1.pk}")
    assert answer.status_code == 200
    assert "支部B1" not in answer.content.decode()
