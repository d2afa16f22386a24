"""Which rater group a rater's ballot on one person counts in: read from the organisations, not fixed per rater, since
the same user is 上级 of one person and 同级 of another. The rater's organisations are those where they hold a party
post (their role grants) or their membership (their member record); the person's is where they hold the reviewed role.

- a post in an organisation that is an ancestor of the person's → 上级;
- a post in the same organisation (a fellow committee member), or in a sibling under the same parent → 同级;
- a post in a descendant organisation → 下级; and a membership without a post in the person's organisation or one
  below it → 下级 too (the members rate their secretary from below).

A rater holding several posts counts at the highest relation any of them gives (a post above the person makes them
上级 even if they are also a member beside them). A 党小组 is part of its branch, not a level of its own. When no
relation can be read (a cousin in another 党总支, or a plain member of a sibling branch), the group the organiser
invited the rater in applies."""

from collections.abc import Iterable
from typing import Any

from zhibu.accounts.models import RoleGrant
from zhibu.accounts.roles import Role
from zhibu.members.models import Member
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.staff_reviews.models import Group, Rater, Subject

# The order a rater holding several posts is placed in: the first relation any post gives wins.
PRECEDENCE = (Group.SUPERIOR, Group.PEER, Group.SUBORDINATE)


def _level(organization: Organization) -> str:
    """The path that stands for the organisation's level: a 党小组 counts as its branch."""
    if organization.kind == OrganizationKind.GROUP:
        return _parent(organization.path) or organization.path
    return organization.path


def _parent(path: str) -> str:
    segments = path.strip(".").split(".")
    return ".".join(segments[:-1]) + "." if len(segments) > 1 else ""


# Where the rater sits: an organisation's level path, and whether they hold a post there (not only membership).
Seat = tuple[str, bool]


def rater_paths(user: Any) -> list[Seat]:
    """The level paths of the active organisations where the user holds a post or their membership."""
    grants = RoleGrant.objects.filter(user=user, organization__status=Organization.Status.ACTIVE).exclude(
        role=Role.MEMBER  # the 党员 role is a membership, not a post
    )
    seats = {(_level(grant.organization), True) for grant in grants.select_related("organization")}
    membership = Member.objects.filter(user=user).select_related("organization").first()
    if membership is not None and membership.organization.status == Organization.Status.ACTIVE:
        seats.add((_level(membership.organization), False))
    return sorted(seats)


def relation(seats: Iterable[Seat], organization: Organization) -> Group | None:
    """The relation read from the rater's seats to the person's organisation, or None if none can be read."""
    theirs = _level(organization)
    found = set()
    for mine, holds_post in seats:
        if not holds_post:
            if mine.startswith(theirs):
                found.add(Group.SUBORDINATE)
        elif mine != theirs and theirs.startswith(mine):
            found.add(Group.SUPERIOR)
        elif mine == theirs or (_parent(mine) and _parent(mine) == _parent(theirs)):
            found.add(Group.PEER)
        elif mine.startswith(theirs):
            found.add(Group.SUBORDINATE)
    return next((group for group in PRECEDENCE if group in found), None)


def group_for(rater: Rater, subject: Subject, paths: Iterable[Seat] | None = None) -> Group:
    """The group the rater's ballot on the person counts in; ``paths`` from ``rater_paths`` saves a query a person."""
    paths = rater_paths(rater.user_id) if paths is None else paths
    return relation(paths, subject.organization) or Group(rater.group)
