"""The star rating on the organisation's page: the stars of the organisation (a branch) and of the branches below it,
from sheets that are 定稿 only (a result still open can change), each linked to where its points came from."""

from django.db.models import Q
from django.urls import reverse

from zhibu.organizations.models import Organization, lineage_paths
from zhibu.organizations.panels import RESULTS_TEMPLATE, Panel
from zhibu.ratings.models import ScoringSheet


def _organization_stars(request, organization):
    # The sheet belongs to the rating 党委, above a branch: the branch reads its own result (as on the branch page of
    # the sheet), and a 党委 those below it, so the sheets are those above or within the organisation.
    sheets = (
        ScoringSheet.objects.filter(locked_at__isnull=False)
        .filter(
            Q(organization__path__in=lineage_paths(organization.path))
            | Q(organization__path__startswith=organization.path)
        )
        .order_by("-year", "organization__path")
    )
    rows = []
    below = set(Organization.objects.filter(path__startswith=organization.path).values_list("pk", flat=True))
    for sheet in sheets[:5]:
        for result in sheet.final_results:
            if result.get("organization_id") in below:
                stars = result.get("stars") or 0
                strong = "，达到“四强”分数线" if result.get("four_strong") else ""
                text = f"{sheet.year}年度 {result.get('organization')}：{stars}星（得分率{result.get('percent')}%{strong}）"
                url = reverse("ratings:branch", args=[sheet.pk, result["organization_id"]])
                rows.append((text, url))
    if not rows:
        return None
    return {"rows": rows[:20]}


STAR_PANEL = Panel("ratings", "星级评定结果", RESULTS_TEMPLATE, _organization_stars, order=82)
