"""The burden of reporting up the line, per branch and year: the requests received (by their deadline's year), the
fields typed in answers (a form's answered items; a file or a generated 月报 counts 0 typed) and how many requests
could have been answered from the records (a 月报 request is generated, never retyped)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum

from zhibu.core.scoping import VIEW
from zhibu.organizations.models import BRANCH_KINDS, Organization
from zhibu.reporting.generated import GENERATED
from zhibu.reporting.models import AnswerStatus, ReportAnswer


@dataclass(frozen=True)
class BurdenRow:
    organization: Organization
    received: int
    answered: int
    fields_typed: int
    generatable: int

    @property
    def generatable_share(self) -> str:
        return f"{round(100 * self.generatable / self.received)}%" if self.received else "—"


def burden(user: Any, organization: Organization, year: int, action: str = VIEW) -> list[BurdenRow]:
    """One row per branch at or below ``organization`` that received a request due in ``year``."""
    totals = (
        ReportAnswer.objects.visible_to(user, action)
        .filter(
            organization__path__startswith=organization.path,
            organization__kind__in=BRANCH_KINDS,
            request__deadline__year=year,
        )
        .values("organization")
        .annotate(
            received=Count("id"),
            answered=Count("id", filter=~Q(status=AnswerStatus.PENDING)),
            typed=Sum("fields_typed"),
            generatable=Count("id", filter=Q(request__answer_kind__in=list(GENERATED))),
        )
    )
    by_org = {row["organization"]: row for row in totals}
    organizations = Organization.objects.filter(pk__in=by_org).order_by("path")
    return [
        BurdenRow(
            organization=org,
            received=by_org[org.pk]["received"],
            answered=by_org[org.pk]["answered"],
            fields_typed=by_org[org.pk]["typed"] or 0,
            generatable=by_org[org.pk]["generatable"],
        )
        for org in organizations
    ]


def totals(rows: list[BurdenRow]) -> dict[str, int]:
    return {
        "branches": len(rows),
        "received": sum(row.received for row in rows),
        "fields_typed": sum(row.fields_typed for row in rows),
        "generatable": sum(row.generatable for row in rows),
    }
