import django_filters
from django.utils import timezone

from zhibu.core.filters import RefusingFilterSet
from zhibu.members.models import Member
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
    year = django_filters.NumberFilter(
        label="年度", field_name="starts_on", lookup_expr="year", min_value=2000, max_value=2100
    )

    class Meta:
        model = TrainingClass
        fields = ["organization", "category", "year"]


class ExternalFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    year = django_filters.NumberFilter(
        label="年度", field_name="ended_on", lookup_expr="year", min_value=2000, max_value=2100
    )
    member = django_filters.CharFilter(label="姓名", field_name="member__name", lookup_expr="contains")

    class Meta:
        model = ExternalTraining
        fields = ["organization", "year", "member"]


class HoursFilter(_Scoped):
    """Whose hours: the members on the roll of an organisation and below; ``year`` says which year's hours are summed
    (the serializer reads it), not which members are listed."""

    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    year = django_filters.NumberFilter(label="年度", method="keep_all", min_value=2000)

    class Meta:
        model = Member
        fields = ["organization", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra.update(
            max_value=timezone.localdate().year,
            error_messages={
                "max_value": "年份不能晚于今年",
                "min_value": "年份须在2000年以后",
                "invalid": "年份须是数字",
            },
        )

    def keep_all(self, queryset, name, value):
        return queryset
