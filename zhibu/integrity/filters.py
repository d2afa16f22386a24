import django_filters
from django.utils import timezone

from zhibu.core.filters import RefusingFilterSet, YesNoFilter
from zhibu.integrity.models import DisciplineKind, DisciplineRecord, RiskLevel, RiskPoint, RiskReview
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization


def _organizations(filterset, kwargs, user) -> None:
    user = user or getattr(kwargs.get("request"), "user", None)
    if user is not None:
        filterset.filters["organization"].queryset = Organization.objects.visible_to(user)


class RiskPointFilter(RefusingFilterSet):
    """The risk register's page, export and API; a refused query lists nothing."""

    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    level = django_filters.ChoiceFilter(label="风险等级", choices=RiskLevel.choices)
    active = YesNoFilter(label="有效")
    review_overdue = YesNoFilter(label="逾期未复查", method="filter_overdue")

    class Meta:
        model = RiskPoint
        fields = ["organization", "level", "active", "review_overdue"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _organizations(self, kwargs, user)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = {"active": True, "next_review_on__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class RiskReviewFilter(RefusingFilterSet):
    """The periodic reviews' page, export and API; a refused query lists nothing."""

    organization = SubtreeFilter(label="党组织（含下级）", path_field="risk__organization__path")
    level = django_filters.ChoiceFilter(label="复查后风险等级", choices=RiskLevel.choices)
    year = django_filters.NumberFilter(label="年度", field_name="reviewed_on__year", min_value=2000, max_value=2100)

    class Meta:
        model = RiskReview
        fields = ["organization", "level", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _organizations(self, kwargs, user)


class DisciplineFilter(RefusingFilterSet):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    kind = django_filters.ChoiceFilter(label="方式", choices=DisciplineKind.choices)
    year = django_filters.NumberFilter(label="年度", field_name="happened_on__year", min_value=2000, max_value=2100)

    class Meta:
        model = DisciplineRecord
        fields = ["organization", "kind", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _organizations(self, kwargs, user)
