import django_filters

from zhibu.core.filters import RefusingFilterSet, YearFilter
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization
from zhibu.staff_reviews.models import Grade, StaffReviewRound, Status, Subject


class _Scoped(RefusingFilterSet):
    """One filterset per record type for its list page, its Excel export and its API endpoint."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)


class RoundFilter(_Scoped):
    organization = SubtreeFilter(label="组织单位（含下级）", path_field="organization__path")
    year = YearFilter(label="年度")
    status = django_filters.ChoiceFilter(label="进度", choices=Status.choices)

    class Meta:
        model = StaffReviewRound
        fields = ["organization", "year", "status"]


class SubjectFilter(_Scoped):
    organization = SubtreeFilter(label="任职党组织（含下级）", path_field="organization__path")
    year = YearFilter(label="年度", field_name="round__year")
    grade = django_filters.ChoiceFilter(label="考核等次", choices=Grade.choices)

    class Meta:
        model = Subject
        fields = ["organization", "year", "grade"]
