"""The rater group of a ballot is read per person from the organisations: one rater is 上级 of one person, 同级 of
another and 下级 of a third; the invited group applies only where no relation can be read; the ballot sheet (page and
API) tells the rater which group they rate each person in; the weights apply per ballot; ballots stay anonymous."""

from django.test import Client
from rest_framework.test import APIClient

from zhibu.accounts import services as accounts
from zhibu.accounts.roles import Role
from zhibu.staff_reviews import services
from zhibu.staff_reviews.models import Ballot, Subject
from zhibu.staff_reviews.tests.helpers import raters, review_round, staff
from zhibu.testing import SETUP, make_member, persona


def _people(tree):
    return {
        "李书记": staff(tree.a1, "rel_sec_a1", name="李书记"),  # A1: the rater's own branch
        "王干事": staff(tree.a2, "rel_wkr_a2", Role.PARTY_WORKER, name="王干事"),  # A2: a sibling branch
        # 党务干部 of 党委A (above the rater), a member of branch A2
        "张委员": persona("rel_wkr_a", tree.a, Role.PARTY_WORKER, member=make_member(tree.a2, name="张委员")),
        "赵书记": staff(tree.a3a, "rel_sec_a3a", name="赵书记"),  # under 党总支A3: no relation to A1
    }


def test_one_rater_counts_in_the_group_their_relation_to_each_person_gives(tree, personas):
    people = _people(tree)
    review = review_round(tree.a)
    rater = personas["支部书记A1"]
    raters(review, [(rater, "superior"), (personas["工委管理员"], "peer")])
    subjects = {s.member.name: s for s in Subject.objects.filter(round=review).select_related("member")}
    assert set(subjects) == set(people)

    sheet = Client()
    sheet.force_login(rater)
    page = sheet.get("/staff-reviews/ballots/").content.decode()
    assert page.count("您对其评议计入：同级评议") == 2 and "您对其评议计入：下级评议" in page
    assert "您对其评议计入：上级评议" in page  # 赵书记: the invited group, no relation being readable
    api = APIClient()
    api.force_authenticate(rater)
    lines = {line["member_name"]: line["group"] for line in api.get("/api/v1/staff-ballots/").json()}
    assert lines == {"李书记": "peer", "王干事": "peer", "张委员": "subordinate", "赵书记": "superior"}

    for subject in subjects.values():
        services.cast_ballot(actor=rater, subject=subject, choice="basic")
        # the 工委 is above everyone: 上级 though invited as 同级
        services.cast_ballot(actor=personas["工委管理员"], subject=subject, choice="excellent")
    groups = {(b.subject.member.name, b.group) for b in Ballot.objects.select_related("subject__member")}
    assert groups == {
        ("李书记", "peer"),
        ("王干事", "peer"),
        ("张委员", "subordinate"),
        ("赵书记", "superior"),
        *((name, "superior") for name in people),
    }
    assert [f.name for f in Ballot._meta.get_fields()] == ["id", "subject", "group", "choice"]

    services.score_round(actor=SETUP, round=review)
    scored = {s.member.name: s.arithmetic for s in Subject.objects.filter(round=review).select_related("member")}
    # the weights apply per ballot: 上级 100×40%, and the rater's 60 in the group their relation gave
    assert scored["李书记"]["rating_formula"].startswith("(100.00×40% + 60.00×30%) ÷ 70%")
    assert scored["张委员"]["rating_formula"].startswith("(100.00×40% + 60.00×30%) ÷ 70%")
    assert [row["ballots"] for row in scored["张委员"]["ratings"]] == [1, 0, 1]
    assert scored["赵书记"]["rating_formula"].startswith("(80.00×40%) ÷ 40%")


def test_a_post_above_outranks_a_membership_beside(tree, personas):
    people = _people(tree)
    review = review_round(tree.a)
    member = personas["党员A1"]  # a member of A1 …
    # … and 党务干部 of 党委A
    accounts.grant_role(actor=SETUP, user=member, organization=tree.a, role=Role.PARTY_WORKER)
    raters(review, [(member, "subordinate")])
    subject = Subject.objects.get(round=review, member=people["李书记"].member)
    services.cast_ballot(actor=member, subject=subject, choice="competent")
    assert Ballot.objects.get().group == "superior"


def test_a_member_without_a_post_rates_their_secretary_from_below(tree, personas):
    people = _people(tree)
    review = review_round(tree.a)
    member = personas["党员A1"]  # a plain member of A1, invited as 同级
    raters(review, [(member, "peer")])
    own = Subject.objects.get(round=review, member=people["李书记"].member)  # A1's secretary
    beside = Subject.objects.get(round=review, member=people["王干事"].member)  # A2: no relation read
    services.cast_ballot(actor=member, subject=own, choice="competent")
    services.cast_ballot(actor=member, subject=beside, choice="competent")
    assert Ballot.objects.get(subject=own).group == "subordinate"
    assert Ballot.objects.get(subject=beside).group == "peer"  # the invited group
