import django_filters

from zhibu.core.filters import RefusingFilterSet
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization
from zhibu.study.models import Period, StudyLink, StudyList, TheoryGroup, TheorySession


class StudyListFilter(RefusingFilterSet):
    """One filterset for the list page, its export and the API; a refused query lists nothing."""

    organization = SubtreeFilter(label="下发党组织（含下级）", path_field="organization__path")
    period = django_filters.ChoiceFilter(label="周期", choices=Period.choices)
    year = django_filters.NumberFilter(
        label="年度", field_name="starts_on", lookup_expr="year", min_value=2000, max_value=2100
    )

    class Meta:
        model = StudyList
        fields = ["organization", "period", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)


class StudyLinkFilter(RefusingFilterSet):
    study_list = django_filters.NumberFilter(
        label="学习清单", field_name="topic__study_list", min_value=1, max_value=2**31 - 1
    )
    activity = django_filters.NumberFilter(label="会议", field_name="activity", min_value=1, max_value=2**31 - 1)

    class Meta:
        model = StudyLink
        fields = ["study_list", "activity"]


class TheoryGroupFilter(RefusingFilterSet):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")

    class Meta:
        model = TheoryGroup
        fields = ["organization"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)


class TheorySessionFilter(RefusingFilterSet):
    """One filterset for the session list, its export and the API; a refused query lists nothing."""

    organization = SubtreeFilter(label="党组织（含下级）", path_field="group__organization__path")
    group = django_filters.NumberFilter(label="中心组", field_name="group", min_value=1, max_value=2**31 - 1)
    year = django_filters.NumberFilter(
        label="年度", field_name="held_on", lookup_expr="year", min_value=2000, max_value=2100
    )

    class Meta:
        model = TheorySession
        fields = ["organization", "group", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)
