import django_filters

from zhibu.core.filters import RefusingFilterSet
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization
from zhibu.training.models import ClassCategory, ExternalTraining, TrainingClass


class _Scoped(RefusingFilterSet):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)


class ClassFilter(_Scoped):
    """One filterset for the class list, its export and the API; a refused query lists nothing."""

    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    category = django_filters.ChoiceFilter(label="培训类别", choices=ClassCategory.choices)
    year = django_filters.NumberFilter(label="年度", field_name="starts_on", lookup_expr="year")

    class Meta:
        model = TrainingClass
        fields = ["organization", "category", "year"]


class ExternalFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    year = django_filters.NumberFilter(label="年度", field_name="ended_on", lookup_expr="year")
    member = django_filters.CharFilter(label="姓名", field_name="member__name", lookup_expr="contains")

    class Meta:
        model = ExternalTraining
        fields = ["organization", "year", "member"]
