import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from zhibu.core.filters import RefusingFilterSet
from zhibu.organizations.models import Organization, OrganizationKind, Unit


@extend_schema_field(OpenApiTypes.INT)
class SubtreeFilter(django_filters.ModelChoiceFilter):
    """An organisation id: matches the rows of that organisation and everything below it."""

    def __init__(self, *, path_field: str, **kwargs):
        kwargs.setdefault("queryset", Organization.objects.none())
        self.path_field = path_field
        super().__init__(**kwargs)

    def filter(self, qs, value):
        return qs.filter(**{f"{self.path_field}__startswith": value.path}) if value else qs


class OrganizationFilter(RefusingFilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="名称、简称或代码")
    kind = django_filters.ChoiceFilter(label="类型", choices=OrganizationKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Organization.Status.choices)
    within = SubtreeFilter(label="范围（含下级）", path_field="path")

    class Meta:
        model = Organization
        fields = ["q", "kind", "status", "parent"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(self.request, "user", None)
        if user is not None:
            self.filters["within"].queryset = Organization.objects.visible_to(user)
            self.filters["parent"].queryset = Organization.objects.visible_to(user)

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__contains=value) | Q(short_name__contains=value) | Q(code__icontains=value))


class UnitFilter(RefusingFilterSet):
    q = django_filters.CharFilter(label="搜索", field_name="name", lookup_expr="contains")

    class Meta:
        model = Unit
        fields = ["q", "owner"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(self.request, "user", None)
        if user is not None:
            self.filters["owner"].queryset = Organization.objects.visible_to(user)
