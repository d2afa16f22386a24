"""What the two year-end reviews rated by invited raters share (书记述职评议 in ``secretary_reviews`` and 党务工作者考核
in ``staff_reviews``): which organisations may hold a round, which accounts they may invite, and the API field that
names such an account. Each app keeps its own rounds, raters and anonymous ballots."""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from rest_framework import serializers

from zhibu.accounts.models import RoleGrant
from zhibu.core.forms import pk_out_of_range
from zhibu.core.inbox import Task, Urgency
from zhibu.organizations.models import Organization, OrganizationKind

# The levels that hold a rated round: a 机关工委 or a 机关党委.
ORGANISER_KINDS = frozenset({OrganizationKind.GONGWEI, OrganizationKind.DANGWEI})


def eligible_raters(organiser: Organization) -> Any:
    """The accounts an organiser may invite: those with a role in its subtree (同级, 下级, 党员代表) or above it (上级)."""
    ancestors = [organiser.path[:i] for i in range(1, len(organiser.path) + 1)]
    grants = RoleGrant.objects.filter(organization__status=Organization.Status.ACTIVE).filter(
        Q(organization__path__startswith=organiser.path) | Q(organization__path__in=ancestors)
    )
    return get_user_model().objects.filter(is_active=True, pk__in=grants.values("user_id")).order_by("username")


class RaterUserField(serializers.PrimaryKeyRelatedField[Any]):
    """An account the organiser may invite (the service checks it against the round's organisation)."""

    default_error_messages = {"does_not_exist": "编号为 {pk_value} 的账号不存在或不能被邀请为评议人"}

    def to_internal_value(self, data: Any) -> Any:
        if pk_out_of_range(data):
            self.fail("does_not_exist", pk_value=str(data)[:30])
        return super().to_internal_value(data)

    def get_queryset(self) -> Any:
        return get_user_model().objects.filter(is_active=True)


def owed_ballot_tasks(
    raters: Iterable[Any], waiting: Callable[[Any], int], *, source: str, noun: str, url: str
) -> list[Task]:
    """The 待办 of an invited rater: one task per round being rated in which ``waiting(rater)`` items still await
    their ballot (``noun`` counts them: 份述职, 人). Computed from the votes, so the last ballot takes it away."""
    return [
        Task(
            source=source,
            title=f"{rater.round.title}：还有{count}{noun}待您评议",
            organization=rater.round.organization,
            url=url,
            action="去评议",
            due=None,
            urgency=Urgency.OPEN,
            personal=True,
        )
        for rater in raters
        if (count := waiting(rater))
    ]
