"""Who is told of a new complaint at once: the intake point's 单位负责人 and 效能办 (set on the intake point), and
when either is not set, the record keepers of the complaint's organisation, so a complaint never arrives unseen."""

from typing import Any

from django.db.models import Q
from django.urls import reverse

from zhibu.accounts.models import RoleGrant, User, record_keepers
from zhibu.complaints.models import Complaint, IntakePoint
from zhibu.core.notify import notify
from zhibu.organizations.models import lineage_paths


def may_receive(user: User, point_organization: Any) -> bool:
    """A recipient must hold a role on the organisation or one above it: they can open the complaint they are told of."""
    paths = lineage_paths(point_organization.path)
    return RoleGrant.objects.filter(user=user, organization__path__in=paths).exists()


def candidates(organization: Any) -> Any:
    """The users who may be named on an intake point of this organisation (for the form's choices)."""
    paths = lineage_paths(organization.path) if organization is not None else []
    return User.objects.filter(Q(role_grants__organization__path__in=paths), is_active=True).distinct()


def recipients(point: IntakePoint) -> list[User]:
    named = [user for user in (point.unit_head, point.efficiency_office) if user is not None]
    if point.unit_head is None or point.efficiency_office is None:
        named += record_keepers(point.organization)
    return named


def tell_of_new(complaint: Complaint, actor: Any) -> int:
    """Part of the submission's transaction: the complaint and its notifications are kept together or not at all."""
    point = complaint.intake_point
    text = f"新的群众投诉（{complaint.kind.name}，{point}），应于{complaint.due_on:%Y年%m月%d日}前办结"
    return notify(recipients(point), text, reverse("complaints:detail", args=[complaint.pk]), actor=actor)
