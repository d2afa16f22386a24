import django_filters

from zhibu.core.filters import RefusingFilterSet
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization
from zhibu.recruitment.models import Recruit, Stage


class RecruitFilter(RefusingFilterSet):
    """One filterset for the recruit list page, its Excel export, the board and the API; a refused query lists nothing."""

    q = django_filters.CharFilter(label="姓名", field_name="name", lookup_expr="contains")
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    stage = django_filters.ChoiceFilter(label="当前阶段", choices=Stage.choices)

    class Meta:
        model = Recruit
        fields = ["q", "organization", "stage"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)
