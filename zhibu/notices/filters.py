import django_filters
from django.db.models import Q

from zhibu.core.filters import RefusingFilterSet, YearFilter
from zhibu.notices.models import Category, Notice, Status, lineage_of
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization


class AddressedFilter(SubtreeFilter):
    """The notices an organisation's keepers deal with: those of its subtree and those published from above to it."""

    def __init__(self, **kwargs):
        super().__init__(path_field="organization__path", **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(
            Q(organization__path__startswith=value.path)
            | Q(organization__path__in=lineage_of([value.path]), status=Status.PUBLISHED)
        )


class NoticeFilter(RefusingFilterSet):
    """One filterset for the list page, its export and the API; a refused query lists nothing."""

    organization = AddressedFilter(label="党组织", help_text="该组织及下级公开的事项，以及上级向其公开的事项")
    category = django_filters.ChoiceFilter(label="公开类别", choices=Category.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices)
    year = YearFilter(label="年度", field_name="publish_from", lookup_expr="year")

    class Meta:
        model = Notice
        fields = ["organization", "category", "status", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)
