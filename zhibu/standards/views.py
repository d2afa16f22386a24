from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhibu.standards.catalogue import CATEGORIES, catalogue


@login_required
def catalogue_page(request):
    rules = catalogue()
    groups = [(category, [rule for rule in rules if rule.category == category]) for category in CATEGORIES]
    return render(
        request,
        "standards/catalogue.html",
        {
            "groups": [(category, items) for category, items in groups if items],
            "total": len(rules),
            "evaluated": sum(1 for rule in rules if rule.evaluated),
        },
    )
