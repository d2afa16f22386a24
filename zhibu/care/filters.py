import django_filters
from django.db.models import Q
from django.utils import timezone

from zhibu.care.models import CareCase, CareVisit, Kind, Level, VisitKind
from zhibu.core.filters import RefusingFilterSet, YesNoFilter
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization


def _organizations(filterset, kwargs, user) -> None:
    user = user or getattr(kwargs.get("request"), "user", None)
    if user is not None:
        filterset.filters["organization"].queryset = Organization.objects.visible_to(user, "change")


class CareCaseFilter(RefusingFilterSet):
    """One filterset for the registry page, its export and the API; a refused query lists nothing."""

    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    kind = django_filters.ChoiceFilter(label="关怀类别", choices=Kind.choices)
    level = django_filters.ChoiceFilter(label="关怀程度", choices=Level.choices)
    current = YesNoFilter(label="在册", method="filter_current")

    class Meta:
        model = CareCase
        fields = ["organization", "kind", "level", "current"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _organizations(self, kwargs, user)

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        current = Q(ended_on__isnull=True) | Q(ended_on__gt=timezone.localdate())
        return queryset.filter(current) if value else queryset.exclude(current)


class CareVisitFilter(RefusingFilterSet):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="case__organization__path")
    kind = django_filters.ChoiceFilter(label="方式", choices=VisitKind.choices)
    visited_from = django_filters.DateFilter(label="日期自", field_name="visited_on", lookup_expr="gte")
    visited_to = django_filters.DateFilter(label="日期至", field_name="visited_on", lookup_expr="lte")

    class Meta:
        model = CareVisit
        fields = ["organization", "kind", "visited_from", "visited_to"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _organizations(self, kwargs, user)
