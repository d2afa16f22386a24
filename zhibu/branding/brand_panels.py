"""The 党建品牌 on the organisation's page: the brands recognised in the organisation or below it, with each year's
认定 (recognised or not), linked to the brand."""

from django.db.models import Prefetch
from django.urls import reverse

from zhibu.branding.models import Brand, BrandReview, BrandStatus
from zhibu.organizations.panels import RESULTS_TEMPLATE, Panel


def _organization_brands(request, organization):
    brands = list(
        Brand.objects.visible_to(request.user)
        .filter(organization__path__startswith=organization.path, status=BrandStatus.RECOGNISED)
        .select_related("organization")
        .prefetch_related(Prefetch("reviews", queryset=BrandReview.objects.order_by("-year")))
        .order_by("organization__path", "pk")[:20]
    )
    if not brands:
        return None
    rows = []
    for brand in brands:
        years = "、".join(
            f"{review.year}年度{'认定' if review.recognised else '不予认定'}" for review in brand.reviews.all()[:3]
        )
        when = f"，{brand.evaluated_on.year}年认定" if brand.evaluated_on else ""
        rows.append(
            (
                f"{brand.organization.name}：“{brand.name}”{when}{'；' + years if years else ''}",
                brand.get_absolute_url(),
            )
        )
    return {"rows": rows, "more_url": reverse("branding:brands"), "more_label": "全部品牌"}


BRAND_PANEL = Panel("brands", "党建品牌", RESULTS_TEMPLATE, _organization_brands, order=84)
