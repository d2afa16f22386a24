import django_filters

from zhibu.branding.models import (
    Brand,
    BrandKind,
    BrandProject,
    BrandReview,
    BrandStatus,
    Case,
    FourStrongApplication,
    FourStrongObjection,
    Stage,
)
from zhibu.core.filters import IdFilter, RefusingFilterSet, YearFilter, YesNoFilter
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization


class _Scoped(RefusingFilterSet):
    """One filterset per record type for its list page, its Excel export and its API endpoint."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)


class ApplicationFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    year = django_filters.NumberFilter(label="年度", min_value=2000, max_value=2100)
    stage = django_filters.ChoiceFilter(label="进度", choices=Stage.choices)

    class Meta:
        model = FourStrongApplication
        fields = ["organization", "year", "stage"]


class ObjectionFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="application__organization__path")
    resolved = YesNoFilter(label="已处理", method="filter_resolved")

    class Meta:
        model = FourStrongObjection
        fields = ["organization", "resolved"]

    def filter_resolved(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(resolution="") if value else queryset.filter(resolution="")


class CaseFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    year = django_filters.NumberFilter(label="年度", field_name="application__year", min_value=2000, max_value=2100)

    class Meta:
        model = Case
        fields = ["organization", "year"]


class BrandFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    kind = django_filters.ChoiceFilter(label="品牌类型", choices=BrandKind.choices)
    status = django_filters.ChoiceFilter(label="评价结果", choices=BrandStatus.choices)

    class Meta:
        model = Brand
        fields = ["organization", "kind", "status"]


class BrandProjectFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="brand__organization__path")
    year = YearFilter(label="年度")
    brand = IdFilter(label="品牌编号", field_name="brand")

    class Meta:
        model = BrandProject
        fields = ["organization", "year", "brand"]


class BrandReviewFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="brand__organization__path")
    year = YearFilter(label="年度")
    recognised = YesNoFilter(label="本年度认定")

    class Meta:
        model = BrandReview
        fields = ["organization", "year", "recognised"]
