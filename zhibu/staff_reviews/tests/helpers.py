"""Builders for the 党务工作者考核 tests: people holding the 支部书记 or 党务干部 role with a member record (the personas
of that name have none), a round of 党委A (or B) for the year of the test clock, raters."""

from django.utils import timezone

from zhibu.accounts.roles import Role
from zhibu.staff_reviews import services
from zhibu.testing import SETUP, make_member, persona


def staff(organization, username, role=Role.SECRETARY, name=None):
    """A user holding ``role`` in ``organization`` with their member record."""
    member = make_member(organization, name=name or f"干部{username[-4:]}")
    return persona(username, organization, role, member=member)


def review_round(organiser, **overrides):
    fields = {"year": timezone.localdate().year, "title": f"{organiser.name}党务工作者考核"}
    fields.update(overrides)
    return services.create_round(actor=SETUP, organization=organiser, **fields)


def raters(review, users_by_group):
    """``users_by_group``: user → rater group."""
    return [services.invite_rater(actor=SETUP, round=review, user=user, group=group) for user, group in users_by_group]


def rated_round(tree, personas):
    """党委A's round with a 支部书记 in A1 and a 党务干部 in A2, and three raters (one per group)."""
    secretary = staff(tree.a1, "staff_sec_a1", name="李书记")
    worker = staff(tree.a2, "staff_wkr_a2", Role.PARTY_WORKER, name="王干事")
    review = review_round(tree.a)
    raters(
        review,
        [(personas["工委管理员"], "superior"), (personas["支部书记A1"], "peer"), (personas["党员A1"], "subordinate")],
    )
    return review, secretary, worker
