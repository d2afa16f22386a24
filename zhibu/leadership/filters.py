import django_filters

from zhibu.core.filters import RefusingFilterSet, YearFilter, YesNoFilter
from zhibu.leadership.models import (
    ContactPoint,
    ContactVisit,
    ProjectStatus,
    ResearchRecord,
    SecretaryProject,
    VisitKind,
)
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization


class _Scoped(RefusingFilterSet):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)


class ContactPointFilter(_Scoped):
    """One filterset for the contact-point list, its export and the API; a refused query lists nothing."""

    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    leader = django_filters.CharFilter(label="领导干部", field_name="leader__name", lookup_expr="contains")
    current = YesNoFilter(label="在联系期", field_name="until", lookup_expr="isnull")

    class Meta:
        model = ContactPoint
        fields = ["organization", "leader", "current"]


class ContactVisitFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="contact__organization__path")
    year = YearFilter(label="年度", field_name="visited_on", lookup_expr="year")
    kind = django_filters.ChoiceFilter(label="内容类别", choices=VisitKind.choices)
    leader = django_filters.CharFilter(label="领导干部", field_name="contact__leader__name", lookup_expr="contains")

    class Meta:
        model = ContactVisit
        fields = ["organization", "year", "kind", "leader"]


class ResearchFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    year = YearFilter(label="年度", field_name="started_on", lookup_expr="year")
    leader = django_filters.CharFilter(label="领导干部", field_name="leader__name", lookup_expr="contains")

    class Meta:
        model = ResearchRecord
        fields = ["organization", "year", "leader"]


class ProjectFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    year = YearFilter(label="年度", field_name="year")
    status = django_filters.ChoiceFilter(label="状态", choices=ProjectStatus.choices)

    class Meta:
        model = SecretaryProject
        fields = ["organization", "year", "status"]
