import datetime

import pytest
from django.core.exceptions import ValidationError

from zhibu.activities import talks
from zhibu.activities.models import Appraisal, Talk
from zhibu.committees import services as committee_services
from zhibu.committees.models import PositionKind
from zhibu.testing import SETUP, make_member

DAY = datetime.date(2025, 5, 8)


def branch_with_committee(tree):
    secretary, organizer = make_member(tree.a1), make_member(tree.a1)
    ordinary = [make_member(tree.a1) for _ in range(2)]
    term = committee_services.create_term(
        actor=SETUP,
        organization=tree.a1,
        number=1,
        elected_on=datetime.date(2024, 1, 1),
        started_on=datetime.date(2024, 1, 1),
    )
    for member, code in ((secretary, "secretary"), (organizer, "organization")):
        committee_services.assign_position(
            actor=SETUP,
            term=term,
            kind=PositionKind.objects.get(code=code),
            holder=member,
            started_on=datetime.date(2024, 1, 1),
        )
    return secretary, organizer, ordinary


def test_talk_kind_follows_the_committee_on_the_day_and_coverage_shows_gaps(tree):
    secretary, organizer, (a, b) = branch_with_committee(tree)
    assert (
        talks.record_talk(
            actor=SETUP, organization=tree.a1, first=secretary, second=organizer, talked_on=DAY, topic="班子团结"
        ).kind
        == Talk.Kind.COMMITTEE_COMMITTEE
    )
    assert (
        talks.record_talk(
            actor=SETUP, organization=tree.a1, first=secretary, second=a, talked_on=DAY, topic="思想状况"
        ).kind
        == Talk.Kind.COMMITTEE_MEMBER
    )
    rows = {row.member.pk: row.missing for row in talks.coverage(tree.a1, 2025)}
    assert rows[secretary.pk] == [] and rows[organizer.pk] == ["cm"]
    assert rows[a.pk] == ["mm"] and rows[b.pk] == ["cm", "mm"]
    talks.record_talk(actor=SETUP, organization=tree.a1, first=a, second=b, talked_on=DAY, topic="互相提醒")
    assert {row.member.pk: row.missing for row in talks.coverage(tree.a1, 2025)}[a.pk] == []


def test_talks_need_two_members_of_the_branch(tree):
    secretary, _, (a, _) = branch_with_committee(tree)
    outsider = make_member(tree.b1)
    with pytest.raises(ValidationError, match="不是本支部党员"):
        talks.record_talk(actor=SETUP, organization=tree.a1, first=a, second=outsider, talked_on=DAY, topic="x")
    with pytest.raises(ValidationError, match="同一人"):
        talks.record_talk(actor=SETUP, organization=tree.a1, first=a, second=a, talked_on=DAY, topic="x")


def test_appraisal_warns_when_excellent_exceeds_a_third(tree, personas, client_as):
    members = [make_member(tree.a1) for _ in range(5)]  # plus the persona's own member: 6
    grades = {m.pk: "excellent" for m in members[:2]} | {m.pk: "qualified" for m in members[2:]}
    check = talks.save_appraisals(actor=SETUP, organization=tree.a1, year=2025, grades=grades)
    assert (check.appraised, check.excellent, check.excellent_over_third) == (5, 2, True)
    check = talks.save_appraisals(
        actor=SETUP, organization=tree.a1, year=2025, grades={personas["党员A1"].member.pk: "qualified"}
    )
    assert (check.appraised, check.excellent_over_third) == (6, False)
    page = client_as(personas["支部书记A1"]).get("/activities/appraisals/", {"organization": tree.a1.pk, "year": 2025})
    assert "已超过参评" not in page.content.decode()
    response = client_as(personas["支部书记A1"]).post(
        f"/activities/appraisals/?organization={tree.a1.pk}&year=2025", {f"grade_{members[2].pk}": "excellent"}
    )
    assert response.status_code == 302
    assert (
        "已超过参评"
        in client_as(personas["支部书记A1"])
        .get("/activities/appraisals/", {"organization": tree.a1.pk, "year": 2025})
        .content.decode()
    )
    assert Appraisal.objects.get(member=members[2], year=2025).grade == "excellent"
    with pytest.raises(ValidationError, match="不是该年度本支部党员"):
        talks.save_appraisals(
            actor=SETUP, organization=tree.a1, year=2025, grades={make_member(tree.b1).pk: "excellent"}
        )


def test_talk_page_is_scoped(tree, personas, client_as):
    assert client_as(personas["支部书记B1"]).get("/activities/talks/", {"organization": tree.a1.pk}).status_code == 404
    page = client_as(personas["支部书记A1"]).get("/activities/talks/")
    assert page.status_code == 200 and "覆盖情况" in page.content.decode()


def test_self_and_peer_assessment_are_kept_with_the_grade(tree, personas, client_as):
    member = make_member(tree.a1)
    client_as(personas["支部书记A1"]).post(
        f"/activities/appraisals/?organization={tree.a1.pk}&year=2025",
        {
            f"grade_{member.pk}": "qualified",
            f"self_{member.pk}": "认真履职，学习还需加强",
            f"peer_{member.pk}": "工作扎实",
        },
    )
    appraisal = Appraisal.objects.get(member=member, year=2025)
    assert (appraisal.grade, appraisal.self_assessment, appraisal.peer_summary) == (
        "qualified",
        "认真履职，学习还需加强",
        "工作扎实",
    )
