"""Records of this app for the route test (``zhibu/core/tests/test_routes.py``): one in branch A1, one in B1."""

from django.utils import timezone

from zhibu.accounts.models import User
from zhibu.accounts.roles import Role
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.ratings import services
from zhibu.ratings.models import ScoringSheet
from zhibu.testing import persona


def _last_year():
    # A sheet is made for a year that has begun; last year's is open to every test clock.
    return timezone.localdate().year - 1


def _sheets(tree, personas):
    """A sheet of the 党委 above each branch (a branch never owns one), with the default items."""
    owners = {
        "a1": (tree.a, personas["党委管理员A"]),
        "b1": (tree.b, persona("dangwei_admin_b", tree.b, Role.DANGWEI_ADMIN)),
    }
    return {
        key: services.create_sheet(actor=admin, organization=organization, year=_last_year())
        for key, (organization, admin) in owners.items()
    }


def _sheet_over(branch):
    """The 工委's sheet, over both branches; the branch route names the branch, and the sheet is only its context."""
    gongwei = next(
        organization
        for organization in Organization.objects.filter(kind=OrganizationKind.GONGWEI)
        if branch.path.startswith(organization.path)
    )
    sheet = ScoringSheet.objects.filter(organization=gongwei, year=_last_year()).first()
    if sheet is None:
        admin = User.objects.get(username="gongwei_admin")
        sheet = services.create_sheet(actor=admin, organization=gongwei, year=_last_year())
    return sheet


RECORD_BUILDERS = {
    "ratings.scoringsheet": _sheets,
}
EXTRA_KWARGS = {
    "ratings:item_delete": lambda sheet: {"item_pk": sheet.items.first().pk},
    "ratings:branch": lambda branch: {"pk": _sheet_over(branch).pk},
}
